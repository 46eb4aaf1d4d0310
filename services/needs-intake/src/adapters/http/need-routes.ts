import { IntakeApi } from '@sanshe/contracts';
import type { ApiRouter, Principal } from '@sanshe/platform';
import { z } from 'zod';
import { seesAll, visibleNeed } from '../../app/access';
import type { IntakeDeps } from '../../app/deps';
import { acknowledgeNeed, closeNeed, reassignNeed, resolveNeed, withdrawNeed } from '../../app/handle-need';
import { logNeed } from '../../app/log-need';
import { slaFilter } from '../../app/sla-filter';
import { toNeedView } from '../../app/view';
import { OPEN_STATUSES, type Need } from '../../domain/need';

const STAFF = ['community_staff', 'street_official', 'official', 'admin'] as const;
const HANDLERS = ['community_staff', 'street_official', 'admin'] as const;

export function registerNeedRoutes(api: ApiRouter, deps: IntakeDeps & { nudge: () => void }): void {
  const view = (need: Need, actor: Principal) => toNeedView(need, actor, deps.settings.sla, deps.clock.now());

  api.route({
    method: 'post',
    path: '/needs',
    summary: 'Log a resident need; returns its case number (or the linked open need of the same resident)',
    tags: ['needs'],
    roles: ['community_staff', 'admin'],
    body: IntakeApi.LogNeedRequest,
    response: IntakeApi.LogNeedResponse,
    status: 201,
    // A re-sent log request (its answer lost) answers the first need instead of a second one.
    idempotent: true,
    handler: async ({ body, actor, correlationId, idempotencyKey, setStatus }) => {
      const cause = { correlationId, causationId: null };
      const { need, duplicate } = await logNeed(deps, actor, body, cause, idempotencyKey);
      deps.nudge();
      if (duplicate) setStatus(200);
      return { ...view(need, actor), duplicate };
    },
  });

  api.route({
    method: 'get',
    path: '/needs',
    summary: 'Needs in your areas, filtered and paged',
    tags: ['needs'],
    roles: STAFF,
    query: IntakeApi.ListNeedsQuery,
    response: IntakeApi.NeedList,
    readsPersonalData: true,
    handler: async ({ query, actor }) => {
      // The scope filter always applies, so asking for an area outside it simply finds nothing.
      const { items, total } = await deps.needs.list(
        {
          ...(seesAll(actor) ? {} : { scopes: actor.communities }),
          ...(query.area ? { area: query.area } : {}),
          ...(query.category ? { category: query.category } : {}),
          ...(query.status ? { status: query.status } : {}),
          ...(query.urgency ? { urgency: query.urgency } : {}),
          ...(query.ownerId ? { ownerId: query.ownerId } : {}),
          ...(query.slaState ? { extra: slaFilter(query.slaState, deps.settings.sla, deps.clock.now()) } : {}),
        },
        { limit: query.limit, offset: query.offset },
      );
      return { items: items.map((n) => view(n, actor)), total };
    },
  });

  api.route({
    method: 'get',
    path: '/needs/:needId',
    summary: 'A need with its status timeline',
    tags: ['needs'],
    roles: STAFF,
    params: IntakeApi.NeedIdParams,
    response: IntakeApi.NeedView,
    readsPersonalData: true,
    handler: async ({ params, actor }) => view(await visibleNeed(deps, actor, params.needId), actor),
  });

  api.route({
    method: 'get',
    path: '/needs/:needId/similar',
    summary: 'Open needs of the same category in the same grid, to be seen together',
    tags: ['needs'],
    roles: STAFF,
    params: IntakeApi.NeedIdParams,
    response: z.object({ items: z.array(IntakeApi.NeedView) }),
    readsPersonalData: true,
    handler: async ({ params, actor }) => {
      const need = await visibleNeed(deps, actor, params.needId);
      const similar = await deps.needs.find(
        {
          area: need.gridCode,
          category: need.category,
          extra: { status: { $in: [...OPEN_STATUSES] }, _id: { $ne: need._id } },
        },
        { limit: 50 },
      );
      return { items: similar.map((n) => view(n, actor)) };
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
    readsPersonalData: true,
    handler: async ({ params, actor }) => {
      const need = await deps.needs.byCaseNumber(params.caseNumber);
      return view(await visibleNeed(deps, actor, need?._id ?? '00000000-0000-0000-0000-000000000000'), actor);
    },
  });

  const command = <B extends z.ZodType>(
    action: string,
    summary: string,
    body: B,
    run: (actor: Principal, needId: string, input: z.infer<B>, correlationId: string) => Promise<Need>,
  ) =>
    api.route({
      method: 'post',
      path: `/needs/:needId/${action}`,
      summary,
      tags: ['need life cycle'],
      roles: HANDLERS,
      params: IntakeApi.NeedIdParams,
      body,
      response: IntakeApi.NeedView,
      handler: async ({ params, body: input, actor, correlationId }) => {
        const need = await run(actor, params.needId, input, correlationId);
        deps.nudge();
        return view(need, actor);
      },
    });

  const cause = (correlationId: string) => ({ correlationId, causationId: null });
  command('acknowledge', 'Acknowledge a need (its owner, within the SLA)', z.object({}).strict(), (a, id, _i, c) =>
    acknowledgeNeed(deps, a, id, cause(c)),
  );
  command(
    'reassign',
    'Hand a need over to another staff member, with a reason',
    IntakeApi.ReassignNeedRequest,
    (a, id, i, c) => reassignNeed(deps, a, id, i, cause(c)),
  );
  command(
    'resolve',
    'Resolve a need directly, or refer it to an existing service, with the outcome',
    IntakeApi.ResolveNeedRequest,
    (a, id, i, c) => resolveNeed(deps, a, id, i, cause(c)),
  );
  command('withdraw', "Withdraw a need at the resident's request", IntakeApi.WithdrawNeedRequest, (a, id, i, c) =>
    withdrawNeed(deps, a, id, i, cause(c)),
  );
  command(
    'close',
    "Close a resolved, referred or fulfilled need with the resident's satisfaction (1–5)",
    IntakeApi.CloseNeedRequest,
    (a, id, i, c) => closeNeed(deps, a, id, i, cause(c)),
  );
}
