import type { FulfilmentApi } from '@sanshe/contracts';
import { unprocessable, type Principal } from '@sanshe/platform';
import type { z } from 'zod';
import {
  hoursBetween,
  indicators,
  liveAreas,
  monthRange,
  referenceDay,
  stockCounts,
  under,
  type AreaFact,
  type Counts,
  type WorkerFact,
} from '../domain/indicators';
import type { FulfilmentDeps } from './deps';

type Query = z.infer<typeof FulfilmentApi.IndicatorsQuery>;
type Deps = Pick<FulfilmentDeps, 'repos' | 'clock' | 'settings'>;
export type IndicatorsView = z.infer<typeof FulfilmentApi.IndicatorsView>;

/** Needs are read one fact each; beyond this a request must narrow the area or the period. */
export const MAX_NEEDS_PER_VIEW = 200_000;

/** Aggregates carry no personal data: officials, admins and funders see every area. */
const SEES_ALL = new Set(['official', 'admin', 'funder']);

/** A street official sees the areas at or under the codes of their token (as intake scopes them). */
function visibleTo(actor: Principal): (area: AreaFact) => boolean {
  if (actor.roles.some((r) => SEES_ALL.has(r))) return () => true;
  return (area) => area.path.some((code) => actor.communities.includes(code));
}

/** Each area's live communities and grids, under every code of their path. */
function byAncestor(areas: readonly AreaFact[]): Map<string, AreaFact[]> {
  const index = new Map<string, AreaFact[]>();
  for (const area of areas)
    for (const code of area.path) {
      const list = index.get(code) ?? [];
      list.push(area);
      index.set(code, list);
    }
  return index;
}

async function workerFacts(deps: Deps): Promise<WorkerFact[]> {
  const rosters = await deps.repos.indicators.rosters.find({});
  return rosters.flatMap((r) =>
    r.workers.map((w) => ({
      key: `${r._id}|${w.workerId}`,
      certified: w.certificateLevel !== 'none',
      generalist: w.generalist,
      communityCodes: w.communityCodes,
    })),
  );
}

/** Resolution hours and ratings in the period, per community. */
async function needFacts(deps: Deps, communities: readonly string[], period: string) {
  const inPeriod = period === 'all' ? { $exists: true } : monthRange(period);
  const communityCode = { $in: communities };
  const [resolved, rated] =
    communities.length === 0
      ? [[], []]
      : await Promise.all([
          deps.repos.indicators.needs.find(
            { communityCode, loggedAt: { $exists: true }, resolvedAt: inPeriod },
            { limit: MAX_NEEDS_PER_VIEW + 1 },
          ),
          deps.repos.indicators.needs.find(
            { communityCode, closedAt: inPeriod, satisfaction: { $gte: 1 } },
            { limit: MAX_NEEDS_PER_VIEW + 1 },
          ),
        ]);
  if (resolved.length > MAX_NEEDS_PER_VIEW || rated.length > MAX_NEEDS_PER_VIEW)
    throw unprocessable(
      'FULFILMENT.INDICATORS_TOO_LARGE',
      `more than ${MAX_NEEDS_PER_VIEW} needs match; narrow the area or the period`,
    );
  const hours = new Map<string, number[]>();
  const ratings = new Map<string, number[]>();
  const push = (map: Map<string, number[]>, key: string, value: number) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  for (const n of resolved) push(hours, n.communityCode!, hoursBetween(n.loggedAt!, n.resolvedAt!));
  for (const n of rated) push(ratings, n.communityCode!, n.satisfaction!);
  return { hours, ratings };
}

/**
 * The policy indicators of each area of a level (at or under `code`, within the caller's
 * scope), and of all of them together: stock figures (workers, grids, communities) as the
 * projection holds them now, flow figures (resolution, satisfaction) for the period.
 */
export async function indicatorsView(deps: Deps, actor: Principal, query: Query): Promise<IndicatorsView> {
  const now = deps.clock.now();
  const stored = await deps.repos.indicators.areas.find({});
  const live = liveAreas(stored.map(({ _id, ...a }) => ({ ...a, code: _id })));
  const visible = visibleTo(actor);
  const rows = live
    .filter((a) => a.kind === query.level && visible(a) && (!query.code || under(a, query.code)))
    .sort((a, b) => a.code.localeCompare(b.code));
  const communitiesUnder = byAncestor(live.filter((a) => a.kind === 'community'));
  const gridsUnder = byAncestor(live.filter((a) => a.kind === 'grid'));

  const scope = new Map<string, AreaFact>();
  for (const row of rows) for (const c of communitiesUnder.get(row.code) ?? []) scope.set(c.code, c);
  const workers = await workerFacts(deps);
  const needs = await needFacts(deps, [...scope.keys()], query.period);

  const countsOf = (communities: readonly AreaFact[], grids: readonly AreaFact[]): Counts => ({
    ...stockCounts(communities, grids, workers),
    resolutionHours: communities.flatMap((c) => needs.hours.get(c.code) ?? []),
    ratings: communities.flatMap((c) => needs.ratings.get(c.code) ?? []),
  });
  const day = referenceDay(query.period, now.toISOString().slice(0, 10));
  const targets = deps.settings.indicatorTargets;
  const rowGrids = (row: AreaFact) => gridsUnder.get(row.code) ?? [];
  return {
    level: query.level,
    code: query.code ?? null,
    period: query.period,
    asOf: now.toISOString(),
    total: {
      indicators: indicators(
        countsOf([...scope.values()], [...new Map(rows.flatMap(rowGrids).map((g) => [g.code, g])).values()]),
        targets,
        day,
      ),
    },
    rows: rows.map((row) => ({
      code: row.code,
      name: row.name,
      indicators: indicators(countsOf(communitiesUnder.get(row.code) ?? [], rowGrids(row)), targets, day),
    })),
  };
}

const CSV_COLUMNS = [
  'level',
  'code',
  'name',
  'period',
  'indicator',
  'unit',
  'value',
  'numerator',
  'denominator',
  'comparator',
  'target',
  'effectiveFrom',
  'met',
] as const;

const cell = (v: string | number | boolean | null) => {
  const s = v === null ? '' : String(v);
  // Quote what needs it, and neutralise formulas a spreadsheet would run.
  const safe = /^[=+\-@]/.test(s) && !/^-?\d/.test(s) ? `'${s}` : s;
  return /[",\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

/** One line per area and indicator, then the total's (code TOTAL): UTF-8 with BOM for spreadsheets. */
export function indicatorsCsv(view: IndicatorsView): string {
  const lines = [CSV_COLUMNS.join(',')];
  const add = (code: string, name: string, list: IndicatorsView['total']['indicators']) => {
    for (const i of list)
      lines.push(
        [
          view.level,
          code,
          name,
          view.period,
          i.key,
          i.unit,
          i.value,
          i.numerator,
          i.denominator,
          i.target?.comparator ?? null,
          i.target?.value ?? null,
          i.target?.effectiveFrom ?? null,
          i.met,
        ]
          .map(cell)
          .join(','),
      );
  };
  for (const row of view.rows) add(row.code, row.name, row.indicators);
  add('TOTAL', '合计', view.total.indicators);
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
