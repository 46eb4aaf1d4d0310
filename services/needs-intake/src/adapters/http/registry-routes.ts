import { IntakeApi } from '@sanshe/contracts';
import { conflict, notFound, unprocessable, type ApiRouter } from '@sanshe/platform';
import { z } from 'zod';
import { parentProblem, type Area } from '../../domain/areas';
import type { IntakeDeps } from '../../app/deps';
import type { CategoryDocument } from '../store/registry-repository';

const READERS = ['community_staff', 'street_official', 'official', 'admin', 'funder'] as const;
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
export function registerRegistryRoutes(api: ApiRouter, deps: IntakeDeps): void {
  const { registry } = deps;

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
    handler: async ({ body }) => {
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
      await registry.areas.insertOne(area);
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
    handler: async ({ params, body }) => {
      const area = await registry.areas.findOneAndUpdate(
        { _id: params.code },
        { $set: body },
        { returnDocument: 'after' },
      );
      if (!area) throw notFound('INTAKE.AREA_NOT_FOUND', 'no such area');
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
    handler: async ({ params, body, actor }) => {
      const area = await registry.area(params.code);
      if (!area || (!actor.roles.includes('admin') && !area.path.some((c) => actor.communities.includes(c)))) {
        throw notFound('INTAKE.AREA_NOT_FOUND', 'no such area');
      }
      if (area.kind !== 'grid')
        throw unprocessable('INTAKE.NOT_A_GRID', 'grid workers are assigned to grids', [
          { field: 'code', reason: `a ${area.kind}` },
        ]);
      const updated = await registry.areas.findOneAndUpdate(
        { _id: params.code },
        { $set: { gridWorkers: body.gridWorkers } },
        { returnDocument: 'after' },
      );
      if (!updated) throw notFound('INTAKE.AREA_NOT_FOUND', 'no such area');
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
