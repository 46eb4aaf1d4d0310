import { FulfilmentApi } from '@sanshe/contracts';
import type { ApiRouter } from '@sanshe/platform';
import { z } from 'zod';
import type { FulfilmentDeps } from '../../app/deps';
import { indicatorsCsv, indicatorsView } from '../../app/indicators-view';

/** Officials, admins and funders see every area; a street official only the areas of their token. */
const ROLES = ['official', 'street_official', 'funder', 'admin'] as const;

/** The policy indicators per district, street or community, each with its target, value and the counts behind it. */
export function registerIndicatorRoutes(api: ApiRouter, deps: FulfilmentDeps): void {
  api.route({
    method: 'get',
    path: '/indicators',
    summary:
      'Policy indicators per district, street or community: certified social workers, grid coverage, ' +
      'generalist social-worker coverage, need resolution time (median, p90), satisfaction; ' +
      'each with target, value, met, numerator and denominator',
    tags: ['indicators'],
    roles: ROLES,
    query: FulfilmentApi.IndicatorsQuery,
    response: FulfilmentApi.IndicatorsView,
    problems: { 422: 'Too many needs match: narrow the area or the period' },
    handler: async ({ query, actor }) => indicatorsView(deps, actor, query),
  });

  api.route({
    method: 'get',
    path: '/indicators.csv',
    summary: 'Policy indicators as CSV, one line per area and indicator (UTF-8 with BOM, a total per indicator)',
    tags: ['indicators'],
    roles: ROLES,
    query: FulfilmentApi.IndicatorsQuery,
    response: z.string(),
    problems: { 422: 'Too many needs match: narrow the area or the period' },
    handler: async ({ query, actor, res }) => {
      const csv = indicatorsCsv(await indicatorsView(deps, actor, query));
      res
        .type('text/csv; charset=utf-8')
        .attachment(`indicators-${query.level}-${query.code ?? 'all'}-${query.period}.csv`)
        .send(csv);
      return csv;
    },
  });
}
