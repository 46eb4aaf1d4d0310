import { COMMUNITY, GRID, ORGANISATIONS, tokens } from '../e2e/flow';

/** The funder of the chaos flow's programme: its funder token acts for this code only. */
export const CHAOS_FUNDER_CODE = 'XZ-GL-MZJ-CHAOS';
import type { LocalIssuer } from '@sanshe/platform';
import { eventually, untilDefinitive, type Client, type Json, type Reply } from '../support/chaos-client';
import type { FaultInjector } from '../support/chaos-faults';

/**
 * The whole path (intake → design → procurement → fulfilment) for a few needs, the way
 * tests/e2e/flow.ts walks it, with faults at the moments that matter: an organisation bids
 * while procurement is killed and Redis restarts while the tender's closing job waits in it,
 * Kafka restarts while the award's standstill job fires,
 * and each of two tranches is paid by a storm of concurrent approvals while fulfilment is
 * killed (the first) or the MongoDB-wire server restarts (the second). Steps whose lost
 * answer would leave the test guessing run `calm` (no fault starts meanwhile).
 */
export interface DeepFlowResult {
  needIds: string[];
  programmeId: string;
  projectId: string;
  tenderId: string;
  contractId: string;
  organisationIds: string[];
  bidRequests: number;
  /** Whether the tender's deadline was still ahead when its faults were over (the job had to survive them). */
  deadlineAfterFaults: boolean;
  storms: Array<{ trancheId: string; requests: number; ok: number; refused: number; unanswered: number }>;
}

export interface DeepFlowContext {
  client: Client;
  issuer: LocalIssuer;
  faults: FaultInjector;
  /** Seconds from publication to the bid deadline (procurement's TENDER_PERIOD_SECONDS). */
  tenderPeriodSeconds: number;
  log: (line: string) => void;
}

type Tokens = Awaited<ReturnType<typeof tokens>>;

function expectStatus(reply: Reply, statuses: number[], what: string): Json {
  if (!statuses.includes(reply.status))
    throw new Error(`${what}: ${reply.status} ${reply.error ?? ''} ${JSON.stringify(reply.body).slice(0, 400)}`);
  return reply.body;
}

