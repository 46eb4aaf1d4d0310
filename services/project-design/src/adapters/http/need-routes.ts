import { DesignApi } from '@sanshe/contracts';
import type { ApiRouter } from '@sanshe/platform';
import { z } from 'zod';
import type { DesignDeps } from '../../app/deps';
import { needScope } from '../../app/scope';
import { suggest } from '../../app/suggest-projects';
import { toOpenNeedView } from '../../app/views';
import { AVAILABLE } from '../store/open-needs';
import { DESIGNERS } from './roles';

export function registerNeedRoutes(api: ApiRouter, deps: DesignDeps): void {
  api.route({
    method: 'get',
    path: '/open-needs',
    summary: 'Open needs not yet in a project (read model of intake events), oldest first',
    tags: ['needs'],
    roles: DESIGNERS,
    query: DesignApi.ListOpenNeedsQuery,
    response: z.object({ items: z.array(DesignApi.OpenNeedView) }),
    handler: async ({ query, actor }) => {
      const and = [AVAILABLE, ...needScope(actor, query.communityCode)];
      if (query.category) and.push({ category: query.category });
      const items = await deps.openNeeds.find({ $and: and }, { sort: { loggedAt: 1 }, limit: query.limit });
      return { items: items.map(toOpenNeedView) };
    },
  });

  api.route({
    method: 'get',
    path: '/suggestions',
    summary: 'Project suggestions: open needs clustered by category × area × beneficiary group, with a draft budget',
    tags: ['needs'],
    roles: DESIGNERS,
    query: DesignApi.SuggestionsQuery,
    response: DesignApi.Suggestions,
    handler: async ({ query, actor }) => suggest(deps, actor, query),
  });
}
