import { IntakeApi } from '@sanshe/contracts';
import {
  conflict,
  DuplicateKeyError,
  insertWithEvents,
  notFound,
  unprocessable,
  type ApiRouter,
} from '@sanshe/platform';
import { z } from 'zod';
import { parentProblem, type Area } from '../../domain/areas';
import { areaChangedEvent, changeArea } from '../../app/area-events';
import type { IntakeDeps } from '../../app/deps';
import type { CategoryDocument } from '../store/registry-repository';

// Areas and categories are reference data (no personal data): everyone signed in reads their names.
const READERS = [
  'community_staff',
  'street_official',
  'official',
  'admin',
  'funder',
  'org_user',
  'social_worker',
  'evaluator',
] as const;
const MANAGERS = ['admin'] as const;

const toArea = (a: Area) => ({
  code: a._id,
  kind: a.kind,
  name: a.name,
  parentCode: a.parentCode,
  path: a.path,
  demo: a.demo,
  gridWorkers: a.gridWorkers,
  active: a.active,
});
const toCategory = (c: CategoryDocument) => ({
  code: c._id,
  name: c.name,
  description: c.description,
  group: c.group,
  keywords: c.keywords,
  attributes: c.attributes,
  active: c.active,
});

/** The administrative registry (district → street → community → grid) and need categories, managed as data. */
export function registerRegistryRoutes(api: ApiRouter, deps: IntakeDeps & { nudge: () => void }): void {
  const { registry } = deps;
  const cause = (correlationId: string) => ({ correlationId, causationId: null });

  api.route({
    method: 'get',
    path: '/areas',
    summary: 'Districts, streets, communities and grids',
    tags: ['registry'],
    roles: READERS,
    query: IntakeApi.ListAreasQuery,
    response: z.object({ items: z.array(IntakeApi.AreaView) }),
    handler: async ({ query }) => {
      const filter: Record<string, unknown> = {};
      if (query.kind) filter.kind = query.kind;
      if (query.parentCode) filter.parentCode = query.parentCode;
      return { items: (await registry.areas.find(filter, { sort: { _id: 1 }, limit: 5000 })).map(toArea) };
    },
  });

  api.route({
    method: 'get',
    path: '/areas/:code',
    summary: 'One area with its grid workers',
    tags: ['registry'],
    roles: READERS,
    params: IntakeApi.AreaCodeParams,
    response: IntakeApi.AreaView,
    handler: async ({ params }) => {
      const area = await registry.area(params.code);
      if (!area) throw notFound('INTAKE.AREA_NOT_FOUND', 'no such area');
      return toArea(area);
    },
  });

  api.route({
    method: 'post',
    path: '/areas',
    summary: 'Add an area under its parent',
    tags: ['registry'],
    roles: MANAGERS,
    body: IntakeApi.CreateAreaRequest,
    response: IntakeApi.AreaView,
    status: 201,
    handler: async ({ body, correlationId }) => {
      const parent = body.parentCode ? await registry.area(body.parentCode) : null;
      if (body.parentCode && !parent)
        throw unprocessable('INTAKE.UNKNOWN_PARENT', 'no such parent area', [
          { field: 'parentCode', reason: 'not in the registry' },
        ]);
      const problem = parentProblem(body.kind, parent);
      if (problem) throw unprocessable('INTAKE.INVALID_PARENT', problem, [{ field: 'parentCode', reason: problem }]);
      if (await registry.area(body.code)) throw conflict('INTAKE.AREA_EXISTS', `area ${body.code} already exists`);
      const area: Area = {
        _id: body.code,
        kind: body.kind,
        name: body.name,
        parentCode: body.parentCode,
        path: [...(parent?.path ?? []), body.code],
        demo: body.demo,
        gridWorkers: [],
        active: true,
      };
      // Announced in the same write, so consumers (fulfilment's indicators) learn of every area.
      try {
        await insertWithEvents(registry.areas, area, [
          areaChangedEvent(area, 1, deps.clock.now(), cause(correlationId)),
        ]);
      } catch (error) {
        if (error instanceof DuplicateKeyError)
          throw conflict('INTAKE.AREA_EXISTS', `area ${body.code} already exists`);
        throw error;
      }
      deps.nudge();
      return toArea(area);
    },
  });

  api.route({
    method: 'patch',
    path: '/areas/:code',
    summary: 'Rename or (de)activate an area',
    tags: ['registry'],
    roles: MANAGERS,
    params: IntakeApi.AreaCodeParams,
    body: IntakeApi.UpdateAreaRequest,
    response: IntakeApi.AreaView,
    handler: async ({ params, body, correlationId }) => {
      const area = await changeArea(deps, params.code, body, cause(correlationId));
      if (!area) throw notFound('INTAKE.AREA_NOT_FOUND', 'no such area');
      deps.nudge();
      return toArea(area);
    },
  });

  api.route({
    method: 'put',
    path: '/areas/:code/grid-workers',
    summary: 'Assign the grid workers of a grid',
    tags: ['registry'],
    roles: ['admin', 'street_official'],
    params: IntakeApi.AreaCodeParams,
    body: IntakeApi.SetGridWorkersRequest,
    response: IntakeApi.AreaView,
    handler: async ({ params, body, actor, correlationId }) => {
      const area = await registry.area(params.code);
      if (!area || (!actor.roles.includes('admin') && !area.path.some((c) => actor.communities.includes(c)))) {
        throw notFound('INTAKE.AREA_NOT_FOUND', 'no such area');
      }
      if (area.kind !== 'grid')
        throw unprocessable('INTAKE.NOT_A_GRID', 'grid workers are assigned to grids', [
          { field: 'code', reason: `a ${area.kind}` },
        ]);
      const updated = await changeArea(deps, params.code, { gridWorkers: body.gridWorkers }, cause(correlationId));
      if (!updated) throw notFound('INTAKE.AREA_NOT_FOUND', 'no such area');
      deps.nudge();
      return toArea(updated);
    },
  });

  api.route({
    method: 'get',
    path: '/categories',
    summary: 'Need categories with their own fields',
    tags: ['registry'],
    roles: READERS,
    response: z.object({ items: z.array(IntakeApi.CategoryView) }),
    handler: async () => ({ items: (await registry.categories.find({}, { sort: { _id: 1 } })).map(toCategory) }),
  });

  api.route({
    method: 'get',
    path: '/categories/:code',
    summary: 'One need category',
    tags: ['registry'],
    roles: READERS,
    params: IntakeApi.CategoryCodeParams,
    response: IntakeApi.CategoryView,
    handler: async ({ params }) => {
      const category = await registry.category(params.code);
      if (!category) throw notFound('INTAKE.CATEGORY_NOT_FOUND', 'no such category');
      return toCategory(category);
    },
  });

  api.route({
    method: 'put',
    path: '/categories/:code',
    summary: 'Create or replace a need category and its fields',
    tags: ['registry'],
    roles: MANAGERS,
    params: IntakeApi.CategoryCodeParams,
    body: IntakeApi.UpsertCategoryRequest,
    response: IntakeApi.CategoryView,
    handler: async ({ params, body }) => {
      const category = await registry.categories.findOneAndUpdate(
        { _id: params.code },
        { $set: body },
        { upsert: true, returnDocument: 'after' },
      );
      if (!category) throw notFound('INTAKE.CATEGORY_NOT_FOUND', 'no such category');
      return toCategory(category);
    },
  });
}
