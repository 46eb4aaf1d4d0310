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
}

export const COMMUNITY = 'XZ-GL-HL-01';
export const GRID = 'XZ-GL-HL-01-G01';

export async function tokens(issuer: LocalIssuer) {
  return {
    staff: await issuer.sign({ sub: 'staff-1', name: '王芳', roles: ['community_staff'], communities: [COMMUNITY] }),
    otherStaff: await issuer.sign({ sub: 'staff-2', roles: ['community_staff'], communities: ['XZ-YL-PL-01'] }),
    official: await issuer.sign({ sub: 'official-1', roles: ['official'] }),
    funder: await issuer.sign({ sub: 'funder-1', roles: ['funder'] }),
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
  const created = await http.post('/api/design/projects').set(bearer(t.staff)).send({
    title: '黄楼社区居家养老服务项目',
    category: 'elderly_care',
    needIds,
    budgetFen: 120_000_00,
    fundingMode: 'government_purchase',
  });
  expect(created.status).toBe(201);
  const projectId = created.body.projectId as string;
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
    organisations.push({
      organisationId,
      token: await issuer.sign({ sub: `org-user-${organisationId}`, roles: ['org_user'], organisationId }),
    });
  }

  expect((await http.post(`/api/design/projects/${projectId}/approve`).set(bearer(t.official))).status).toBe(200);
  expect((await http.post(`/api/design/projects/${projectId}/publish`).set(bearer(t.official))).status).toBe(200);

  // 3. Procurement opens a tender from project.published.
  const tender = await eventually(async () => {
    const res = await http.get(`/api/procurement/tenders?projectId=${projectId}`).set(bearer(t.official));
    return (res.body.items as Array<{ tenderId: string; deadline: string; status: string }>)[0];
  }, 'tender opened');
  expect(tender.status).toBe('tendering');

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

  // 5. Scoring with the price-score formula, then the award.
  const technical = new Map([
    [organisations[0]!.organisationId, 92],
    [organisations[1]!.organisationId, 80],
    [organisations[2]!.organisationId, 85],
  ]);
  const evaluation = await http
    .post(`/api/procurement/tenders/${tender.tenderId}/evaluation`)
    .set(bearer(t.official))
    .send({
      priceWeight: 30,
      technicalScores: bids.map((b) => ({ bidId: b.bidId, score: technical.get(b.organisationId) })),
    });
  expect(evaluation.status).toBe(200);
  expect(evaluation.body.basePriceFen).toBe(98_000_00);
  const winner = evaluation.body.ranking[0] as { organisationId: string; priceFen: number; totalScore: number };
  // org 1: 98/110 × 30 + 92 × 0.7 = 26.73 + 64.4 = 91.13 beats org 2: 30 + 56 = 86 and org 3: 28 + 59.5 = 87.5
  expect(winner.organisationId).toBe(organisations[0]!.organisationId);
  expect(winner.totalScore).toBeCloseTo(91.13, 2);
  expect(
    (await http.post(`/api/procurement/tenders/${tender.tenderId}/award`).set(bearer(t.official)).send({})).status,
  ).toBe(200);

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
  const record = { deliveredOn: '2026-03-10', hours: 2, serviceType: 'home_visit', notes: '血压正常' };
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

  // 8. Intake's timeline followed every step, for every need.
  for (const needId of needIds) {
    const timeline = await eventually(async () => {
      const res = await http.get(`/api/intake/needs/${needId}`).set(bearer(t.staff));
      return res.body.status === 'fulfilled' ? (res.body.timeline as Array<{ status: string }>) : undefined;
    }, 'need fulfilled');
    expect(timeline.map((e) => e.status)).toEqual(['logged', 'in_project', 'contracted', 'in_service', 'fulfilled']);
  }
  // Another community's staff cannot see these needs at all.
  expect((await http.get(`/api/intake/needs/${needIds[0]}`).set(bearer(t.otherStaff))).status).toBe(404);
  return { caseNumbers: needs.map((n) => n.caseNumber), contractId: contract.contractId };
}