export async function runDeepFlow(ctx: DeepFlowContext): Promise<DeepFlowResult> {
  const { client, faults, issuer, log } = ctx;
  const t = await tokens(issuer, CHAOS_FUNDER_CODE);
  const calm = async (method: 'GET' | 'POST' | 'PUT', path: string, token: string, body: unknown, ok: number[]) =>
    expectStatus(await faults.calm(() => client.call(method, path, token, body)), ok, `${method} ${path}`);

  // 1. Two needs, logged and seen by design.
  const needIds: string[] = [];
  for (const description of ['独居老人需要每周上门探访（混沌测试）', '失能老人需要康复护理指导（混沌测试）']) {
    const body = await calm(
      'POST',
      '/api/intake/needs',
      t.staff,
      {
        channel: 'window',
        category: 'elderly_care',
        attributes: { care_type: 'home_visit' },
        gridCode: GRID,
        urgency: 'high',
        beneficiaryCount: 1,
        beneficiaryGroups: ['elderly', 'living_alone'],
        description,
      },
      [201],
    );
    needIds.push(String(body.needId));
  }
  await eventually(async () => {
    const res = await client.call('GET', `/api/design/open-needs?communityCode=${COMMUNITY}`, t.staff);
    const ids = ((res.body.items as Array<{ needId: string }> | undefined) ?? []).map((n) => n.needId);
    return needIds.every((id) => ids.includes(id)) ? true : undefined;
  }, 'the deep flow needs in the design read model');

  // 2. Programme, project, organisations, approval, publication.
  const { programme, project } = await designProject(ctx, t, calm, needIds);
  const organisations = await registerOrganisations(ctx, t, calm);
  await calm('POST', `/api/design/projects/${project}/submit`, t.staff, undefined, [200]);
  await calm('POST', `/api/design/projects/${project}/approve`, t.official, undefined, [200]);
  await calm('POST', `/api/design/projects/${project}/publish`, t.official, {}, [200]);
  const published = Date.now();
  log('deep flow: project published');

  // 3. Procurement opens the tender from design.project.published.
  const tender = await eventually(async () => {
    const res = await client.call('GET', `/api/procurement/tenders?projectId=${project}`, t.official);
    const first = (res.body.items as Array<{ tenderId: string; deadline: string; status: string }> | undefined)?.[0];
    // Open for bids: its public status is `enquiry` during the first part of the tender period.
    return first && ['enquiry', 'tendering'].includes(first.status) ? first : undefined;
  }, 'the tender open for bids');

  // 4. Bids: two organisations each send theirs twice at once; the third bids while procurement is killed.
  let bidRequests = 0;
  const bid = (i: number) => {
    bidRequests += 1;
    return client.call('POST', `/api/procurement/tenders/${tender.tenderId}/bids`, organisations[i]!.token, {
      priceFen: [110_000_00, 98_000_00, 105_000_00][i],
      proposal: `服务方案 ${i + 1}：每周上门两次，配备持证社工。`,
    });
  };
  for (const i of [0, 1]) {
    const replies = await faults.calm(() => Promise.all([bid(i), bid(i)]));
    for (const reply of replies) expectStatus(reply, [200, 201], `bid of organisation ${i + 1}`);
  }
  const [, third] = await Promise.all([
    faults.inject('procurement', 'a bid in flight'),
    untilDefinitive(() => bid(2), 'bid of organisation 3'),
  ]);
  expectStatus(third, [200, 201], 'bid of organisation 3');

  // 5. The closing job (scheduled when the tender opened, so it already outlived the kill above)
  //    waits in Redis through a Redis restart.
  await faults.inject('redis', 'the tender closing job waiting in Redis');
  const deadlineAfterFaults = Date.now() < new Date(tender.deadline).getTime();
  log(`deep flow: faults over ${deadlineAfterFaults ? 'before' : 'after'} the bid deadline`);
  await eventually(
    async () => {
      const res = await client.call('GET', `/api/procurement/tenders/${tender.tenderId}`, t.official);
      return res.body.status === 'closed' ? true : undefined;
    },
    `tender closed by its deadline job (published ${Math.round((Date.now() - published) / 1000)} s ago)`,
  );

  // 6. Qualification, panel, scores, evaluation, award.
  const opened = await calm('GET', `/api/procurement/tenders/${tender.tenderId}/bids`, t.official, undefined, [200]);
  const bids = opened.items as Array<{ bidId: string; organisationId: string }>;
  await calm(
    'POST',
    `/api/procurement/tenders/${tender.tenderId}/qualification`,
    t.official,
    { decisions: bids.map((b) => ({ bidId: b.bidId, qualified: true })) },
    [200],
  );
  await scoreAndAward(ctx, t, calm, tender.tenderId, bids);

  // 7. The standstill job fires while Kafka restarts; the award still reaches fulfilment.
  await faults.inject('kafka', 'the award standstill job and tender.awarded');
  const contract = await eventually(async () => {
    const res = await client.call('GET', `/api/fulfilment/contracts?tenderId=${tender.tenderId}`, t.official);
    return (
      res.body.items as
        | Array<{
            contractId: string;
            milestones: Array<{ milestoneId: string; kind: string }>;
            tranches: Array<{ trancheId: string; milestone: string }>;
          }>
        | undefined
    )?.[0];
  }, 'the contract signed from tender.awarded');
  log('deep flow: contract signed');

  // 8. Payment storms.
  const storms: DeepFlowResult['storms'] = [];
  const signing = contract.milestones.find((m) => m.kind === 'signing')!;
  await calm(
    'POST',
    `/api/fulfilment/contracts/${contract.contractId}/milestones/${signing.milestoneId}/accept`,
    t.official,
    undefined,
    [200],
  );
  const signingTranche = contract.tranches.find((x) => x.milestone === 'signing')!;
  storms.push(await storm(ctx, t, contract.contractId, signingTranche.trancheId, 'fulfilment'));
  const midTerm = contract.milestones.find((m) => m.kind === 'mid_term_evaluation');
  const midTranche = contract.tranches.find((x) => x.milestone === 'mid_term_evaluation');
  if (midTerm && midTranche) {
    const evaluator = await issuer.sign({ sub: 'evaluator-1', roles: ['evaluator'] });
    await calm(
      'POST',
      `/api/fulfilment/contracts/${contract.contractId}/milestones/${midTerm.milestoneId}/evaluations`,
      evaluator,
      { score: 86, passed: true, summary: '中期评估通过' },
      [201],
    );
    storms.push(await storm(ctx, t, contract.contractId, midTranche.trancheId, 'mongo'));
  }

  // 9. Service delivered: every need fulfilled.
  const winner = await calm('GET', `/api/fulfilment/contracts/${contract.contractId}`, t.official, undefined, [200]);
  const worker = await issuer.sign({
    sub: 'worker-1',
    roles: ['social_worker'],
    organisationId: String(winner.organisationId),
  });
  for (const needId of needIds) {
    await calm(
      'POST',
      `/api/fulfilment/contracts/${contract.contractId}/service-records`,
      worker,
      {
        needId,
        deliveredOn: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10),
        hours: 2,
        serviceType: 'home_visit',
        notes: '血压正常',
        completesNeed: true,
      },
      [201],
    );
  }
  return {
    needIds,
    programmeId: programme,
    projectId: project,
    tenderId: tender.tenderId,
    contractId: contract.contractId,
    organisationIds: organisations.map((o) => o.organisationId),
    bidRequests,
    deadlineAfterFaults,
    storms,
  };
}

