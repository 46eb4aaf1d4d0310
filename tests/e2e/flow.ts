import { createHash } from 'node:crypto';
import type { Express } from 'express';
import request from 'supertest';
import type { LocalIssuer } from '@sanshe/platform';

/**
 * The skeleton flow, through HTTP only, shared by the embedded and the distributed
 * suites. Each mode supplies how to wait for the events to travel and how to let
 * the tender deadline pass.
 */
export interface FlowDriver {
  app: Express;
  issuer: LocalIssuer;
  /** Waits until `probe` returns a value (not undefined); the events are on their way. */
  eventually<T>(probe: () => Promise<T | undefined>, what: string): Promise<T>;
  /** Lets the tender deadline pass (moves a manual clock, or waits for the real one). */
  passDeadline(deadline: string): Promise<void>;
  /** The system's clock: service periods and deadlines are set relative to it. */
  now(): Date;
  /**
   * Days from publication to the bid deadline, published with the project; without it
   * procurement applies its default tender period (a few seconds on real infrastructure).
   */
  bidPeriodDays?: number;
}

export const COMMUNITY = 'XZ-GL-HL-01';
export const GRID = 'XZ-GL-HL-01-G01';

/** The funder code of the programme the flow opens (its funder acts only for their own programmes). */
export const FUNDER_CODE = 'XZ-GL-MZJ-E2E';

export async function tokens(issuer: LocalIssuer, funderCode: string = FUNDER_CODE) {
  return {
    staff: await issuer.sign({ sub: 'staff-1', name: '王芳', roles: ['community_staff'], communities: [COMMUNITY] }),
    otherStaff: await issuer.sign({ sub: 'staff-2', roles: ['community_staff'], communities: ['XZ-YL-PL-01'] }),
    official: await issuer.sign({ sub: 'official-1', roles: ['official'] }),
    funder: await issuer.sign({ sub: 'funder-1', roles: ['funder'], funderCode }),
    admin: await issuer.sign({ sub: 'admin-1', roles: ['admin'] }),
  };
}

