import { chinaDate, lintProject, RULES, type LintContext, type Lintable, type ProgrammeFacts } from './lint';
import type { PolicyValues } from './policy';

const POLICY: PolicyValues = {
  minPriceWeightPercent: 10,
  maxPriceWeightPercent: 30,
  maxAdministrationSharePercent: 10,
  minServiceDays: 30,
  maxServiceMonths: 12,
  minJustificationChars: 20,
  minBidPeriodDays: {
    open_tender: 20,
    competitive_consultation: 10,
    competitive_negotiation: 3,
    single_source: 5,
    inquiry: 3,
  },
};

const PROGRAMME: ProgrammeFacts = {
  programmeId: 'p1',
  mode: 'government_purchase',
  fiscalYear: 2026,
  status: 'open',
  availableFen: 200_000_00,
  heldForProject: 0,
  matchingPercent: 0,
  maxGrantFen: null,
  areaCodes: [],
};

const VENTURE: ProgrammeFacts = { ...PROGRAMME, mode: 'venture_funding', matchingPercent: 20, maxGrantFen: 100_000_00 };

/** A project that complies with every rule (budget ¥100,000.00, administration 10%). */
const VALID: Lintable = {
  title: '居家养老服务',
  category: 'elderly_care',
  needIds: ['n1'],
  extraCommunityCodes: [],
  areas: [{ communityCode: 'XZ-GL-HL-01', streetCode: 'XZ-GL-HL', districtCode: 'XZ-GL' }],
  objectives: ['每周探访'],
  kpis: [
    { kind: 'output', name: '探访人次', target: 96, unit: '人次', measurement: '服务记录' },
    { kind: 'outcome', name: '满意度', target: 90, unit: '%', measurement: '问卷' },
  ],
  servicePeriod: { start: '2026-04-01', end: '2027-03-31' },
  budgetLines: [
    { kind: 'personnel', description: '社工', amountFen: 70_000_00 },
    { kind: 'activities', description: '活动', amountFen: 20_000_00 },
    { kind: 'administration', description: '管理', amountFen: 10_000_00 },
  ],
  fundingMode: 'government_purchase',
  programmeId: 'p1',
  matchingFundsFen: 0,
  procurementMethod: 'open_tender',
  methodJustification: null,
  eligibility: {
    organisationKinds: ['private_non_enterprise_unit'],
    serviceAreaCodes: [],
    minCertifiedSocialWorkerPercent: 50,
  },
  evaluationCriteria: [
    { code: 'price', name: '报价', kind: 'price', weight: 30 },
    { code: 'plan', name: '方案', kind: 'technical', weight: 70 },
  ],
  tranches: [
    { percent: 30, milestone: 'signing' },
    { percent: 70, milestone: 'final_acceptance' },
  ],
};

const CTX: LintContext = { now: new Date('2026-03-02T01:00:00Z'), policy: POLICY, programme: PROGRAMME };

const rulesOf = (project: Partial<Lintable>, ctx: Partial<LintContext> = {}) =>
  lintProject({ ...VALID, ...project }, { ...CTX, ...ctx }).map((v) => v.rule);

