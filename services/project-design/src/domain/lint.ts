import { chinaDate, formatYuan, type FundingMode } from '@sanshe/contracts';
import type { PolicyValues } from './policy';
import { budgetTotal, requestedFen, type ProjectArea, type ProjectContent } from './project';

export interface Violation {
  field: string;
  rule: string;
  message: string;
}

/** What the linter needs to know about the chosen programme. */
export interface ProgrammeFacts {
  programmeId: string;
  mode: FundingMode;
  fiscalYear: number;
  status: 'open' | 'closed';
  availableFen: number;
  /** Already reserved for this very project (counts as available to it). */
  heldForProject: number;
  matchingPercent: number;
  maxGrantFen: number | null;
  areaCodes: readonly string[];
}

export interface LintContext {
  /** The moment of linting: it picks the policy version and "today". */
  now: Date;
  policy: PolicyValues;
  programme: ProgrammeFacts | null;
  /** Only when publishing: the bid deadline asked for. */
  bidDeadline?: string | null;
}

export type Lintable = ProjectContent & { areas: readonly ProjectArea[] };

interface Rule {
  id: string;
  /** One message per violation, with its field; empty when the project complies. */
  check(project: Lintable, ctx: LintContext): Array<{ field: string; message: string }>;
}

const DAY_MS = 86_400_000;
const pct = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part * 1000) / whole) / 10);

export { chinaDate };

function addMonths(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, lastDay));
  return d.toISOString().slice(0, 10);
}

const when = (condition: boolean, field: string, message: string) => (condition ? [{ field, message }] : []);

