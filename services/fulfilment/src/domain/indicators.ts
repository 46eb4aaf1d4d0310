/**
 * The policy indicators (Xuzhou's opinions on urban community governance) the platform can
 * measure from what it holds: certified social workers, grid coverage, the generalist
 * social-worker model, need resolution time and residents' satisfaction. Pure rules: the
 * figures of one area from the facts below it, each with the numerator and denominator an
 * official can check, and the target in force.
 */
export const INDICATOR_KEYS = [
  'certified_social_workers',
  'grid_coverage',
  'generalist_coverage',
  'resolution_hours_median',
  'resolution_hours_p90',
  'satisfaction_mean',
  'satisfaction_share_4_plus',
] as const;
export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

export const LEVELS = ['district', 'street', 'community'] as const;
export type Level = (typeof LEVELS)[number];

export type Comparator = 'at_least' | 'at_most';
export interface TargetStep {
  /** First day (YYYY-MM-DD) the target applies. */
  from: string;
  comparator: Comparator;
  value: number;
}
export type TargetSchedule = Record<IndicatorKey, readonly TargetStep[]>;

const SINCE_EVER = '2000-01-01';

/**
 * The policy's figures: ≥ 60% certified, 100% grid coverage, the generalist model in 40% of
 * communities (the text names the stage years blank, so the 100% stage is configured, not
 * assumed). The policy sets no figure for resolution time or satisfaction: no target.
 */
export const DEFAULT_TARGETS: TargetSchedule = {
  certified_social_workers: [{ from: SINCE_EVER, comparator: 'at_least', value: 60 }],
  grid_coverage: [{ from: SINCE_EVER, comparator: 'at_least', value: 100 }],
  generalist_coverage: [{ from: SINCE_EVER, comparator: 'at_least', value: 40 }],
  resolution_hours_median: [],
  resolution_hours_p90: [],
  satisfaction_mean: [],
  satisfaction_share_4_plus: [],
};

/** The step in force on `day` (the latest one starting on or before it), or none. */
export function targetOn(steps: readonly TargetStep[], day: string): TargetStep | null {
  let found: TargetStep | null = null;
  for (const step of steps) if (step.from <= day && (!found || step.from >= found.from)) found = step;
  return found;
}

export type Unit = 'percent' | 'hours' | 'rating';
const UNITS: Record<IndicatorKey, Unit> = {
  certified_social_workers: 'percent',
  grid_coverage: 'percent',
  generalist_coverage: 'percent',
  resolution_hours_median: 'hours',
  resolution_hours_p90: 'hours',
  satisfaction_mean: 'rating',
  satisfaction_share_4_plus: 'percent',
};

export interface Indicator {
  key: IndicatorKey;
  unit: Unit;
  /** Null when there is nothing to measure (denominator 0). */
  value: number | null;
  /** Null for the resolution-time figures (a median has no numerator). */
  numerator: number | null;
  denominator: number;
  target: { comparator: Comparator; value: number; effectiveFrom: string } | null;
  /** Null without a target or without anything to measure. */
  met: boolean | null;
}

/** The registry as projected: every level's areas with their path from the district down. */
export interface AreaFact {
  code: string;
  kind: 'district' | 'street' | 'community' | 'grid';
  name: string;
  path: string[];
  active: boolean;
  gridWorkerCount: number;
}

/** One social worker on one organisation's roster (a worker on two rosters counts twice). */
export interface WorkerFact {
  key: string;
  certified: boolean;
  generalist: boolean;
  communityCodes: readonly string[];
}

/** What one area's figures are made of. */
export interface Counts {
  communities: number;
  generalistCommunities: number;
  grids: number;
  coveredGrids: number;
  workers: number;
  certifiedWorkers: number;
  /** Hours from logging to resolution of each need resolved in the period. */
  resolutionHours: number[];
  /** Closure ratings (1–5) given in the period. */
  ratings: number[];
}

/** An area counts only while it and every area above it are active. */
export function liveAreas(areas: readonly AreaFact[]): AreaFact[] {
  const inactive = new Set(areas.filter((a) => !a.active).map((a) => a.code));
  return areas.filter((a) => a.path.every((code) => !inactive.has(code)));
}

/** Whether `area` lies under `code`: in its registry path, or its code starts with it (a code prefix). */
export function under(area: Pick<AreaFact, 'code' | 'path'>, code: string): boolean {
  return area.path.includes(code) || area.code.startsWith(code);
}

