import { DesignApi } from '@sanshe/contracts';
import { forbidden, type ApiRouter, type Filter } from '@sanshe/platform';
import { z } from 'zod';
import type { DesignDeps } from '../../app/deps';
import { addPolicyVersion } from '../../app/policies';
import { assertFunderScope, visibleProgramme } from '../../app/access';
import { openProgramme } from '../../app/programmes';
import { fundsProgramme, isFunderScoped } from '../../domain/access';
import { toPolicyView, toProgrammeView, toUnitCostView } from '../../app/views';
import { PROGRAMME_MANAGERS, READERS } from './roles';

/** Funding programmes, dated policy versions and unit-cost benchmarks. */
export function registerReferenceRoutes(api: ApiRouter, deps: DesignDeps & { nudge: () => void }): void {
  api.route({
    method: 'post',
    path: '/programmes',
    summary: 'Open a funding programme of one funder and fiscal year (government purchase or venture-funding round)',
    tags: ['programmes'],
    roles: PROGRAMME_MANAGERS,
    body: DesignApi.CreateProgrammeRequest,
    response: DesignApi.ProgrammeView,
    status: 201,
    idempotent: true,
    handler: async ({ body, actor, correlationId, idempotencyKey }) => {
      // A funder opens programmes only for the funder they act for; officials for any.
      assertFunderScope(actor);
      if (isFunderScoped(actor) && !fundsProgramme(actor, body)) {
        throw forbidden('a funder opens programmes only under their own funder code');
      }
      const cause = { correlationId, causationId: null };
      const programme = await openProgramme(deps, actor, body, cause, idempotencyKey);
      deps.nudge();
      return toProgrammeView(programme);
    },
  });

  api.route({
    method: 'get',
    path: '/programmes',
    summary: 'Funding programmes with their budget, reserved and available amounts',
    tags: ['programmes'],
    roles: READERS,
    query: DesignApi.ListProgrammesQuery,
    response: z.object({ items: z.array(DesignApi.ProgrammeView) }),
    handler: async ({ query, actor }) => {
      assertFunderScope(actor);
      const filter: Filter = {};
      // A funder lists only their own programmes.
      if (isFunderScoped(actor)) filter.funderCode = actor.funderCode;
      if (query.fiscalYear !== undefined) filter.fiscalYear = query.fiscalYear;
      if (query.mode) filter.mode = query.mode;
      return { items: (await deps.programmes.list(filter)).map(toProgrammeView) };
    },
  });

  api.route({
    method: 'get',
    path: '/programmes/:programmeId',
    summary: 'A funding programme and every reservation made on it',
    tags: ['programmes'],
    roles: READERS,
    params: DesignApi.ProgrammeIdParams,
    response: DesignApi.ProgrammeView,
    handler: async ({ params, actor }) => toProgrammeView(await visibleProgramme(deps, actor, params.programmeId)),
  });

  api.route({
    method: 'get',
    path: '/policies',
    summary: 'Policy versions of the linter, oldest first, and which one is in force now',
    tags: ['policies'],
    roles: READERS,
    response: z.object({ items: z.array(DesignApi.PolicyVersionView) }),
    handler: async () => {
      const inForce = await deps.reference.policyInForce(deps.clock.now());
      return { items: (await deps.reference.listPolicies()).map((p) => toPolicyView(p, inForce?._id ?? null)) };
    },
  });

  api.route({
    method: 'post',
    path: '/policies',
    summary: 'Add a policy version effective from a date (never in the past)',
    tags: ['policies'],
    roles: ['admin'],
    body: DesignApi.CreatePolicyVersionRequest,
    response: DesignApi.PolicyVersionView,
    status: 201,
    handler: async ({ body, actor }) => {
      const version = await addPolicyVersion(deps, actor, body);
      const inForce = await deps.reference.policyInForce(deps.clock.now());
      return toPolicyView(version, inForce?._id ?? null);
    },
  });

  api.route({
    method: 'get',
    path: '/unit-costs',
    summary: 'Unit-cost benchmarks per need category (draft budgets of suggestions)',
    tags: ['policies'],
    roles: READERS,
    response: z.object({ items: z.array(DesignApi.UnitCostView) }),
    handler: async () => ({
      items: (await deps.reference.unitCosts.find({}, { sort: { _id: 1 } })).map(toUnitCostView),
    }),
  });

  api.route({
    method: 'put',
    path: '/unit-costs/:category',
    summary: "Set a category's unit-cost benchmark",
    tags: ['policies'],
    roles: ['admin'],
    params: DesignApi.CategoryParams,
    body: DesignApi.UpsertUnitCostRequest,
    response: DesignApi.UnitCostView,
    handler: async ({ params, body, actor }) => {
      const doc = await deps.reference.unitCosts.findOneAndUpdate(
        { _id: params.category },
        { $set: { ...body, updatedAt: deps.clock.now().toISOString(), updatedBy: actor.sub } },
        { upsert: true, returnDocument: 'after' },
      );
      if (!doc) throw new Error('the unit cost was not stored');
      return toUnitCostView(doc);
    },
  });
}