/** Each rule of DOMAIN.md that applies to a project before submission, with its policy value. */
export const RULES: readonly Rule[] = [
  {
    id: 'objectives-required',
    check: (p) => when(p.objectives.length === 0, 'objectives', 'state at least one objective'),
  },
  {
    id: 'kpi-output-and-outcome',
    check: (p) => [
      ...when(!p.kpis.some((k) => k.kind === 'output'), 'kpis', 'add at least one output indicator with its target'),
      ...when(!p.kpis.some((k) => k.kind === 'outcome'), 'kpis', 'add at least one outcome indicator with its target'),
    ],
  },
  {
    id: 'period-required',
    check: (p) => when(p.servicePeriod === null, 'servicePeriod', 'set the service period'),
  },
  {
    id: 'period-order',
    check: (p) =>
      when(
        p.servicePeriod !== null && p.servicePeriod.end <= p.servicePeriod.start,
        'servicePeriod.end',
        'the service period must end after it starts',
      ),
  },
  {
    id: 'period-start-not-past',
    check: (p, ctx) =>
      when(
        p.servicePeriod !== null && p.servicePeriod.start < chinaDate(ctx.now),
        'servicePeriod.start',
        `the service period cannot start before today (${chinaDate(ctx.now)})`,
      ),
  },
  {
    id: 'period-duration',
    check: (p, { policy }) => {
      const period = p.servicePeriod;
      if (!period || period.end <= period.start) return [];
      const days = (Date.parse(period.end) - Date.parse(period.start)) / DAY_MS;
      return [
        ...when(
          days < policy.minServiceDays,
          'servicePeriod',
          `a service period lasts at least ${policy.minServiceDays} days (this one ${days})`,
        ),
        ...when(
          period.end > addMonths(period.start, policy.maxServiceMonths),
          'servicePeriod',
          `a service period lasts at most ${policy.maxServiceMonths} months`,
        ),
      ];
    },
  },
  {
    id: 'budget-lines-required',
    check: (p) => when(p.budgetLines.length === 0, 'budgetLines', 'add the budget lines (personnel, activities, …)'),
  },
  {
    id: 'administration-share-max',
    check: (p, { policy }) => {
      const total = budgetTotal(p.budgetLines);
      const admin = budgetTotal(p.budgetLines.filter((l) => l.kind === 'administration'));
      // Integer comparison: admin / total ≤ cap / 100, without floats.
      return when(
        admin * 100 > policy.maxAdministrationSharePercent * total,
        'budgetLines',
        `administration is ${pct(admin, total)}% of the budget; the cap is ${policy.maxAdministrationSharePercent}%`,
      );
    },
  },
  {
    id: 'programme-required',
    check: (p, { programme }) => [
      ...when(p.programmeId === null, 'programmeId', 'choose the funding programme'),
      ...when(p.programmeId !== null && programme === null, 'programmeId', 'no such funding programme'),
    ],
  },
  {
    id: 'programme-open',
    check: (_p, { programme }) =>
      when(programme?.status === 'closed', 'programmeId', 'the funding programme is closed'),
  },
  {
    id: 'programme-mode',
    check: (p, { programme }) =>
      when(
        programme !== null && programme.mode !== p.fundingMode,
        'fundingMode',
        `the programme funds by ${programme?.mode ?? ''}, not ${p.fundingMode}`,
      ),
  },
  {
    id: 'programme-area',
    check: (p, { programme }) => {
      if (!programme || programme.areaCodes.length === 0) return [];
      const outside = p.areas.filter(
        (a) =>
          ![a.communityCode, a.streetCode, a.districtCode].some((c) => c !== null && programme.areaCodes.includes(c)),
      );
      return when(
        outside.length > 0,
        'communityCodes',
        `the programme does not fund ${outside.map((a) => a.communityCode).join(', ')}`,
      );
    },
  },
  {
    id: 'period-in-fiscal-year',
    check: (p, { programme }) =>
      when(
        programme !== null &&
          p.servicePeriod !== null &&
          p.servicePeriod.start.slice(0, 4) !== String(programme.fiscalYear),
        'servicePeriod.start',
        `a project of the ${programme?.fiscalYear ?? ''} programme starts in that fiscal year`,
      ),
  },
  {
    id: 'budget-within-programme',
    check: (p, { programme }) => {
      if (!programme) return [];
      const asked = requestedFen(p);
      const available = programme.availableFen + programme.heldForProject;
      return when(
        asked > available,
        'budgetLines',
        `the programme has ${formatYuan(available)} available; the project asks for ${formatYuan(asked)}`,
      );
    },
  },
  {
    id: 'matching-funds',
    check: (p, { programme }) => {
      if (p.fundingMode === 'government_purchase') {
        return when(p.matchingFundsFen > 0, 'matchingFundsFen', 'matching funds belong to venture funding');
      }
      const total = budgetTotal(p.budgetLines);
      const share = programme?.matchingPercent ?? 0;
      return [
        ...when(p.matchingFundsFen > total, 'matchingFundsFen', 'matching funds exceed the budget'),
        ...when(
          p.matchingFundsFen * 100 < share * total,
          'matchingFundsFen',
          `the round asks for at least ${share}% matching funds (${formatYuan(Math.ceil((share * total) / 100))})`,
        ),
      ];
    },
  },
  {
    id: 'grant-cap',
    check: (p, { programme }) =>
      when(
        p.fundingMode === 'venture_funding' &&
          programme?.maxGrantFen !== null &&
          programme?.maxGrantFen !== undefined &&
          requestedFen(p) > programme.maxGrantFen,
        'budgetLines',
        `a grant of this round is at most ${formatYuan(programme?.maxGrantFen ?? 0)}`,
      ),
  },
  {
    id: 'method-justification',
    check: (p, { policy }) =>
      when(
        p.procurementMethod !== 'open_tender' &&
          (p.methodJustification ?? '').trim().length < Math.max(1, policy.minJustificationChars),
        'methodJustification',
        `${p.procurementMethod} instead of an open tender needs a recorded justification (at least ${policy.minJustificationChars} characters)`,
      ),
  },
  {
    id: 'criteria-weights-total',
    check: (p) => {
      const total = p.evaluationCriteria.reduce((sum, c) => sum + c.weight, 0);
      return when(total !== 100, 'evaluationCriteria', `criterion weights must sum to 100, not ${total}`);
    },
  },
  {
    id: 'criteria-codes-unique',
    check: (p) => {
      const codes = p.evaluationCriteria.map((c) => c.code);
      const repeated = [...new Set(codes.filter((c, i) => codes.indexOf(c) !== i))];
      return when(repeated.length > 0, 'evaluationCriteria', `criterion codes repeat: ${repeated.join(', ')}`);
    },
  },
  {
    id: 'price-weight-min',
    check: (p, { policy }) => {
      // Service procurement is scored by the comprehensive method; a grant round is not priced.
      if (p.fundingMode !== 'government_purchase') return [];
      const index = p.evaluationCriteria.findIndex((c) => c.kind === 'price');
      const weight = p.evaluationCriteria.filter((c) => c.kind === 'price').reduce((sum, c) => sum + c.weight, 0);
      return when(
        weight < policy.minPriceWeightPercent,
        index >= 0 ? `evaluationCriteria.${index}.weight` : 'evaluationCriteria',
        index >= 0
          ? `the price weight is ${weight}; service procurement needs at least ${policy.minPriceWeightPercent}`
          : `add a price criterion weighing at least ${policy.minPriceWeightPercent}`,
      );
    },
  },
  {
    id: 'price-weight-max',
    check: (p, { policy }) => {
      if (p.fundingMode !== 'government_purchase' || policy.maxPriceWeightPercent === null) return [];
      const index = p.evaluationCriteria.findIndex((c) => c.kind === 'price');
      const weight = p.evaluationCriteria.filter((c) => c.kind === 'price').reduce((sum, c) => sum + c.weight, 0);
      return when(
        weight > policy.maxPriceWeightPercent,
        `evaluationCriteria.${index}.weight`,
        `the price weight is ${weight}; the policy in force caps it at ${policy.maxPriceWeightPercent}`,
      );
    },
  },
  {
    id: 'tranches-total',
    check: (p) => {
      const total = p.tranches.reduce((sum, t) => sum + t.percent, 0);
      return when(total !== 100, 'tranches', `tranche percentages must sum to 100, not ${total}`);
    },
  },
  {
    id: 'bid-period-min',
    check: (p, { policy, now, bidDeadline }) => {
      if (!bidDeadline) return [];
      const days = policy.minBidPeriodDays[p.procurementMethod] ?? 0;
      const earliest = new Date(now.getTime() + days * DAY_MS);
      return when(
        new Date(bidDeadline).getTime() < earliest.getTime(),
        'bidDeadline',
        `${p.procurementMethod} leaves bidders at least ${days} days: the deadline is ${earliest.toISOString()} at the earliest`,
      );
    },
  },
];

/** Every violation of the policy in force, in rule order; empty when the project may go ahead. */
export function lintProject(project: Lintable, ctx: LintContext, except: readonly string[] = []): Violation[] {
  return RULES.filter((rule) => !except.includes(rule.id)).flatMap((rule) =>
    rule.check(project, ctx).map((v) => ({ ...v, rule: rule.id })),
  );
}