/**
 * The stock figures of the live communities and grids given: grids covered (at least one
 * grid worker), communities with a stationed generalist, and the workers stationed in any
 * of the communities (each once, however many of them it serves).
 */
export function stockCounts(
  communities: readonly AreaFact[],
  grids: readonly AreaFact[],
  workers: readonly WorkerFact[],
): Pick<Counts, 'communities' | 'generalistCommunities' | 'grids' | 'coveredGrids' | 'workers' | 'certifiedWorkers'> {
  const codes = new Set(communities.map((c) => c.code));
  const stationed = workers.filter((w) => w.communityCodes.some((c) => codes.has(c)));
  const withGeneralist = new Set(
    stationed.filter((w) => w.generalist).flatMap((w) => w.communityCodes.filter((c) => codes.has(c))),
  );
  return {
    communities: codes.size,
    generalistCommunities: withGeneralist.size,
    grids: grids.length,
    coveredGrids: grids.filter((g) => g.gridWorkerCount > 0).length,
    workers: stationed.length,
    certifiedWorkers: stationed.filter((w) => w.certified).length,
  };
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest rank: the smallest value with at least 90% of the values at or below it. */
export function p90(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(0.9 * sorted.length) - 1]!;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

function indicator(
  key: IndicatorKey,
  figures: { value: number | null; numerator: number | null; denominator: number },
  step: TargetStep | null,
  /** Exact test against the target, not the rounded value, so rounding never flatters. */
  meets: (target: number) => boolean,
): Indicator {
  const target = step ? { comparator: step.comparator, value: step.value, effectiveFrom: step.from } : null;
  const measured = figures.denominator > 0 && figures.value !== null;
  return { key, unit: UNITS[key], ...figures, target, met: step && measured ? meets(step.value) : null };
}

/** The seven indicators of one area, with the targets in force on `day`. */
export function indicators(c: Counts, targets: TargetSchedule, day: string): Indicator[] {
  const share = (key: IndicatorKey, numerator: number, denominator: number) => {
    const step = targetOn(targets[key], day);
    const value = denominator > 0 ? round((100 * numerator) / denominator, 1) : null;
    return indicator(key, { value, numerator, denominator }, step, (t) =>
      step!.comparator === 'at_least' ? numerator * 100 >= t * denominator : numerator * 100 <= t * denominator,
    );
  };
  const hours = (key: IndicatorKey, exact: number | null) => {
    const step = targetOn(targets[key], day);
    const value = exact === null ? null : round(exact, 2);
    return indicator(key, { value, numerator: null, denominator: c.resolutionHours.length }, step, (t) =>
      step!.comparator === 'at_most' ? exact! <= t : exact! >= t,
    );
  };
  const sum = c.ratings.reduce((s, r) => s + r, 0);
  const meanStep = targetOn(targets.satisfaction_mean, day);
  return [
    share('certified_social_workers', c.certifiedWorkers, c.workers),
    share('grid_coverage', c.coveredGrids, c.grids),
    share('generalist_coverage', c.generalistCommunities, c.communities),
    hours('resolution_hours_median', median(c.resolutionHours)),
    hours('resolution_hours_p90', p90(c.resolutionHours)),
    indicator(
      'satisfaction_mean',
      {
        value: c.ratings.length > 0 ? round(sum / c.ratings.length, 2) : null,
        numerator: sum,
        denominator: c.ratings.length,
      },
      meanStep,
      (t) => (meanStep!.comparator === 'at_least' ? sum >= t * c.ratings.length : sum <= t * c.ratings.length),
    ),
    share('satisfaction_share_4_plus', c.ratings.filter((r) => r >= 4).length, c.ratings.length),
  ];
}

/** 'all' is measured against today's targets; a month against those in force on its last day. */
export function referenceDay(period: string, today: string): string {
  if (period === 'all') return today;
  const [year, month] = period.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/** A month as a range of UTC instants (ISO strings compare in time order). */
export function monthRange(period: string): { $gte: string; $lt: string } {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return {
    $gte: new Date(Date.UTC(year, month - 1, 1)).toISOString(),
    $lt: new Date(Date.UTC(year, month, 1)).toISOString(),
  };
}

export const HOUR_MS = 3_600_000;

/** Hours from logging to resolution; a resolution stamped before the logging counts as immediate. */
export const hoursBetween = (loggedAt: string, resolvedAt: string) =>
  Math.max(0, new Date(resolvedAt).getTime() - new Date(loggedAt).getTime()) / HOUR_MS;
