import request from 'supertest';
import { NeedLogged, type EventDefinition, type EventEnvelope } from '@sanshe/contracts';
import type { z } from 'zod';
import {
  createEvent,
  createLocalIssuer,
  createLogger,
  loadConfig,
  ManualClock,
  newCaseNumber,
  newId,
  startHost,
  type Host,
  type LocalIssuer,
} from '@sanshe/platform';
import { createProjectDesign, DesignSettings } from '@sanshe/project-design';

/**
 * project-design alone on the embedded adapters: intake's, procurement's and
 * fulfilment's events are published onto the in-process bus by the tests, so each
 * fact (late, repeated, out of order) is under the test's control.
 */
export interface DesignSystem {
  host: Host;
  issuer: LocalIssuer;
  clock: ManualClock;
  http: () => ReturnType<typeof request>;
  as: (token: string) => { Authorization: string };
  publish(events: EventEnvelope[]): Promise<void>;
  published<T = Record<string, unknown>>(type: string): Array<{ subject: string; data: T }>;
}

export async function startDesign(
  options: { start?: string; env?: Record<string, string> } = {},
): Promise<DesignSystem> {
  const clock = new ManualClock(options.start ?? '2026-03-02T01:00:00.000Z');
  const issuer = await createLocalIssuer();
  const settings = loadConfig(DesignSettings, options.env ?? {});
  const host = await startHost({
    mode: { kind: 'embedded' },
    services: [{ name: 'project-design', build: (deps) => createProjectDesign(deps, settings) }],
    logger: createLogger({ name: 'design-test', level: 'silent' }),
    clock,
    verifier: issuer.verifier,
  });
  return {
    host,
    issuer,
    clock,
    http: () => request(host.app),
    as: (token) => ({ Authorization: `Bearer ${token}` }),
    async publish(events) {
      await host.bus.publish(events);
      await host.settle();
    },
    published: <T>(type: string) => host.inMemoryBus!.messages(type) as Array<{ subject: string; data: T }>,
  };
}

export const HL1 = { district: 'XZ-GL', street: 'XZ-GL-HL', community: 'XZ-GL-HL-01', grid: 'XZ-GL-HL-01-G01' };
export const HL2 = { district: 'XZ-GL', street: 'XZ-GL-HL', community: 'XZ-GL-HL-02', grid: 'XZ-GL-HL-02-G01' };
export const FC1 = { district: 'XZ-GL', street: 'XZ-GL-FC', community: 'XZ-GL-FC-01', grid: 'XZ-GL-FC-01-G01' };
export const PL1 = { district: 'XZ-YL', street: 'XZ-YL-PL', community: 'XZ-YL-PL-01', grid: 'XZ-YL-PL-01-G01' };
export type Place = typeof HL1;

const cause = { correlationId: 'test', causationId: null };

/** intake.need.logged as intake publishes it (no personal data). */
export function needLogged(
  place: Place,
  overrides: Partial<{
    needId: string;
    category: string;
    urgency: 'low' | 'normal' | 'high' | 'critical';
    beneficiaryCount: number;
    beneficiaryGroups: Array<'elderly' | 'child' | 'disabled' | 'entitled_group' | 'low_income' | 'living_alone'>;
    loggedAt: string;
  }> = {},
): EventEnvelope {
  const needId = overrides.needId ?? newId();
  const loggedAt = overrides.loggedAt ?? '2026-03-01T02:00:00.000Z';
  return createEvent(NeedLogged, {
    source: '/sanshe/needs-intake',
    subject: needId,
    now: new Date(loggedAt),
    cause,
    data: {
      needId,
      caseNumber: newCaseNumber(new Date(loggedAt)),
      category: overrides.category ?? 'elderly_care',
      channel: 'window',
      districtCode: place.district,
      streetCode: place.street,
      communityCode: place.community,
      gridCode: place.grid,
      urgency: overrides.urgency ?? 'high',
      beneficiaryCount: overrides.beneficiaryCount ?? 1,
      beneficiaryGroups: overrides.beneficiaryGroups ?? ['elderly', 'living_alone'],
      loggedAt,
    },
  });
}