type Calm = (method: 'GET' | 'POST' | 'PUT', path: string, token: string, body: unknown, ok: number[]) => Promise<Json>;

async function designProject(ctx: DeepFlowContext, t: Tokens, calm: Calm, needIds: string[]) {
  const start = new Date(Date.now() + 7 * 86_400_000 + 8 * 3_600_000);
  const end = new Date(start);
  end.setUTCMonth(end.getUTCMonth() + 6);
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const programme = await calm(
    'POST',
    '/api/design/programmes',
    t.funder,
    {
      name: '鼓楼区政府购买社会工作服务（混沌测试）',
      funderCode: CHAOS_FUNDER_CODE,
      funderName: '鼓楼区民政局',
      fiscalYear: start.getUTCFullYear(),
      mode: 'government_purchase',
      budgetFen: 500_000_00,
    },
    [201],
  );
  const project = await calm(
    'POST',
    '/api/design/projects',
    t.staff,
    {
      title: '黄楼社区居家养老服务项目（混沌测试）',
      category: 'elderly_care',
      needIds,
      objectives: ['每周上门探访独居和失能老人，及时发现并处置风险'],
      kpis: [
        { kind: 'output', name: '上门探访人次', target: 96, unit: '人次', measurement: '服务记录统计' },
        { kind: 'outcome', name: '服务对象满意度', target: 90, unit: '%', measurement: '第三方评估问卷' },
      ],
      servicePeriod: { start: day(start), end: day(end) },
      budgetLines: [
        { kind: 'personnel', description: '持证社工薪酬', amountFen: 80_000_00 },
        { kind: 'activities', description: '探访与康复指导', amountFen: 25_000_00 },
        { kind: 'materials', description: '血压计、康复辅具', amountFen: 10_000_00 },
        { kind: 'administration', description: '项目管理', amountFen: 5_000_00 },
      ],
      fundingMode: 'government_purchase',
      programmeId: programme.programmeId,
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
    },
    [201],
  );
  ctx.log('deep flow: project designed');
  return { programme: String(programme.programmeId), project: String(project.projectId) };
}

