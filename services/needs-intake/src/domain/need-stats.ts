import { NeedStatus, Urgency } from '@sanshe/contracts';
import { OPEN_STATUSES, type Need } from './need';

/** What the statistics read of a need; nothing personal. */
export type StatsNeed = Pick<
  Need,
  | 'status'
  | 'urgency'
  | 'loggedAt'
  | 'timeline'
  | 'sla'
  | 'satisfaction'
  | 'closedAt'
  | 'category'
  | 'gridCode'
  | 'communityCode'
  | 'streetCode'
  | 'districtCode'
>;

export type StatsGroupBy = 'grid' | 'community' | 'street' | 'district' | 'category';

export interface NeedFigures {
  total: number;
  open: number;
  byStatus: Record<NeedStatus, number>;
  byUrgency: Record<Urgency, number>;
  resolved: number;
  resolutionHours: { median: number | null; mean: number | null };
  acknowledgementSla: { met: number; missed: number; breached: number; complianceRate: number | null };
  satisfaction: { mean: number | null; count: number };
}

/** A need counts as resolved at the first of these steps; withdrawal is not a resolution. */
const RESOLVING: readonly NeedStatus[] = ['resolved', 'referred', 'fulfilled', 'closed'];
const HOUR = 3_600_000;

export function groupKey(need: StatsNeed, groupBy: StatsGroupBy): string {
  switch (groupBy) {
    case 'grid':
      return need.gridCode;
    case 'community':
      return need.communityCode;
    case 'street':
      return need.streetCode;
    case 'district':
      return need.districtCode;
    case 'category':
      return need.category;
  }
}

/** Hours from logging to the first resolving step, or null while none was reached. */
export function resolutionHours(need: Pick<StatsNeed, 'loggedAt' | 'timeline'>): number | null {
  const times = need.timeline.filter((e) => RESOLVING.includes(e.status)).map((e) => new Date(e.at).getTime());
  if (times.length === 0) return null;
  // Downstream steps carry the sender's time; a step stamped before logging counts as immediate.
  return Math.max(0, Math.min(...times) - new Date(need.loggedAt).getTime()) / HOUR;
}

export type SlaOutcome = 'met' | 'missed' | 'breached' | 'pending' | 'none';

/**
 * The acknowledgement SLA of one need, for compliance. Settled once acknowledged (or
 * first handled); an unanswered open need past its deadline is breached now; a need
 * withdrawn unanswered missed the SLA only if the deadline had passed by then.
 */
export function slaOutcome(need: Pick<StatsNeed, 'sla' | 'status' | 'closedAt'>, now: Date): SlaOutcome {
  if (need.sla.acknowledgedAt !== null) return need.sla.met ? 'met' : 'missed';
  const deadline = new Date(need.sla.acknowledgeBy).getTime();
  if (need.status === 'withdrawn' || need.status === 'closed') {
    const ended = need.closedAt ? new Date(need.closedAt).getTime() : deadline;
    return ended > deadline ? 'missed' : 'none';
  }
  return now.getTime() >= deadline ? 'breached' : 'pending';
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Breached needs count against compliance now: waiting for them to be acknowledged late would flatter the rate. */
export function complianceRate(counts: { met: number; missed: number; breached: number }): number | null {
  const measured = counts.met + counts.missed + counts.breached;
  return measured === 0 ? null : counts.met / measured;
}

const round = (value: number | null, digits: number) => (value === null ? null : Number(value.toFixed(digits)));
const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export function summarise(needs: readonly StatsNeed[], now: Date): NeedFigures {
  const byStatus = zeros(NeedStatus.options);
  const byUrgency = zeros(Urgency.options);
  const sla = { met: 0, missed: 0, breached: 0, pending: 0, none: 0 };
  const hours: number[] = [];
  const ratings: number[] = [];
  for (const need of needs) {
    byStatus[need.status] += 1;
    byUrgency[need.urgency] += 1;
    sla[slaOutcome(need, now)] += 1;
    const resolution = resolutionHours(need);
    if (resolution !== null) hours.push(resolution);
    if (need.satisfaction !== null) ratings.push(need.satisfaction);
  }
  return {
    total: needs.length,
    open: OPEN_STATUSES.reduce((sum, s) => sum + byStatus[s], 0),
    byStatus,
    byUrgency,
    resolved: hours.length,
    resolutionHours: { median: round(median(hours), 2), mean: round(mean(hours), 2) },
    acknowledgementSla: {
      met: sla.met,
      missed: sla.missed,
      breached: sla.breached,
      complianceRate: round(complianceRate(sla), 4),
    },
    satisfaction: { mean: round(mean(ratings), 2), count: ratings.length },
  };
}

/** Figures per group, ordered by key. */
export function groupFigures(
  needs: readonly StatsNeed[],
  groupBy: StatsGroupBy,
  now: Date,
): Array<{ key: string; figures: NeedFigures }> {
  const groups = new Map<string, StatsNeed[]>();
  for (const need of needs) {
    const key = groupKey(need, groupBy);
    const members = groups.get(key);
    if (members) members.push(need);
    else groups.set(key, [need]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, members]) => ({ key, figures: summarise(members, now) }));
}