/** For each rule: a project (and context) that breaks it, and one just inside it. */
const CASES: Array<{
  rule: string;
  fails: [Partial<Lintable>, Partial<LintContext>?];
  passes: [Partial<Lintable>, Partial<LintContext>?];
}> = [
  { rule: 'objectives-required', fails: [{ objectives: [] }], passes: [{ objectives: ['一个目标'] }] },
  {
    rule: 'kpi-output-and-outcome',
    fails: [{ kpis: VALID.kpis.filter((k) => k.kind === 'output') }],
    passes: [{ kpis: VALID.kpis }],
  },
  { rule: 'period-required', fails: [{ servicePeriod: null }], passes: [{}] },
  {
    rule: 'period-order',
    fails: [{ servicePeriod: { start: '2026-05-01', end: '2026-05-01' } }],
    passes: [{ servicePeriod: { start: '2026-05-01', end: '2026-06-30' } }],
  },
  {
    rule: 'period-start-not-past',
    // 2026-03-02T01:00Z is already 09:00 on 2 March in China: the 1st is past, the 2nd is today.
    fails: [{ servicePeriod: { start: '2026-03-01', end: '2026-12-31' } }],
    passes: [{ servicePeriod: { start: '2026-03-02', end: '2026-12-31' } }],
  },
  {
    rule: 'period-duration',
    fails: [{ servicePeriod: { start: '2026-04-01', end: '2026-04-30' } }],
    passes: [{ servicePeriod: { start: '2026-04-01', end: '2026-05-01' } }],
  },
  {
    rule: 'period-duration',
    fails: [{ servicePeriod: { start: '2026-04-01', end: '2027-04-02' } }],
    passes: [{ servicePeriod: { start: '2026-04-01', end: '2027-04-01' } }],
  },
  { rule: 'budget-lines-required', fails: [{ budgetLines: [] }], passes: [{}] },
  {
    rule: 'administration-share-max',
    fails: [
      {
        budgetLines: [
          ...VALID.budgetLines.slice(0, 2),
          { kind: 'administration', description: '管理', amountFen: 10_000_01 },
        ],
      },
    ],
    passes: [{}],
  },
  { rule: 'programme-required', fails: [{ programmeId: null }, { programme: null }], passes: [{}] },
  { rule: 'programme-required', fails: [{ programmeId: 'p-unknown' }, { programme: null }], passes: [{}] },
  { rule: 'programme-open', fails: [{}, { programme: { ...PROGRAMME, status: 'closed' } }], passes: [{}] },
  {
    rule: 'programme-mode',
    fails: [{}, { programme: VENTURE }],
    passes: [{ fundingMode: 'venture_funding', matchingFundsFen: 20_000_00 }, { programme: VENTURE }],
  },
  {
    rule: 'programme-area',
    fails: [{}, { programme: { ...PROGRAMME, areaCodes: ['XZ-YL'] } }],
    passes: [{}, { programme: { ...PROGRAMME, areaCodes: ['XZ-GL-HL'] } }],
  },
  {
    rule: 'period-in-fiscal-year',
    fails: [{ servicePeriod: { start: '2027-01-04', end: '2027-06-30' } }],
    passes: [{ servicePeriod: { start: '2026-12-31', end: '2027-06-30' } }],
  },
  {
    rule: 'budget-within-programme',
    fails: [{}, { programme: { ...PROGRAMME, availableFen: 99_999_99 } }],
    passes: [{}, { programme: { ...PROGRAMME, availableFen: 0, heldForProject: 100_000_00 } }],
  },
  {
    rule: 'matching-funds',
    fails: [{ fundingMode: 'venture_funding', matchingFundsFen: 19_999_99 }, { programme: VENTURE }],
    passes: [{ fundingMode: 'venture_funding', matchingFundsFen: 20_000_00 }, { programme: VENTURE }],
  },
  { rule: 'matching-funds', fails: [{ matchingFundsFen: 1 }], passes: [{ matchingFundsFen: 0 }] },
  {
    rule: 'grant-cap',
    fails: [
      { fundingMode: 'venture_funding', matchingFundsFen: 20_000_00 },
      { programme: { ...VENTURE, maxGrantFen: 79_999_99 } },
    ],
    passes: [
      { fundingMode: 'venture_funding', matchingFundsFen: 20_000_00 },
      { programme: { ...VENTURE, maxGrantFen: 80_000_00 } },
    ],
  },
  {
    rule: 'method-justification',
    fails: [{ procurementMethod: 'single_source', methodJustification: '只有一家' }],
    passes: [
      {
        procurementMethod: 'single_source',
        methodJustification: '该服务需与已建成的社区养老信息平台对接，仅原建设单位具备条件',
      },
    ],
  },
  {
    rule: 'criteria-weights-total',
    fails: [
      {
        evaluationCriteria: [
          { code: 'price', name: '报价', kind: 'price', weight: 30 },
          { code: 'plan', name: '方案', kind: 'technical', weight: 60 },
        ],
      },
    ],
    passes: [{}],
  },
  {
    rule: 'criteria-codes-unique',
    fails: [
      {
        evaluationCriteria: [
          { code: 'price', name: '报价', kind: 'price', weight: 30 },
          { code: 'price', name: '方案', kind: 'technical', weight: 70 },
        ],
      },
    ],
    passes: [{}],
  },
  {
    rule: 'price-weight-min',
    fails: [
      {
        evaluationCriteria: [
          { code: 'price', name: '报价', kind: 'price', weight: 9 },
          { code: 'plan', name: '方案', kind: 'technical', weight: 91 },
        ],
      },
    ],
    passes: [
      {
        evaluationCriteria: [
          { code: 'price', name: '报价', kind: 'price', weight: 10 },
          { code: 'plan', name: '方案', kind: 'technical', weight: 90 },
        ],
      },
    ],
  },
  {
    rule: 'price-weight-min',
    fails: [{ evaluationCriteria: [{ code: 'plan', name: '方案', kind: 'technical', weight: 100 }] }],
    passes: [
      {
        fundingMode: 'venture_funding',
        matchingFundsFen: 20_000_00,
        evaluationCriteria: [{ code: 'plan', name: '方案', kind: 'technical', weight: 100 }],
      },
      { programme: VENTURE },
    ],
  },
  {
    rule: 'price-weight-max',
    fails: [
      {
        evaluationCriteria: [
          { code: 'price', name: '报价', kind: 'price', weight: 31 },
          { code: 'plan', name: '方案', kind: 'technical', weight: 69 },
        ],
      },
    ],
    passes: [
      {
        evaluationCriteria: [
          { code: 'price', name: '报价', kind: 'price', weight: 31 },
          { code: 'plan', name: '方案', kind: 'technical', weight: 69 },
        ],
      },
      { policy: { ...POLICY, maxPriceWeightPercent: null } },
    ],
  },
  {
    rule: 'tranches-total',
    fails: [
      {
        tranches: [
          { percent: 30, milestone: 'signing' },
          { percent: 60, milestone: 'final_acceptance' },
        ],
      },
    ],
    passes: [{}],
  },
  {
    rule: 'bid-period-min',
    fails: [{}, { bidDeadline: '2026-03-22T00:59:59.000Z' }],
    passes: [{}, { bidDeadline: '2026-03-22T01:00:00.000Z' }],
  },
  {
    rule: 'bid-period-min',
    fails: [
      { procurementMethod: 'inquiry', methodJustification: '标准统一、货源充足的简单服务采购' },
      { bidDeadline: '2026-03-04T01:00:00.000Z' },
    ],
    passes: [
      { procurementMethod: 'inquiry', methodJustification: '标准统一、货源充足的简单服务采购' },
      { bidDeadline: '2026-03-05T01:00:00.000Z' },
    ],
  },
];

