import { IntakeApi } from '@sanshe/contracts';
import { ApiRouter, forbidden, notFound, type Clock, type Principal } from '@sanshe/platform';
import { logNeed } from '../../app/log-need';
import { toNeedView } from '../../app/view';
import type { Need } from '../../domain/need';
import type { NeedsRepository } from '../store/needs-repository';

const STAFF = ['community_staff', 'street_official', 'official', 'admin'] as const;

/** Community staff see the needs of their own communities; officials and admins see all. */
function canSee(actor: Principal, need: Need): boolean {
  if (actor.roles.some((r) => r === 'official' || r === 'admin' || r === 'street_official')) return true;
  return actor.communities.includes(need.communityCode);
}

export function createIntakeRoutes(deps: { needs: NeedsRepository; clock: Clock; nudge: () => void }): ApiRouter {
  const api = new ApiRouter('Sanshe needs intake', '/api/intake');

  api.route({
    method: 'post',
    path: '/needs',
    summary: 'Log a resident need; returns its case number',
    tags: ['needs'],
    roles: ['community_staff', 'admin'],
    body: IntakeApi.LogNeedRequest,
    response: IntakeApi.NeedView,
    status: 201,
    handler: async ({ body, actor, correlationId }) => {
      const need = await logNeed(deps, actor, body, { correlationId, causationId: null });
      deps.nudge();
      return toNeedView(need);
    },
  });

  api.route({
    method: 'get',
    path: '/needs',
    summary: 'List needs in the communities you serve',
    tags: ['needs'],
    roles: STAFF,
    query: IntakeApi.ListNeedsQuery,
    response: IntakeApi.NeedList,
    handler: async ({ query, actor }) => {
      const seesAll = actor.roles.some((r) => r === 'official' || r === 'admin' || r === 'street_official');
      const communities = query.communityCode ? [query.communityCode] : seesAll ? undefined : actor.communities;
      if (communities && !seesAll && communities.some((c) => !actor.communities.includes(c))) throw forbidden();
      const { items, total } = await deps.needs.list(
        { ...(query.status ? { status: query.status } : {}), ...(communities ? { communityCodes: communities } : {}) },
        { limit: query.limit, offset: query.offset },
      );
      return { items: items.map(toNeedView), total };
    },
  });

  api.route({
    method: 'get',
    path: '/needs/:needId',
    summary: "A need with its status timeline",
    tags: ['needs'],
    roles: STAFF,
    params: IntakeApi.NeedIdParams,
    response: IntakeApi.NeedView,
    handler: async ({ params, actor }) => {
      const need = await deps.needs.get(params.needId);
      // Out of scope looks the same as absent: ids of other communities' needs are not confirmed.
      if (!need || !canSee(actor, need)) throw notFound('INTAKE.NEED_NOT_FOUND', 'no such need');
      return toNeedView(need);
    },
  });

  api.route({
    method: 'get',
    path: '/cases/:caseNumber',
    summary: 'Find a need by its case number',
    tags: ['needs'],
    roles: STAFF,
    params: IntakeApi.CaseNumberParams,
    response: IntakeApi.NeedView,
    handler: async ({ params, actor }) => {
      const need = await deps.needs.byCaseNumber(params.caseNumber);
      if (!need || !canSee(actor, need)) throw notFound('INTAKE.NEED_NOT_FOUND', 'no such case');
      return toNeedView(need);
    },
  });

  return api;
}
