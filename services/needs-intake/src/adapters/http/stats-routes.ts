import { IntakeApi } from '@sanshe/contracts';
import type { ApiRouter } from '@sanshe/platform';
import type { IntakeDeps } from '../../app/deps';
import { needStats } from '../../app/need-stats';

const READERS = ['community_staff', 'street_official', 'official', 'admin', 'funder'] as const;

export function registerStatsRoutes(api: ApiRouter, deps: IntakeDeps): void {
  api.route({
    method: 'get',
    path: '/stats/needs',
    summary:
      'Need counts, resolution times and acknowledgement-SLA compliance per grid, community, street, district or category. ' +
      'Resolution time runs from logging to the first of resolved, referred, fulfilled or closed; ' +
      'compliance = met / (met + missed + currently breached). Community staff and street officials see their own areas only.',
    tags: ['statistics'],
    roles: READERS,
    query: IntakeApi.NeedStatsQuery,
    response: IntakeApi.NeedStats,
    handler: ({ query, actor }) => needStats(deps, actor, query),
  });
}
