import {
  OrganisationRegistered,
  ProgrammeOpened,
  ProjectPublished,
  RoundAwarded,
  TenderAwarded,
  type EventData,
  type EventDefinition,
  type EventEnvelope,
} from '@sanshe/contracts';
import { createEvent, newId, type ManualClock } from '@sanshe/platform';
import type request from 'supertest';
import type { z } from 'zod';
import type { ContractBody } from './harness';

/** What the exports suites need from a running fulfilment, embedded or on the MongoDB-wire server. */
export interface ExportsDriver {
  clock: ManualClock;
  http(): ReturnType<typeof request>;
  sign(principal: { sub: string; roles: string[]; organisationId?: string; funderCode?: string }): Promise<string>;
  /** Publishes an event and returns once fulfilment has handled it (and what followed from it). */
  publish(event: EventEnvelope): Promise<void>;
  close(): Promise<void>;
}

export const PREFIX = '360G-xz-gulou-test';
export const EXPORTS_ENV = { FULFILMENT_360_PREFIX: PREFIX };

const cause = (id: string) => ({ correlationId: `exports-${id}`, causationId: null });

/**
 * The world both suites export: two rounds of grants (one from a programme with a project
 * serving two communities, one with neither), a tender contract, and grants paid, amended,
 * terminated and completed; with the private facts (need ids, resident codes, staff ids,
 * reasons) that must never appear in an export.
 */