async function registerOrganisations(ctx: DeepFlowContext, t: Tokens, calm: Calm) {
  const organisations: Array<{ organisationId: string; token: string }> = [];
  for (const org of ORGANISATIONS) {
    const registered = await calm(
      'POST',
      '/api/procurement/organisations',
      t.admin,
      { ...org, legalRepresentative: '张伟', registeredOn: '2019-05-20', categories: ['elderly_care'] },
      [201],
    );
    const organisationId = String(registered.organisationId);
    await calm('POST', `/api/procurement/organisations/${organisationId}/verify`, t.official, {}, [200]);
    const token = await ctx.issuer.sign({ sub: `org-user-${organisationId}`, roles: ['org_user'], organisationId });
    await calm(
      'PUT',
      `/api/procurement/organisations/${organisationId}/social-workers`,
      token,
      {
        workers: [
          { workerId: `${organisationId}-1`, name: '刘洋', certificateLevel: 'intermediate', certificateNumber: 'SW1' },
          { workerId: `${organisationId}-2`, name: '陈静', certificateLevel: 'assistant', certificateNumber: 'SW2' },
          { workerId: `${organisationId}-3`, name: '周磊', certificateLevel: 'none' },
        ],
      },
      [200],
    );
    organisations.push({ organisationId, token });
  }
  return organisations;
}

async function scoreAndAward(
  ctx: DeepFlowContext,
  t: Tokens,
  calm: Calm,
  tenderId: string,
  bids: Array<{ bidId: string; organisationId: string }>,
) {
  const evaluators = ['evaluator-1', 'evaluator-2', 'evaluator-3'];
  await calm(
    'PUT',
    `/api/procurement/tenders/${tenderId}/panel`,
    t.official,
    { evaluators: evaluators.map((sub, i) => ({ evaluatorId: sub, name: `评审专家${i + 1}` })) },
    [200],
  );
  const tender = await calm('GET', `/api/procurement/tenders/${tenderId}`, t.official, undefined, [200]);
  const scored = (tender.criteria as Array<{ code: string; kind: string }>).filter((c) => c.kind !== 'price');
  for (const sub of evaluators) {
    const token = await ctx.issuer.sign({ sub, roles: ['evaluator'] });
    await calm(
      'POST',
      `/api/procurement/tenders/${tenderId}/panel/declaration`,
      token,
      { conflictOfInterest: false, statement: '与投标人无利害关系' },
      [200],
    );
    await calm(
      'PUT',
      `/api/procurement/tenders/${tenderId}/panel/scores`,
      token,
      {
        scores: bids.flatMap((b, i) =>
          scored.map((c) => ({ subjectId: b.bidId, criterionCode: c.code, score: 80 + i })),
        ),
      },
      [200],
    );
  }
  await calm('POST', `/api/procurement/tenders/${tenderId}/evaluation`, t.official, undefined, [200]);
  await calm('POST', `/api/procurement/tenders/${tenderId}/award`, t.official, {}, [200]);
  ctx.log('deep flow: awarded');
}

/**
 * Eight approvals of one tranche at once (funder and official), with a fault in the middle of
 * them, then two more once everything is back: the invariants check that it was paid once.
 */
async function storm(
  ctx: DeepFlowContext,
  t: Tokens,
  contractId: string,
  trancheId: string,
  fault: 'fulfilment' | 'mongo',
): Promise<DeepFlowResult['storms'][number]> {
  const pay = (i: number) =>
    ctx.client.call(
      'POST',
      `/api/fulfilment/contracts/${contractId}/tranches/${trancheId}/disburse`,
      i % 2 === 0 ? t.funder : t.official,
      undefined,
    );
  const first = Array.from({ length: 8 }, (_, i) => pay(i));
  const [replies] = await Promise.all([Promise.all(first), ctx.faults.inject(fault, 'a storm of tranche approvals')]);
  const after = await Promise.all([0, 1].map((i) => untilDefinitive(() => pay(i), 'a repeated tranche approval')));
  const all = [...replies, ...after];
  ctx.log(`deep flow: storm on a tranche with ${fault} fault: ${all.map((r) => r.status).join(',')}`);
  return {
    trancheId,
    requests: all.length,
    ok: all.filter((r) => r.status === 200).length,
    refused: all.filter((r) => r.status === 409).length,
    unanswered: all.filter((r) => r.status === 0 || r.status >= 500).length,
  };
}
