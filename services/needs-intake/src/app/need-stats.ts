import type { IntakeApi } from '@sanshe/contracts';
import { unprocessable, type Principal } from '@sanshe/platform';
import { groupFigures, summarise } from '../domain/need-stats';
import { seesAll } from './access';
import type { IntakeDeps } from './deps';

/**
 * Statistics are computed per request from the needs themselves (no aggregation on the
 * store port); this cap keeps one request from loading an unbounded set into memory.
 * Beyond it the caller narrows the area or period, until projections arrive (issues 6/9).
 */
export const MAX_NEEDS_PER_STATS = 20_000;

/** Aggregated figures carry no personal data, so funders see every area; staff see their scope. */
function scopesOf(actor: Principal): string[] | undefined {
  return seesAll(actor) || actor.roles.includes('funder') ? undefined : actor.communities;
}

export async function needStats(
  deps: Pick<IntakeDeps, 'needs' | 'registry' | 'clock'>,
  actor: Principal,
  query: IntakeApi.NeedStatsQuery,
): Promise<IntakeApi.NeedStats> {
  const from = query.from ? new Date(query.from).toISOString() : null;
  const to = query.to ? new Date(query.to).toISOString() : null;
  const loggedAt = { ...(from ? { $gte: from } : {}), ...(to ? { $lt: to } : {}) };
  const scopes = scopesOf(actor);
  const needs = await deps.needs.find(
    {
      ...(scopes ? { scopes } : {}),
      ...(query.area ? { area: query.area } : {}),
      ...(from || to ? { extra: { loggedAt } } : {}),
    },
    { limit: MAX_NEEDS_PER_STATS + 1 },
  );
  if (needs.length > MAX_NEEDS_PER_STATS) {
    throw unprocessable(
      'INTAKE.STATS_TOO_LARGE',
      `more than ${MAX_NEEDS_PER_STATS} needs match; narrow the area or the period`,
    );
  }
  const now = deps.clock.now();
  const groups = groupFigures(needs, query.groupBy, now);
  const labels = await labelsFor(
    deps,
    query.groupBy,
    groups.map((g) => g.key),
  );
  return {
    groupBy: query.groupBy,
    area: query.area ?? null,
    from,
    to,
    generatedAt: now.toISOString(),
    groups: groups.map(({ key, figures }) => ({ key, label: labels.get(key) ?? { zh: key, en: null }, ...figures })),
    totals: summarise(needs, now),
  };
}

type Label = { zh: string; en: string | null };

async function labelsFor(
  deps: Pick<IntakeDeps, 'registry'>,
  groupBy: IntakeApi.NeedStatsGroupBy,
  keys: string[],
): Promise<Map<string, Label>> {
  if (keys.length === 0) return new Map();
  if (groupBy === 'category') {
    const categories = await deps.registry.categories.find({ _id: { $in: keys } });
    return new Map(categories.map((c) => [c._id, { zh: c.name.zh, en: c.name.en }]));
  }
  // The registry names areas in Chinese only.
  const areas = await deps.registry.areas.find({ _id: { $in: keys } });
  return new Map(areas.map((a) => [a._id, { zh: a.name, en: null }]));
}