export async function buildExportsWorld(d: ExportsDriver) {
  const tokens = {
    official: await d.sign({ sub: 'official-od-7', roles: ['official'] }),
    // The funder of the world's programme (GL-MZJ below): a funder pays only their own programmes' tranches.
    funder: await d.sign({ sub: 'funder-od-7', roles: ['funder'], funderCode: 'GL-MZJ' }),
    evaluator: await d.sign({ sub: 'evaluator-od-7', roles: ['evaluator'] }),
  };
  const ids = {
    programmeId: newId(),
    ventureProjectId: newId(),
    tenderProjectId: newId(),
    orgA: newId(),
    orgB: newId(),
    orgC: newId(),
    round1: newId(),
    round2: newId(),
  };
  const usccA = '52320300MJ1234567U';
  const usccB = '51320300MJ0000001A';
  const at = () => d.clock.now();
  const iso = () => at().toISOString();
  const envelope = <T extends string, D extends z.ZodType>(
    event: EventDefinition<T, D>,
    subject: string,
    data: z.input<D>,
  ) => createEvent(event, { source: '/sanshe/test', subject, now: at(), cause: cause(subject), data });

  await d.publish(
    envelope(ProgrammeOpened, ids.programmeId, {
      programmeId: ids.programmeId,
      name: '2026年鼓楼区公益创投资金',
      funderCode: 'GL-MZJ',
      funderName: '鼓楼区民政局',
      fiscalYear: 2026,
      mode: 'venture_funding',
      budgetFen: 1_000_000_00,
      matchingPercent: 0,
      maxGrantFen: null,
      openedAt: iso(),
    }),
  );
  for (const [organisationId, uscc, name] of [
    [ids.orgA, usccA, '鼓楼区乐龄社工服务中心'],
    [ids.orgB, usccB, '鼓楼区邻里互助协会'],
  ] as const)
    await d.publish(
      envelope(OrganisationRegistered, organisationId, {
        organisationId,
        uscc,
        name,
        kind: uscc.startsWith('51') ? 'social_association' : 'private_non_enterprise_unit',
        categories: ['elderly_care'],
        serviceAreaCodes: ['XZ-GL-HL'],
      }),
    );
  const project = (
    projectId: string,
    communityCodes: string[],
    fundingMode: 'venture_funding' | 'government_purchase',
  ) =>
    envelope(ProjectPublished, projectId, {
      projectId,
      programmeId: ids.programmeId,
      title: '黄楼社区老年助餐',
      category: 'elderly_care',
      communityCodes,
      needIds: [newId()],
      budgetFen: 200_000_00,
      fundingMode,
      tranches: [{ percent: 100, milestone: 'signing' }],
      publishedAt: iso(),
      objectives: ['每周为独居老人送餐三次', '建立社区助餐点'],
    });
  await d.publish(project(ids.ventureProjectId, ['XZ-GL-HL-01', 'XZ-GL-HL-02'], 'venture_funding'));
  await d.publish(project(ids.tenderProjectId, ['XZ-GL-HL-03'], 'government_purchase'));

  const grant = (organisationId: string, organisationName: string, title: string, amountFen: number, rank: number) => ({
    grantId: newId(),
    applicationId: newId(),
    organisationId,
    organisationName,
    title,
    category: 'elderly_care',
    amountFen,
    matchingFundsFen: 0,
    rank,
    totalScore: 95 - rank,
  });
  const round1: EventData<typeof RoundAwarded> = {
    roundId: ids.round1,
    title: '2026年鼓楼区公益创投',
    programmeId: ids.programmeId,
    projectId: ids.ventureProjectId,
    budgetFen: 500_000_00,
    awardedFen: 100_000_00 + 33_333_33 + 12_345_67,
    grants: [
      grant(ids.orgA, '鼓楼区乐龄社工服务中心', '独居老人送餐', 100_000_00, 1),
      grant(ids.orgB, '鼓楼区邻里互助协会', '邻里守望', 33_333_33, 2),
      grant(ids.orgA, '鼓楼区乐龄社工服务中心', '助餐点建设', 12_345_67, 3),
    ],
    awardedAt: iso(),
  };
  const round2: EventData<typeof RoundAwarded> = {
    roundId: ids.round2,
    title: '2026年社区微创投',
    programmeId: null,
    projectId: null,
    budgetFen: 50_000_00,
    awardedFen: 20_000_00,
    grants: [grant(ids.orgC, '未登记的社区自组织', '楼道微更新', 20_000_00, 1)],
    awardedAt: iso(),
  };
  await d.publish(envelope(RoundAwarded, ids.round1, round1));
  await d.publish(envelope(RoundAwarded, ids.round2, round2));
  const tenderId = newId();
  const tenderAward: EventData<typeof TenderAwarded> = {
    tenderId,
    projectId: ids.tenderProjectId,
    awardId: newId(),
    title: '黄楼社区居家养老服务项目',
    category: 'elderly_care',
    needIds: [newId(), newId()],
    organisationId: ids.orgA,
    organisationName: '鼓楼区乐龄社工服务中心',
    amountFen: 80_000_00,
    fundingMode: 'government_purchase',
    tranches: [{ percent: 100, milestone: 'signing' }],
    awardedAt: iso(),
  };
  await d.publish(envelope(TenderAwarded, tenderId, tenderAward));

  const asOfficial = (path: string) =>
    d.http().get(`/api/fulfilment${path}`).set('Authorization', `Bearer ${tokens.official}`);
  const post = (path: string, token: string, body: object = {}) =>
    d.http().post(`/api/fulfilment${path}`).set('Authorization', `Bearer ${token}`).send(body);
  const contractsOf = async (query: string) => (await asOfficial(`/contracts?${query}`)).body.items as ContractBody[];
  const byGrant = new Map(
    [...(await contractsOf(`roundId=${ids.round1}`)), ...(await contractsOf(`roundId=${ids.round2}`))].map((c) => [
      (c.source as { grantId: string }).grantId,
      c,
    ]),
  );
  const [g1, g2, g3] = round1.grants.map((g) => byGrant.get(g.grantId)!);
  const g4 = byGrant.get(round2.grants[0]!.grantId)!;
  const tender = (await contractsOf(`tenderId=${tenderId}`))[0]!;
  if (!g1 || !g2 || !g3 || !g4 || !tender) throw new Error('the awards did not become contracts');
  const residentCode = (
    await asOfficial(`/contracts/${tender.contractId}/needs/${tenderAward.needIds[0]}/resident-code`)
  ).body.code as string;
  if (!/^[0-9A-Z]{6}$/.test(residentCode)) throw new Error('no resident code to look for');

  const ok = async (res: Promise<{ status: number; body: unknown }>, what: string) => {
    const r = await res;
    if (r.status >= 300) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
  };
  const gate = (c: ContractBody, kind: string) => c.milestones.find((m) => m.kind === kind)!.milestoneId;
  const trancheOf = (c: ContractBody, kind: string) => c.tranches.find((t) => t.milestone === kind)!.trancheId;

  // A day later: the signing tranches of the first round are paid.
  d.clock.advance(86_400_000);
  for (const c of [g1, g2, g3]) {
    await ok(post(`/contracts/${c.contractId}/milestones/${gate(c, 'signing')}/accept`, tokens.official), 'accept');
    await ok(post(`/contracts/${c.contractId}/tranches/${trancheOf(c, 'signing')}/disburse`, tokens.funder), 'pay');
  }
  // A month later: one grant amended, one terminated, one completed.
  d.clock.advance(30 * 86_400_000);
  const changedFrom = iso();
  const reasons = {
    amendment: '服务对象增加至六十人',
    termination: '机构负责人失联，无法继续履约',
    summary: '送餐记录完整',
  };
  await ok(
    post(`/contracts/${g1.contractId}/amendments`, tokens.official, {
      reason: reasons.amendment,
      valueFen: 120_000_00,
      endDate: '2027-06-01',
    }),
    'amend',
  );
  await ok(
    post(`/contracts/${g2.contractId}/termination`, tokens.official, {
      reason: reasons.termination,
      fault: 'organisation',
    }),
    'end',
  );
  for (const kind of ['mid_term_evaluation', 'final_acceptance'])
    await ok(
      post(`/contracts/${g3.contractId}/milestones/${gate(g3, kind)}/evaluations`, tokens.evaluator, {
        score: 90,
        passed: true,
        summary: reasons.summary,
      }),
      'evaluate',
    );
  // A redelivered round award (a new envelope, the same grants) changes nothing.
  await d.publish(envelope(RoundAwarded, ids.round1, round1));

  return {
    ids,
    usccA,
    round1,
    round2,
    contracts: { g1, g2, g3, g4, tender },
    changedFrom,
    /** Facts that must not appear in any export. */
    secrets: [
      ...tenderAward.needIds,
      residentCode,
      'official-od-7',
      'funder-od-7',
      'evaluator-od-7',
      reasons.amendment,
      reasons.termination,
      reasons.summary,
    ],
  };
}

export type ExportsWorld = Awaited<ReturnType<typeof buildExportsWorld>>;