/** Valid codes of civil-affairs social organisations (check characters computed by the validator's rule). */
export const ORGANISATIONS = [
  { uscc: '52320300MJ1234567U', name: '徐州市彭城社工服务中心' },
  { uscc: '52320300MJ7654321Q', name: '鼓楼区阳光社会工作服务社' },
  { uscc: '51320300MJ0000001A', name: '徐州市志愿服务协会' },
];

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** A six-month service period starting a week from now (China's calendar date). */
function servicePeriod(now: Date): { start: string; end: string } {
  const start = new Date(now.getTime() + 7 * 86_400_000 + 8 * 3_600_000);
  const end = new Date(start);
  end.setUTCMonth(end.getUTCMonth() + 6);
  return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
}

export async function runFlow(driver: FlowDriver): Promise<{ caseNumbers: string[]; contractId: string }> {
  const { app, issuer, eventually } = driver;
  const t = await tokens(issuer);
  const http = request(app);

  // 1. Community staff log two needs and get case numbers.
  const needs = [];
  for (const description of ['独居老人需要每周上门探访', '失能老人需要康复护理指导']) {
    const res = await http
      .post('/api/intake/needs')
      .set(bearer(t.staff))
      .send({
        channel: 'window',
        category: 'elderly_care',
        attributes: { care_type: 'home_visit' },
        gridCode: GRID,
        urgency: 'high',
        beneficiaryCount: 1,
        beneficiaryGroups: ['elderly', 'living_alone'],
        description,
      });
    expect(res.status).toBe(201);
    expect(res.body.caseNumber).toMatch(/^NEED-\d{8}-[0-9A-Z]{6}$/);
    expect(res.body.status).toBe('logged');
    needs.push(res.body as { needId: string; caseNumber: string });
  }
  const needIds = needs.map((n) => n.needId);

  // 2. Project design sees them in its read model (built from events) and designs a project.
  await eventually(async () => {
    const res = await http.get('/api/design/open-needs').set(bearer(t.staff));
    const ids = (res.body.items as Array<{ needId: string }>).map((n) => n.needId);
    return needIds.every((id) => ids.includes(id)) ? true : undefined;
  }, 'open needs in the design read model');
  // A funder's programme pays for it; the project states what procurement will need.
  const { start, end } = servicePeriod(driver.now());
  const programme = await http
    .post('/api/design/programmes')
    .set(bearer(t.funder))
    .send({
      name: '鼓楼区政府购买社会工作服务（端到端测试）',
      funderCode: FUNDER_CODE,
      funderName: '鼓楼区民政局',
      fiscalYear: Number(start.slice(0, 4)),
      mode: 'government_purchase',
      budgetFen: 500_000_00,
    });
  expect(programme.status).toBe(201);
  const programmeId = programme.body.programmeId as string;
  const created = await http
    .post('/api/design/projects')
    .set(bearer(t.staff))
    .send({
      title: '黄楼社区居家养老服务项目',
      category: 'elderly_care',
      needIds,
      objectives: ['每周上门探访独居和失能老人，及时发现并处置风险'],
      kpis: [
        { kind: 'output', name: '上门探访人次', target: 96, unit: '人次', measurement: '服务记录统计' },
        { kind: 'outcome', name: '服务对象满意度', target: 90, unit: '%', measurement: '第三方评估问卷' },
      ],
      servicePeriod: { start, end },
      budgetLines: [
        { kind: 'personnel', description: '持证社工薪酬', amountFen: 80_000_00 },
        { kind: 'activities', description: '探访与康复指导', amountFen: 25_000_00 },
        { kind: 'materials', description: '血压计、康复辅具', amountFen: 10_000_00 },
        { kind: 'administration', description: '项目管理', amountFen: 5_000_00 },
      ],
      fundingMode: 'government_purchase',
      programmeId,
      procurementMethod: 'open_tender',
      eligibility: {
        organisationKinds: ['social_association', 'private_non_enterprise_unit'],
        serviceAreaCodes: [],
        minCertifiedSocialWorkerPercent: 50,
      },
      evaluationCriteria: [
        { code: 'price', name: '报价', kind: 'price', weight: 30 },
        { code: 'service_plan', name: '服务方案', kind: 'technical', weight: 50 },
        { code: 'team', name: '团队与资质', kind: 'qualification', weight: 20 },
      ],
    });
  expect(created.status).toBe(201);
  expect(created.body).toMatchObject({ status: 'draft', budgetFen: 120_000_00 });
  const projectId = created.body.projectId as string;
  const lint = await http.post(`/api/design/projects/${projectId}/lint`).set(bearer(t.staff));
  expect(lint.body.violations).toEqual([]);
  await eventually(async () => {
    const res = await http.get(`/api/intake/needs/${needIds[0]}`).set(bearer(t.staff));
    return res.body.status === 'in_project' ? true : undefined;
  }, 'need in project');

  // Organisations register while the project is approved (their codes are checked).
  const organisations: Array<{ organisationId: string; token: string }> = [];
  for (const org of ORGANISATIONS) {
    const res = await http
      .post('/api/procurement/organisations')
      .set(bearer(t.admin))
      .send({ ...org, legalRepresentative: '张伟', registeredOn: '2019-05-20', categories: ['elderly_care'] });
    expect(res.status).toBe(201);
    const organisationId = res.body.organisationId as string;
    // Only organisations whose registration an official verified may bid.
    const verified = await http
      .post(`/api/procurement/organisations/${organisationId}/verify`)
      .set(bearer(t.official))
      .send({});
    expect(verified.body.status).toBe('verified');
    const token = await issuer.sign({ sub: `org-user-${organisationId}`, roles: ['org_user'], organisationId });
    // The organisation lists its social workers; their certificates make its certified share.
    const team = await http
      .put(`/api/procurement/organisations/${organisationId}/social-workers`)
      .set(bearer(token))
      .send({
        workers: [
          {
            workerId: `${organisationId}-1`,
            name: '刘洋',
            certificateLevel: 'intermediate',
            certificateNumber: 'SW2020-0001',
          },
          {
            workerId: `${organisationId}-2`,
            name: '陈静',
            certificateLevel: 'assistant',
            certificateNumber: 'SW2022-0002',
          },
          { workerId: `${organisationId}-3`, name: '周磊', certificateLevel: 'none' },
        ],
      });
    expect(team.body.socialWorkers.certifiedPercent).toBe(66);
    organisations.push({ organisationId, token });
  }

  expect((await http.post(`/api/design/projects/${projectId}/submit`).set(bearer(t.staff))).status).toBe(200);
  expect((await http.post(`/api/design/projects/${projectId}/approve`).set(bearer(t.official))).status).toBe(200);
  const reserved = await http.get(`/api/design/programmes/${programmeId}`).set(bearer(t.funder));
  expect(reserved.body).toMatchObject({ reservedFen: 120_000_00, availableFen: 380_000_00 });
  const bidDeadline =
    driver.bidPeriodDays === undefined
      ? undefined
      : new Date(driver.now().getTime() + driver.bidPeriodDays * 86_400_000).toISOString();
  const published = await http
    .post(`/api/design/projects/${projectId}/publish`)
    .set(bearer(t.official))
    .send(bidDeadline ? { bidDeadline } : {});
  expect(published.status).toBe(200);

  // 3. Procurement opens a tender from project.published.
  const tender = await eventually(async () => {
    const res = await http.get(`/api/procurement/tenders?projectId=${projectId}`).set(bearer(t.official));
    return (
      res.body.items as Array<{
        tenderId: string;
        deadline: string;
        status: string;
        criteria: Array<{ code: string; kind: string; weight: number }>;
      }>
    )[0];
  }, 'tender opened');
  // Open for bids (the enquiry period runs within the tender period and ends first).
  expect(['enquiry', 'tendering']).toContain(tender.status);
  if (bidDeadline) expect(tender.deadline).toBe(bidDeadline);

  // Sealed bids: each organisation bids and keeps its commitment receipt.
  const prices = [110_000_00, 98_000_00, 105_000_00];
  const receipts: Array<{ bidId: string; commitment: string }> = [];
  for (const [i, org] of organisations.entries()) {
    const res = await http
      .post(`/api/procurement/tenders/${tender.tenderId}/bids`)
      .set(bearer(org.token))
      .send({ priceFen: prices[i], proposal: `服务方案 ${i + 1}：每周上门两次，配备持证社工。` });
    expect(res.status).toBe(201);
    expect(res.body.commitment).toMatch(/^[0-9a-f]{64}$/);
    receipts.push(res.body);
  }
  const sealed = await http.get(`/api/procurement/tenders/${tender.tenderId}/bids`).set(bearer(t.official));
  expect(sealed.status).toBe(409);
  expect(sealed.body.code).toBe('PROCUREMENT.BID_SEALED');

  // 4. At the deadline the tender closes (job + server clock); bids open together.
  await driver.passDeadline(tender.deadline);
  const late = await http
    .post(`/api/procurement/tenders/${tender.tenderId}/bids`)
    .set(bearer(organisations[0]!.token))
    .send({ priceFen: 1_00, proposal: 'too late to be considered' });
  expect(late.status).toBe(409);
  await eventually(async () => {
    const res = await http.get(`/api/procurement/tenders/${tender.tenderId}`).set(bearer(t.official));
    return res.body.status === 'closed' ? true : undefined;
  }, 'tender closed by its deadline job');
  const opened = await http.get(`/api/procurement/tenders/${tender.tenderId}/bids`).set(bearer(t.official));
  expect(opened.status).toBe(200);
  const bids = opened.body.items as Array<{
    bidId: string;
    organisationId: string;
    priceFen: number;
    proposal: string;
    nonce: string;
    commitment: string;
  }>;
  expect(bids).toHaveLength(3);
  for (const bid of bids) {
    // Anyone can recompute each commitment from the opened bid: nothing changed after sealing.
    const recomputed = createHash('sha256')
      .update(JSON.stringify([tender.tenderId, bid.organisationId, bid.priceFen, bid.proposal, bid.nonce]))
      .digest('hex');
    expect(recomputed).toBe(bid.commitment);
    expect(receipts.map((r) => r.commitment)).toContain(bid.commitment);
  }

  // 5. Qualification, a panel that declares no conflict of interest, per-evaluator scores,
  //    the price-score formula, then the award and its standstill period.
  const qualified = await http
    .post(`/api/procurement/tenders/${tender.tenderId}/qualification`)
    .set(bearer(t.official))
    .send({ decisions: bids.map((b) => ({ bidId: b.bidId, qualified: true })) });
  expect(qualified.status).toBe(200);
  expect(qualified.body.status).toBe('evaluation');
  const evaluators = ['evaluator-1', 'evaluator-2', 'evaluator-3'];
  expect(
    (
      await http
        .put(`/api/procurement/tenders/${tender.tenderId}/panel`)
        .set(bearer(t.official))
        .send({ evaluators: evaluators.map((sub, i) => ({ evaluatorId: sub, name: `评审专家${i + 1}` })) })
    ).status,
  ).toBe(200);
  const technical = new Map([
    [organisations[0]!.organisationId, 92],
    [organisations[1]!.organisationId, 80],
    [organisations[2]!.organisationId, 85],
  ]);
  const scored = tender.criteria.filter((c) => c.kind !== 'price');
  for (const sub of evaluators) {
    const token = await issuer.sign({ sub, roles: ['evaluator'] });
    const declared = await http
      .post(`/api/procurement/tenders/${tender.tenderId}/panel/declaration`)
      .set(bearer(token))
      .send({ conflictOfInterest: false, statement: '与投标人无利害关系' });
    expect(declared.status).toBe(200);
    const sheet = await http
      .put(`/api/procurement/tenders/${tender.tenderId}/panel/scores`)
      .set(bearer(token))
      .send({
        scores: bids.flatMap((b) =>
          scored.map((c) => ({ subjectId: b.bidId, criterionCode: c.code, score: technical.get(b.organisationId) })),
        ),
      });
    expect(sheet.status).toBe(200);
  }
  const evaluation = await http.post(`/api/procurement/tenders/${tender.tenderId}/evaluation`).set(bearer(t.official));
  expect(evaluation.status).toBe(200);
  expect(evaluation.body.basePriceFen).toBe(98_000_00);
  expect(evaluation.body.priceWeight).toBe(30);
  const winner = evaluation.body.ranking[0] as { organisationId: string; priceFen: number; totalScore: number };
  // org 1: 98/110 × 30 + 92 × 0.7 = 26.73 + 64.4 = 91.13 beats org 2: 30 + 56 = 86 and org 3: 28 + 59.5 = 87.5
  expect(winner.organisationId).toBe(organisations[0]!.organisationId);
  expect(winner.totalScore).toBeCloseTo(91.13, 2);
  const awarded = await http.post(`/api/procurement/tenders/${tender.tenderId}/award`).set(bearer(t.official)).send({});
  expect(awarded.status).toBe(200);
  expect(awarded.body.award).toMatchObject({ status: 'pending', organisationId: winner.organisationId });
  // No complaint during the standstill period: the award takes effect (tender.awarded) at its end.
  await driver.passDeadline(awarded.body.award.standstillEnd as string);

  // 6. Fulfilment signs the contract from tender.awarded.
  const contract = await eventually(async () => {
    const res = await http.get(`/api/fulfilment/contracts?tenderId=${tender.tenderId}`).set(bearer(t.official));
    return (
      res.body.items as Array<{
        contractId: string;
        valueFen: number;
        milestones: Array<{ milestoneId: string; kind: string }>;
        tranches: Array<{ trancheId: string; milestone: string; amountFen: number }>;
      }>
    )[0];
  }, 'contract signed');
  expect(contract.valueFen).toBe(110_000_00);
  expect(contract.tranches.reduce((sum, x) => sum + x.amountFen, 0)).toBe(110_000_00);
  await eventually(async () => {
    const res = await http.get(`/api/intake/needs/${needIds[1]}`).set(bearer(t.staff));
    return res.body.status === 'contracted' ? true : undefined;
  }, 'need contracted');

  // A social worker of the winning organisation delivers; another organisation cannot record.
  const worker = await issuer.sign({
    sub: 'worker-1',
    roles: ['social_worker'],
    organisationId: winner.organisationId,
  });
  const intruder = await issuer.sign({
    sub: 'worker-x',
    roles: ['social_worker'],
    organisationId: organisations[1]!.organisationId,
  });
  const record = {
    // Today in China (UTC+8), as fulfilment dates the records, whatever the hour in UTC.
    deliveredOn: new Date(driver.now().getTime() + 8 * 3_600_000).toISOString().slice(0, 10),
    hours: 2,
    serviceType: 'home_visit',
    notes: '血压正常',
  };
  const denied = await http
    .post(`/api/fulfilment/contracts/${contract.contractId}/service-records`)
    .set(bearer(intruder))
    .send({ ...record, needId: needIds[0] });
  expect(denied.status).toBe(403);
  for (const needId of needIds) {
    const res = await http
      .post(`/api/fulfilment/contracts/${contract.contractId}/service-records`)
      .set(bearer(worker))
      .send({ ...record, needId, completesNeed: true });
    expect(res.status).toBe(201);
  }

  // 7. The signing milestone is accepted and its tranche disbursed; an ungated tranche is refused.
  const signing = contract.milestones.find((m) => m.kind === 'signing')!;
  const signingTranche = contract.tranches.find((x) => x.milestone === 'signing')!;
  const finalTranche = contract.tranches.find((x) => x.milestone === 'final_acceptance')!;
  const early = await http
    .post(`/api/fulfilment/contracts/${contract.contractId}/tranches/${finalTranche.trancheId}/disburse`)
    .set(bearer(t.funder));
  expect(early.status).toBe(409);
  expect(
    (
      await http
        .post(`/api/fulfilment/contracts/${contract.contractId}/milestones/${signing.milestoneId}/accept`)
        .set(bearer(t.official))
    ).status,
  ).toBe(200);
  const paid = await http
    .post(`/api/fulfilment/contracts/${contract.contractId}/tranches/${signingTranche.trancheId}/disburse`)
    .set(bearer(t.funder));
  expect(paid.status).toBe(200);
  expect(paid.body.disbursedFen).toBe(signingTranche.amountFen);
  const twice = await http
    .post(`/api/fulfilment/contracts/${contract.contractId}/tranches/${signingTranche.trancheId}/disburse`)
    .set(bearer(t.funder));
  expect(twice.status).toBe(409);

  // 7b. A failed mid-term evaluation holds its tranche until the organisation's remediation is accepted.
  const evaluator = await issuer.sign({ sub: 'evaluator-1', roles: ['evaluator'] });
  const orgUser = await issuer.sign({ sub: 'org-user-1', roles: ['org_user'], organisationId: winner.organisationId });
  const midTerm = contract.milestones.find((m) => m.kind === 'mid_term_evaluation')!;
  const midTranche = contract.tranches.find((x) => x.milestone === 'mid_term_evaluation')!;
  const gatePath = `/api/fulfilment/contracts/${contract.contractId}/milestones/${midTerm.milestoneId}`;
  const failedGate = await http
    .post(`${gatePath}/evaluations`)
    .set(bearer(evaluator))
    .send({ score: 55, passed: false, summary: '走访频次未达标' });
  expect(failedGate.status).toBe(201);
  const payMid = () =>
    http
      .post(`/api/fulfilment/contracts/${contract.contractId}/tranches/${midTranche.trancheId}/disburse`)
      .set(bearer(t.funder));
  expect((await payMid()).status).toBe(409);
  const remediation = await http
    .post(`${gatePath}/remediations`)
    .set(bearer(orgUser))
    .send({ plan: '每周增加一次入户走访，补录服务台账' });
  expect(remediation.status).toBe(201);
  const remediationId = (remediation.body.remediations as Array<{ remediationId: string }>)[0]!.remediationId;
  expect((await payMid()).status).toBe(409);
  const remediated = await http
    .post(`${gatePath}/remediations/${remediationId}/decision`)
    .set(bearer(evaluator))
    .send({ accept: true, note: '整改到位' });
  expect(remediated.status).toBe(200);
  const paidMid = await payMid();
  expect(paidMid.status).toBe(200);
  expect(paidMid.body.disbursedFen).toBe(signingTranche.amountFen + midTranche.amountFen);

  // 7c. The funders' view (a projection of design's and fulfilment's events) shows both payments
  //     against the programme, by organisation too; officials see it, the organisation does not.
  const disbursed = signingTranche.amountFen + midTranche.amountFen;
  const funding = await eventually(async () => {
    const res = await http.get(`/api/fulfilment/funding?programmeId=${programmeId}`).set(bearer(t.funder));
    return res.status === 200 && res.body.totals.disbursedFen === disbursed ? res.body : undefined;
  }, "the disbursed payments in the funders' view");
  expect(funding.programmes).toEqual([expect.objectContaining({ programmeId, budgetFen: 500_000_00 })]);
  expect(funding.totals).toMatchObject({
    budgetedFen: 500_000_00,
    committedFen: 110_000_00,
    disbursedFen: disbursed,
    remainingFen: 500_000_00 - 110_000_00,
  });
  expect(funding.totals.burnRatePercent).toBeCloseTo((disbursed / 110_000_00) * 100, 1);
  const byOrganisation = await http
    .get(`/api/fulfilment/funding?programmeId=${programmeId}&by=organisation`)
    .set(bearer(t.official));
  expect(byOrganisation.body.rows).toEqual([
    expect.objectContaining({ key: winner.organisationId, committedFen: 110_000_00, disbursedFen: disbursed }),
  ]);
  expect((await http.get('/api/fulfilment/funding').set(bearer(orgUser))).status).toBe(403);

  // 8. Intake's timeline followed every step, for every need.
  for (const needId of needIds) {
    const timeline = await eventually(async () => {
      const res = await http.get(`/api/intake/needs/${needId}`).set(bearer(t.staff));
      return res.body.status === 'fulfilled' ? (res.body.timeline as Array<{ status: string }>) : undefined;
    }, 'need fulfilled');
    expect(timeline.map((e) => e.status)).toEqual(['logged', 'in_project', 'contracted', 'in_service', 'fulfilled']);
  }
  // Project design followed procurement and fulfilment: the project is in delivery, its contract linked.
  const followed = await eventually(async () => {
    const res = await http.get(`/api/design/projects/${projectId}`).set(bearer(t.staff));
    return res.body.status === 'in_delivery' ? (res.body as { contractIds: string[] }) : undefined;
  }, 'project in delivery');
  expect(followed.contractIds).toEqual([contract.contractId]);
  // Another community's staff cannot see these needs at all.
  expect((await http.get(`/api/intake/needs/${needIds[0]}`).set(bearer(t.otherStaff))).status).toBe(404);
  return { caseNumbers: needs.map((n) => n.caseNumber), contractId: contract.contractId };
}