describe('the policy linter', () => {
  test('the valid project breaks no rule', () => {
    expect(lintProject(VALID, CTX)).toEqual([]);
  });

  test('every rule has a failing and a passing case below', () => {
    expect(new Set(CASES.map((c) => c.rule))).toEqual(new Set(RULES.map((r) => r.id)));
  });

  test.each(CASES)('$rule: the failing case is reported, the passing one is not', ({ rule, fails, passes }) => {
    expect(rulesOf(fails[0], fails[1])).toContain(rule);
    expect(rulesOf(passes[0], passes[1])).not.toContain(rule);
  });

  test('a violation names the field and says why, with the policy value', () => {
    const [violation] = lintProject(
      {
        ...VALID,
        evaluationCriteria: [
          { code: 'plan', name: '方案', kind: 'technical', weight: 95 },
          { code: 'price', name: '报价', kind: 'price', weight: 5 },
        ],
      },
      CTX,
    );
    expect(violation).toEqual({
      field: 'evaluationCriteria.1.weight',
      rule: 'price-weight-min',
      message: 'the price weight is 5; service procurement needs at least 10',
    });
    const [admin] = lintProject(
      {
        ...VALID,
        budgetLines: [
          { kind: 'personnel', description: '社工', amountFen: 80_00 },
          { kind: 'administration', description: '管理', amountFen: 20_00 },
        ],
      },
      CTX,
    );
    expect(admin).toEqual({
      field: 'budgetLines',
      rule: 'administration-share-max',
      message: 'administration is 20% of the budget; the cap is 10%',
    });
  });

  test('leaving a rule out (approval leaves the budget to the reservation) drops only that rule', () => {
    const ctx = { ...CTX, programme: { ...PROGRAMME, availableFen: 0 } };
    expect(lintProject(VALID, ctx).map((v) => v.rule)).toEqual(['budget-within-programme']);
    expect(lintProject(VALID, ctx, ['budget-within-programme'])).toEqual([]);
  });

  test("today is China's calendar date", () => {
    expect(chinaDate(new Date('2026-03-01T15:59:59Z'))).toBe('2026-03-01');
    expect(chinaDate(new Date('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
  });
});
