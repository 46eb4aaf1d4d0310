import type { EventEnvelope } from '@sanshe/contracts';
import { gate, startHarness, type ContractBody, type Harness } from './harness';

describe('contracts from awards, amendments and who sees them (embedded)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  test('a tender award becomes one contract with gated tranches that add up to its value, even when redelivered', async () => {
    const contract = await h.tenderContract({ amountFen: 100_001 });
    expect(contract).toMatchObject({ status: 'active', revision: 1, valueFen: 100_001, disbursedFen: 0 });
    expect(contract.source).toMatchObject({ kind: 'tender' });
    expect(contract.tranches.reduce((s, t) => s + t.amountFen, 0)).toBe(100_001);
    expect(contract.milestones.map((m) => m.kind)).toEqual(['signing', 'mid_term_evaluation', 'final_acceptance']);
    expect(contract.period).toEqual({ startDate: '2026-03-02', endDate: '2027-03-01' });
    const signed = h.events('fulfilment.contract.signed').filter((e) => e.data.contractId === contract.contractId);
    expect(signed).toHaveLength(1);

    const award = h.system.host.inMemoryBus!.messages('procurement.tender.awarded').at(-1) as EventEnvelope;
    await h.publish({ ...award, id: `${award.id}-again` });
    const all = await h.get(`/contracts?tenderId=${contract.tenderId as string}`, h.tokens.official);
    expect(all.body.items).toHaveLength(1);
  });

  test('a venture-funding round award becomes one contract per grant on the grant schedule, once', async () => {
    const event = await h.roundAwarded([
      { organisationId: h.orgA, amountFen: 60_000_00 },
      { organisationId: h.orgB, amountFen: 40_000_00 },
    ]);
    const roundId = (event.data as { roundId: string }).roundId;
    await h.publish(event);
    await h.publish({ ...event, id: `${event.id}-again` });
    const res = await h.get(`/contracts?roundId=${roundId}`, h.tokens.funder);
    const items = res.body.items as ContractBody[];
    expect(items).toHaveLength(2);
    const a = items.find((c) => c.organisationId === h.orgA)!;
    expect(a).toMatchObject({ valueFen: 60_000_00, tenderId: null, needIds: [] });
    expect(a.tranches.map((t) => [t.milestone, t.amountFen])).toEqual([
      ['signing', 30_000_00],
      ['mid_term_evaluation', 18_000_00],
      ['final_acceptance', 12_000_00],
    ]);
    expect(h.events('fulfilment.grant.contracted').filter((e) => e.data.roundId === roundId)).toHaveLength(2);
  });

  test('an amendment needs a reason, makes a new revision and re-spreads the unpaid tranches', async () => {
    const contract = await h.tenderContract();
    const path = `/contracts/${contract.contractId}/amendments`;
    expect((await h.post(path, h.tokens.official, { valueFen: 90_000_00 })).status).toBe(400);
    expect((await h.post(path, h.tokens.orgA, { reason: '服务人数增加', valueFen: 1 })).status).toBe(403);

    await h.post(
      `/contracts/${contract.contractId}/milestones/${gate(contract, 'signing').milestoneId}/accept`,
      h.tokens.official,
    );
    const signingTranche = contract.tranches.find((t) => t.milestone === 'signing')!;
    expect(
      (await h.post(`/contracts/${contract.contractId}/tranches/${signingTranche.trancheId}/disburse`, h.tokens.funder))
        .status,
    ).toBe(200);

    const below = await h.post(path, h.tokens.official, { reason: '预算削减', valueFen: 10_000_00 });
    expect(below.status).toBe(409);
    expect(below.body.code).toBe('FULFILMENT.AMENDMENT_REFUSED');

    const res = await h.post(path, h.tokens.official, {
      reason: '服务对象由40人增至50人',
      valueFen: 120_000_00,
      endDate: '2027-06-30',
    });
    expect(res.status).toBe(201);
    const amended = res.body as ContractBody & { amendments: Array<Record<string, unknown>> };
    expect(amended).toMatchObject({ revision: 2, valueFen: 120_000_00, period: { endDate: '2027-06-30' } });
    expect(amended.amendments[0]).toMatchObject({
      revision: 2,
      reason: '服务对象由40人增至50人',
      previousValueFen: 100_000_00,
    });
    expect(amended.tranches.map((t) => t.amountFen)).toEqual([30_000_00, 51_428_57, 38_571_43]);
    expect(amended.tranches.reduce((s, t) => s + t.amountFen, 0)).toBe(120_000_00);
    const event = h.events('fulfilment.contract.amended').find((e) => e.data.contractId === contract.contractId);
    expect(event?.data).toMatchObject({ revision: 2, valueFen: 120_000_00, reason: '服务对象由40人增至50人' });
  });

  test("organisation A never sees or changes organisation B's contracts", async () => {
    const ofB = await h.tenderContract({ organisationId: h.orgB, organisationName: '乙机构' });
    expect((await h.get(`/contracts/${ofB.contractId}`, h.tokens.orgA)).status).toBe(404);
    expect((await h.get(`/contracts/${ofB.contractId}`, h.tokens.orgB)).status).toBe(200);
    const listA = await h.get('/contracts', h.tokens.orgA);
    expect((listA.body.items as ContractBody[]).every((c) => c.organisationId === h.orgA)).toBe(true);
    expect((listA.body.items as ContractBody[]).length).toBeGreaterThan(0);
    expect((await h.get(`/contracts?organisationId=${h.orgB}`, h.tokens.orgA)).body.items).toEqual([]);
    const record = { needId: ofB.needIds[0], deliveredOn: '2026-03-02', hours: 2, serviceType: 'home_visit' };
    expect((await h.post(`/contracts/${ofB.contractId}/service-records`, h.tokens.workerA, record)).status).toBe(403);
    expect((await h.post(`/contracts/${ofB.contractId}/service-records`, h.tokens.workerB, record)).status).toBe(201);
  });
});
