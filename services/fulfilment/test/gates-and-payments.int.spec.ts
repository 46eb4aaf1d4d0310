import { gate, startHarness, tranche, type ContractBody, type Harness } from './harness';

describe('evaluation gates, remediation, termination and payments (embedded)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const accept = (c: ContractBody, kind: string) =>
    h.post(`/contracts/${c.contractId}/milestones/${gate(c, kind).milestoneId}/accept`, h.tokens.official);
  const evaluate = (c: ContractBody, kind: string, passed: boolean, score: number, token = h.tokens.evaluator) =>
    h.post(`/contracts/${c.contractId}/milestones/${gate(c, kind).milestoneId}/evaluations`, token, {
      score,
      passed,
      summary: passed ? '服务记录完整，居民满意' : '服务记录不足，走访频次未达标',
    });
  const disburse = (c: ContractBody, milestone: string, token = h.tokens.funder) =>
    h.post(`/contracts/${c.contractId}/tranches/${tranche(c, milestone).trancheId}/disburse`, token);

  test('a failed mid-term gate holds its tranche until a remediation is accepted', async () => {
    const c = await h.tenderContract();
    expect((await accept(c, 'signing')).status).toBe(200);
    expect((await disburse(c, 'signing')).status).toBe(200);
    // An evaluated gate opens only by an evaluation, and only an evaluator evaluates.
    expect((await accept(c, 'mid_term_evaluation')).body.code).toBe('FULFILMENT.GATE_NEEDS_EVALUATION');
    expect((await evaluate(c, 'mid_term_evaluation', true, 90, h.tokens.official)).status).toBe(403);
    // The final gate cannot be evaluated before the mid-term one passes.
    expect((await evaluate(c, 'final_acceptance', true, 90)).status).toBe(409);

    const failed = await evaluate(c, 'mid_term_evaluation', false, 52);
    expect(failed.status).toBe(201);
    expect(gate(failed.body, 'mid_term_evaluation').status).toBe('failed');
    const held = await disburse(c, 'mid_term_evaluation');
    expect(held.status).toBe(409);
    expect(held.body.detail).toContain('held');
    expect((await evaluate(c, 'mid_term_evaluation', true, 80)).status).toBe(409);
    expect((await evaluate(c, 'final_acceptance', true, 90)).status).toBe(409);

    const path = `/contracts/${c.contractId}/milestones/${gate(c, 'mid_term_evaluation').milestoneId}/remediations`;
    const plan = { plan: '增加每周走访一次，补录服务台账，由督导逐条核对' };
    expect((await h.post(path, h.tokens.orgB, plan)).status).toBe(404);
    const submitted = await h.post(path, h.tokens.orgA, plan);
    expect(submitted.status).toBe(201);
    const remediationId = (submitted.body as ContractBody).remediations[0]!.remediationId;
    expect((await h.post(path, h.tokens.orgA, plan)).body.code).toBe('FULFILMENT.REMEDIATION_PENDING');
    expect((await disburse(c, 'mid_term_evaluation')).status).toBe(409);

    const decide = (accept: boolean, token = h.tokens.evaluator) =>
      h.post(`${path}/${remediationId}/decision`, token, { accept, note: '整改到位' });
    expect((await decide(true, h.tokens.orgA)).status).toBe(403);
    const accepted = await decide(true);
    expect(accepted.status).toBe(200);
    expect(gate(accepted.body, 'mid_term_evaluation').status).toBe('accepted');
    expect((await decide(true)).body.code).toBe('FULFILMENT.REMEDIATION_DECIDED');
    const paid = await disburse(c, 'mid_term_evaluation');
    expect(paid.status).toBe(200);
    expect(paid.body.disbursedFen).toBe(70_000_00);
    expect(tranche(paid.body, 'mid_term_evaluation').approvedBy).toBe('funder-1');

    await h.settle();
    const types = ['fulfilment.evaluation.recorded', 'fulfilment.remediation.accepted', 'fulfilment.payment.disbursed'];
    for (const type of types) expect(h.events(type).some((e) => e.data.contractId === c.contractId)).toBe(true);
  });

  test('a passed final gate completes the contract with its performance score; its tranche is then paid', async () => {
    const c = await h.tenderContract();
    await accept(c, 'signing');
    const code = (await h.get(`/contracts/${c.contractId}/needs/${c.needIds[0]}/resident-code`, h.tokens.official)).body
      .code as string;
    const day = await h.post(`/contracts/${c.contractId}/service-records/day`, h.tokens.workerA, {
      deliveredOn: '2026-03-02',
      records: [
        { needId: c.needIds[0], hours: 2, serviceType: 'home_visit', completesNeed: true, residentCode: code },
        { needId: c.needIds[1], hours: 1, serviceType: 'home_visit', completesNeed: true },
      ],
    });
    expect(day.status).toBe(201);
    await evaluate(c, 'mid_term_evaluation', false, 52);
    const path = `/contracts/${c.contractId}/milestones/${gate(c, 'mid_term_evaluation').milestoneId}/remediations`;
    const submitted = await h.post(path, h.tokens.orgA, { plan: '补齐服务台账并增加入户频次' });
    const remediationId = (submitted.body as ContractBody).remediations[0]!.remediationId;
    await h.post(`${path}/${remediationId}/decision`, h.tokens.evaluator, { accept: true });
    expect((await disburse(c, 'final_acceptance')).status).toBe(409);

    const final = await evaluate(c, 'final_acceptance', true, 90);
    expect(final.status).toBe(201);
    // evaluation (52 + 90) / 2 = 71, delivery 100, confirmation 50, first-time pass 50:
    // (50 × 71 + 20 × 100 + 15 × 50 + 15 × 50) / 100 = 70.5
    expect(final.body).toMatchObject({
      status: 'completed',
      completion: {
        performanceScore: 70.5,
        components: { evaluation: 71, delivery: 100, confirmation: 50, firstTimePass: 50 },
      },
    });
    expect((await evaluate(c, 'final_acceptance', true, 95)).status).toBe(409);
    expect((await disburse(c, 'signing')).status).toBe(200);
    expect((await disburse(c, 'mid_term_evaluation')).status).toBe(200);
    const last = await disburse(c, 'final_acceptance');
    expect(last.status).toBe(200);
    expect(last.body.disbursedFen).toBe(100_000_00);
    await h.settle();
    const completed = h.events('fulfilment.contract.completed').filter((e) => e.data.contractId === c.contractId);
    expect(completed).toHaveLength(1);
    expect(completed[0]!.data).toMatchObject({ performanceScore: 70.5, organisationId: h.orgA, tenderId: c.tenderId });
  });

  test('only a funder or official approves a payment; an organisation or evaluator cannot', async () => {
    const c = await h.tenderContract();
    await accept(c, 'signing');
    expect((await disburse(c, 'signing', h.tokens.orgA)).status).toBe(403);
    expect((await disburse(c, 'signing', h.tokens.evaluator)).status).toBe(403);
    expect((await disburse(c, 'signing', h.tokens.official)).status).toBe(200);
  });

  test('termination needs a reason, cancels unpaid tranches and stops services and payments', async () => {
    const c = await h.tenderContract();
    await accept(c, 'signing');
    const path = `/contracts/${c.contractId}/termination`;
    expect((await h.post(path, h.tokens.official, {})).status).toBe(400);
    // Whose fault must be stated: it decides whether the termination counts in the rating.
    const noFault = await h.post(path, h.tokens.official, { reason: '机构严重违约，未按合同提供服务' });
    expect(noFault.status).toBe(400);
    expect(noFault.body.errors).toEqual([expect.objectContaining({ field: 'body.fault' })]);
    const breach = { reason: '机构严重违约，未按合同提供服务', fault: 'organisation' };
    expect((await h.post(path, h.tokens.funder, breach)).status).toBe(403);
    const res = await h.post(path, h.tokens.official, breach);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'terminated', termination: breach });
    await h.settle();
    const [event] = h.events('fulfilment.contract.terminated').filter((e) => e.data.contractId === c.contractId);
    expect(event?.data).toMatchObject({ contractId: c.contractId, organisationId: c.organisationId, ...breach });
    expect((res.body as ContractBody).tranches.every((t) => t.status === 'cancelled')).toBe(true);
    expect((await disburse(c, 'signing')).status).toBe(409);
    const record = { needId: c.needIds[0], deliveredOn: '2026-03-02', hours: 2, serviceType: 'home_visit' };
    expect((await h.post(`/contracts/${c.contractId}/service-records`, h.tokens.workerA, record)).status).toBe(409);
    expect((await h.post(path, h.tokens.official, { reason: '再次终止合同', fault: 'none' })).status).toBe(409);
  });

  test('concurrent approvals pay each tranche once and never more than the contract value', async () => {
    const c = await h.tenderContract({
      tranches: [
        { percent: 30, milestone: 'signing' },
        { percent: 30, milestone: 'signing' },
        { percent: 40, milestone: 'mid_term_evaluation' },
      ],
    });
    await accept(c, 'signing');
    await evaluate(c, 'mid_term_evaluation', true, 88);
    const calls = c.tranches.flatMap((t) =>
      Array.from({ length: 6 }, (_, i) =>
        h.post(
          `/contracts/${c.contractId}/tranches/${t.trancheId}/disburse`,
          i % 2 ? h.tokens.funder : h.tokens.official,
        ),
      ),
    );
    // An amendment lowering the value races the payments: whatever order, the total stays within the value.
    calls.push(
      h.post(`/contracts/${c.contractId}/amendments`, h.tokens.official, { reason: '预算调整', valueFen: 80_000_00 }),
    );
    const results = await Promise.all(calls);
    const paid = results.slice(0, -1).filter((r) => r.status === 200);
    expect(results.slice(0, -1).every((r) => r.status === 200 || r.status === 409)).toBe(true);
    const after = (await h.get(`/contracts/${c.contractId}`, h.tokens.official)).body as ContractBody;
    const disbursed = after.tranches.filter((t) => t.status === 'disbursed');
    expect(paid).toHaveLength(disbursed.length);
    expect(after.disbursedFen).toBe(disbursed.reduce((s, t) => s + t.amountFen, 0));
    expect(after.disbursedFen).toBeLessThanOrEqual(after.valueFen);
    expect(after.tranches.reduce((s, t) => s + t.amountFen, 0)).toBe(after.valueFen);
    await h.settle();
    const events = h.events('fulfilment.payment.disbursed').filter((e) => e.data.contractId === c.contractId);
    expect(events).toHaveLength(disbursed.length);
    expect(new Set(events.map((e) => e.data.trancheId)).size).toBe(events.length);
  });
});