/** Any other event of the catalog, built and validated by its definition. */
export function event<TType extends string, TData extends z.ZodType>(
  definition: EventDefinition<TType, TData>,
  subject: string,
  data: z.input<TData>,
  at = '2026-03-02T00:00:00.000Z',
): EventEnvelope {
  return createEvent(definition, { source: '/sanshe/test', subject, now: new Date(at), cause, data });
}

/** The funder `tokens().funder` acts for: the programmes it opens and reads carry this code. */
export const FUNDER_CODE = 'XZ-T-FUND';

/** A funder acting for `funderCode` (a funder sees and opens only their own programmes). */
export const funderToken = (issuer: LocalIssuer, funderCode: string, sub = `funder-${funderCode}`) =>
  issuer.sign({ sub, roles: ['funder'], funderCode });

export async function tokens(issuer: LocalIssuer) {
  return {
    staff: await issuer.sign({ sub: 'staff-hl1', roles: ['community_staff'], communities: [HL1.community] }),
    staffBoth: await issuer.sign({
      sub: 'staff-hl',
      roles: ['community_staff'],
      communities: [HL1.community, HL2.community],
    }),
    otherStaff: await issuer.sign({ sub: 'staff-pl', roles: ['community_staff'], communities: [PL1.community] }),
    street: await issuer.sign({ sub: 'street-hl', roles: ['street_official'], communities: [HL1.street] }),
    otherStreet: await issuer.sign({ sub: 'street-fc', roles: ['street_official'], communities: [FC1.street] }),
    official: await issuer.sign({ sub: 'official-gl', roles: ['official'] }),
    official2: await issuer.sign({ sub: 'official-gl-2', roles: ['official'] }),
    funder: await funderToken(issuer, FUNDER_CODE, 'funder-1'),
    admin: await issuer.sign({ sub: 'admin-1', roles: ['admin'] }),
  };
}

export const CRITERIA = [
  { code: 'price', name: '报价', kind: 'price', weight: 30 },
  { code: 'service_plan', name: '服务方案', kind: 'technical', weight: 50 },
  { code: 'team', name: '团队与资质', kind: 'qualification', weight: 20 },
];

/** A project that passes every rule of the policy in force in March 2026 (¥120,000.00 in four lines). */
export function completeProject(needIds: string[], programmeId: string, overrides: Record<string, unknown> = {}) {
  return {
    title: '黄楼社区居家养老服务项目',
    category: 'elderly_care',
    needIds,
    objectives: ['每周上门探访独居老人，及时发现风险'],
    kpis: [
      { kind: 'output', name: '上门探访人次', target: 96, unit: '人次', measurement: '服务记录统计' },
      { kind: 'outcome', name: '服务对象满意度', target: 90, unit: '%', measurement: '第三方评估问卷' },
    ],
    servicePeriod: { start: '2026-04-01', end: '2027-03-31' },
    budgetLines: [
      { kind: 'personnel', description: '持证社工薪酬', amountFen: 80_000_00 },
      { kind: 'activities', description: '探访与小组活动', amountFen: 25_000_00 },
      { kind: 'materials', description: '血压计、宣传资料', amountFen: 10_000_00 },
      { kind: 'administration', description: '项目管理', amountFen: 5_000_00 },
    ],
    fundingMode: 'government_purchase',
    programmeId,
    procurementMethod: 'open_tender',
    evaluationCriteria: CRITERIA,
    ...overrides,
  };
}

export const programmeBody = (overrides: Record<string, unknown> = {}) => ({
  name: '测试购买服务项目资金',
  // The funder of `tokens().funder`; a test opening several programmes gives each its own funder.
  funderCode: FUNDER_CODE,
  funderName: '测试民政局',
  fiscalYear: 2026,
  mode: 'government_purchase',
  budgetFen: 500_000_00,
  ...overrides,
});
