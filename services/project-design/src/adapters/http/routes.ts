import { DesignApi } from '@sanshe/contracts';
import { ApiRouter, notFound, type Clock } from '@sanshe/platform';
import { z } from 'zod';
import { createProject } from '../../app/create-project';
import { moveProject } from '../../app/move-project';
import { toOpenNeedView, toProjectView } from '../../app/views';
import type { Repositories } from '../store/repositories';

const DESIGNERS = ['community_staff', 'official', 'admin'] as const;
const APPROVERS = ['official', 'admin'] as const;

export function createDesignRoutes(deps: { repos: Repositories; clock: Clock; nudge: () => void }): ApiRouter {
  const api = new ApiRouter('Sanshe project design', '/api/design');

  api.route({
    method: 'get',
    path: '/open-needs',
    summary: 'Open needs (read model of intake events) to design projects from',
    tags: ['needs'],
    roles: DESIGNERS,
    query: DesignApi.ListOpenNeedsQuery,
    response: z.object({ items: z.array(DesignApi.OpenNeedView) }),
    handler: async ({ query, actor }) => {
      const filter: Record<string, unknown> = { projectId: null, closed: { $ne: true }, caseNumber: { $exists: true } };
      if (query.category) filter.category = query.category;
      const isOfficial = actor.roles.some((r) => r === 'official' || r === 'admin');
      if (query.communityCode) filter.communityCode = query.communityCode;
      if (!isOfficial) {
        filter.communityCode =
          query.communityCode && actor.communities.includes(query.communityCode)
            ? query.communityCode
            : { $in: actor.communities };
      }
      const items = await deps.repos.openNeeds.find(filter, { sort: { loggedAt: 1 }, limit: query.limit });
      return { items: items.map(toOpenNeedView) };
    },
  });

  api.route({
    method: 'post',
    path: '/projects',
    summary: 'Design a service project from open needs',
    tags: ['projects'],
    roles: DESIGNERS,
    body: DesignApi.CreateProjectRequest,
    response: DesignApi.ProjectView,
    status: 201,
    handler: async ({ body, actor, correlationId }) => {
      const project = await createProject(deps, actor, body, { correlationId, causationId: null });
      deps.nudge();
      return toProjectView(project);
    },
  });

  api.route({
    method: 'get',
    path: '/projects/:projectId',
    summary: 'A service project',
    tags: ['projects'],
    roles: [...DESIGNERS, 'funder'],
    params: DesignApi.ProjectIdParams,
    response: DesignApi.ProjectView,
    handler: async ({ params }) => {
      const project = await deps.repos.getProject(params.projectId);
      if (!project) throw notFound('DESIGN.PROJECT_NOT_FOUND', 'no such project');
      return toProjectView(project);
    },
  });

  for (const [action, to] of [
    ['approve', 'approved'],
    ['publish', 'published'],
  ] as const) {
    api.route({
      method: 'post',
      path: `/projects/:projectId/${action}`,
      summary: `${action[0]?.toUpperCase()}${action.slice(1)} a project`,
      tags: ['projects'],
      roles: APPROVERS,
      params: DesignApi.ProjectIdParams,
      response: DesignApi.ProjectView,
      handler: async ({ params, correlationId }) => {
        const project = await moveProject(deps, params.projectId, to, { correlationId, causationId: null });
        deps.nudge();
        return toProjectView(project);
      },
    });
  }

  return api;
}
