import { ProcurementApi } from '@sanshe/contracts';
import { conflict, notFound, type ApiRouter, type Principal } from '@sanshe/platform';
import { z } from 'zod';
import { EVERYONE } from '../../app/access';
import { applyToRound, withdrawApplication } from '../../app/apply-to-round';
import type { ProcurementDeps } from '../../app/deps';
import { awardRound, evaluateRound } from '../../app/evaluate-round';
import { openRound } from '../../app/open-round';
import { settleRound } from '../../app/settle-round';
import { toApplicationView, toRoundEvaluationView, toRoundView } from '../../app/views';

type Deps = ProcurementDeps & { nudge: () => void };

const MANAGERS = ['official', 'admin', 'funder'] as const;
const manages = (actor: Principal) => MANAGERS.some((r) => actor.roles.includes(r));

/** Venture-funding rounds (公益创投): the call, applications, panel scoring (see evaluation routes), grants. */
export function registerRoundRoutes(api: ApiRouter, deps: Deps): void {
  const cause = (correlationId: string) => ({ correlationId, causationId: null });
  const settled = async (roundId: string, correlationId: string) => {
    const r = await settleRound(deps, roundId, cause(correlationId));
    if (!r) throw notFound('PROCUREMENT.ROUND_NOT_FOUND', 'no such round');
    return r;
  };

  api.route({
    method: 'post',
    path: '/rounds',
    summary: 'Open a venture-funding round',
    tags: ['rounds'],
    roles: MANAGERS,
    body: ProcurementApi.OpenRoundRequest,
    response: ProcurementApi.RoundView,
    status: 201,
    idempotent: true,
    handler: async ({ body, actor, correlationId, idempotencyKey }) => {
      const round = await openRound(deps, actor.sub, body, cause(correlationId), null, idempotencyKey);
      deps.nudge();
      return toRoundView(round);
    },
  });

  api.route({
    method: 'get',
    path: '/rounds',
    summary: 'Rounds, newest first',
    tags: ['rounds'],
    roles: EVERYONE,
    response: z.object({ items: z.array(ProcurementApi.RoundView) }),
    handler: async ({ correlationId }) => {
      const found = await deps.repos.rounds.find({}, { sort: { openedAt: -1 }, limit: 100 });
      return { items: (await Promise.all(found.map((r) => settled(r._id, correlationId)))).map(toRoundView) };
    },
  });

  api.route({
    method: 'get',
    path: '/rounds/:roundId',
    summary: 'A round',
    tags: ['rounds'],
    roles: EVERYONE,
    params: ProcurementApi.RoundIdParams,
    response: ProcurementApi.RoundView,
    handler: async ({ params, correlationId }) => toRoundView(await settled(params.roundId, correlationId)),
  });

  api.route({
    method: 'post',
    path: '/rounds/:roundId/applications',
    summary: 'Apply (201) or revise your application (200) before the deadline',
    tags: ['rounds'],
    roles: ['org_user'],
    params: ProcurementApi.RoundIdParams,
    body: ProcurementApi.ApplyRequest,
    response: ProcurementApi.ApplicationView,
    status: 201,
    idempotent: true,
    handler: async ({ params, body, actor, idempotencyKey, setStatus }) => {
      const { application, created } = await applyToRound(deps, actor, params.roundId, body, idempotencyKey);
      if (!created) setStatus(200);
      return toApplicationView(application);
    },
  });

  api.route({
    method: 'get',
    path: '/rounds/:roundId/applications',
    summary: 'Applications (managers: all; an organisation: its own)',
    tags: ['rounds'],
    roles: [...MANAGERS, 'org_user'],
    params: ProcurementApi.RoundIdParams,
    response: z.object({ items: z.array(ProcurementApi.ApplicationView) }),
    handler: async ({ params, actor, correlationId }) => {
      await settled(params.roundId, correlationId);
      const filter: Record<string, unknown> = { roundId: params.roundId };
      if (!manages(actor)) filter.organisationId = actor.organisationId ?? '-';
      return {
        items: (await deps.repos.applications.find(filter, { sort: { submittedAt: 1 } })).map(toApplicationView),
      };
    },
  });

  api.route({
    method: 'get',
    path: '/rounds/:roundId/applications/:applicationId',
    summary: 'One application (managers, or the organisation that applied)',
    tags: ['rounds'],
    roles: [...MANAGERS, 'org_user'],
    params: ProcurementApi.ApplicationParams,
    response: ProcurementApi.ApplicationView,
    handler: async ({ params, actor }) => {
      const app = await deps.repos.applications.findOne({ _id: params.applicationId, roundId: params.roundId });
      if (!app || !(manages(actor) || app.organisationId === actor.organisationId))
        throw notFound('PROCUREMENT.APPLICATION_NOT_FOUND', 'no such application');
      return toApplicationView(app);
    },
  });

  api.route({
    method: 'post',
    path: '/rounds/:roundId/applications/:applicationId/withdraw',
    summary: 'Withdraw your application before the deadline',
    tags: ['rounds'],
    roles: ['org_user'],
    params: ProcurementApi.ApplicationParams,
    response: ProcurementApi.ApplicationView,
    handler: async ({ params, actor }) =>
      toApplicationView(await withdrawApplication(deps, actor, params.roundId, params.applicationId)),
  });

  api.route({
    method: 'post',
    path: '/rounds/:roundId/evaluation',
    summary: 'Close the scoring: means, matching-funds bonus, ranking and the grants the budget allows',
    tags: ['rounds'],
    roles: MANAGERS,
    params: ProcurementApi.RoundIdParams,
    response: ProcurementApi.RoundEvaluationView,
    handler: async ({ params, actor }) => {
      const view = toRoundEvaluationView(await evaluateRound(deps, actor, params.roundId));
      if (!view) throw conflict('PROCUREMENT.NOT_EVALUATED', 'no evaluation');
      return view;
    },
  });

  api.route({
    method: 'get',
    path: '/rounds/:roundId/evaluation',
    summary: 'The round’s evaluation (public once made)',
    tags: ['rounds'],
    roles: EVERYONE,
    params: ProcurementApi.RoundIdParams,
    response: ProcurementApi.RoundEvaluationView,
    handler: async ({ params, correlationId }) => {
      const view = toRoundEvaluationView(await settled(params.roundId, correlationId));
      if (!view) throw conflict('PROCUREMENT.NOT_EVALUATED', 'the round has not been evaluated');
      return view;
    },
  });

  api.route({
    method: 'post',
    path: '/rounds/:roundId/award',
    summary: 'Award the grants in rank order within the budget (round.awarded)',
    tags: ['rounds'],
    roles: MANAGERS,
    params: ProcurementApi.RoundIdParams,
    response: ProcurementApi.RoundView,
    handler: async ({ params, correlationId }) => {
      const round = await awardRound(deps, params.roundId, cause(correlationId));
      deps.nudge();
      return toRoundView(round);
    },
  });
}
