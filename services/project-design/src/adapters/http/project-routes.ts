import { DesignApi } from '@sanshe/contracts';
import type { ApiRouter, Filter } from '@sanshe/platform';
import { z } from 'zod';
import { isFunderScoped, seesAll } from '../../domain/access';
import { fundedProgrammeIds, visibleProject } from '../../app/access';
import { createProject } from '../../app/create-project';
import type { DesignDeps } from '../../app/deps';
import { lintNow } from '../../app/lint-project';
import { reviseProject } from '../../app/revise-project';
import { toProjectView } from '../../app/views';
import { AUTHORS, DESIGNERS, READERS } from './roles';

export function registerProjectRoutes(api: ApiRouter, deps: DesignDeps & { nudge: () => void }): void {
  api.route({
    method: 'post',
    path: '/projects',
    summary: 'Design a draft service project from open needs',
    tags: ['projects'],
    roles: AUTHORS,
    body: DesignApi.CreateProjectRequest,
    response: DesignApi.ProjectView,
    status: 201,
    idempotent: true,
    handler: async ({ body, actor, correlationId, idempotencyKey }) => {
      const cause = { correlationId, causationId: null };
      const project = await createProject(deps, actor, body, cause, idempotencyKey);
      deps.nudge();
      return toProjectView(project);
    },
  });

  api.route({
    method: 'get',
    path: '/projects',
    summary: 'Service projects you may see, newest first',
    tags: ['projects'],
    roles: READERS,
    query: DesignApi.ListProjectsQuery,
    response: z.object({ items: z.array(DesignApi.ProjectView) }),
    handler: async ({ query, actor }) => {
      const and: Filter[] = [];
      if (!seesAll(actor)) {
        const inScope: Filter[] = [
          { communityCodes: { $in: actor.communities } },
          { streetCodes: { $in: actor.communities } },
          { districtCodes: { $in: actor.communities } },
        ];
        // A funder also sees the projects drawing on their own programmes (and no others).
        if (isFunderScoped(actor)) inScope.push({ programmeId: { $in: await fundedProgrammeIds(deps, actor) } });
        and.push({ $or: inScope });
      }
      if (query.status) and.push({ status: query.status });
      if (query.category) and.push({ category: query.category });
      if (query.communityCode) and.push({ communityCodes: query.communityCode });
      const items = await deps.projects.list(and.length > 0 ? { $and: and } : {}, query.limit);
      return { items: items.map(toProjectView) };
    },
  });

  api.route({
    method: 'get',
    path: '/projects/:projectId',
    summary: 'A service project',
    tags: ['projects'],
    roles: READERS,
    params: DesignApi.ProjectIdParams,
    response: DesignApi.ProjectView,
    handler: async ({ params, actor }) => toProjectView(await visibleProject(deps, actor, params.projectId)),
  });

  api.route({
    method: 'patch',
    path: '/projects/:projectId',
    summary: 'Edit a draft or returned project (a new version; linked needs may change)',
    tags: ['projects'],
    roles: AUTHORS,
    params: DesignApi.ProjectIdParams,
    body: DesignApi.UpdateProjectRequest,
    response: DesignApi.ProjectView,
    handler: async ({ params, body, actor, correlationId }) => {
      const project = await reviseProject(deps, actor, params.projectId, body, { correlationId, causationId: null });
      deps.nudge();
      return toProjectView(project);
    },
  });

  api.route({
    method: 'get',
    path: '/projects/:projectId/history',
    summary: 'Every version of a project: who changed what, when',
    tags: ['projects'],
    roles: READERS,
    params: DesignApi.ProjectIdParams,
    response: DesignApi.ProjectHistory,
    handler: async ({ params, actor }) => {
      const project = await visibleProject(deps, actor, params.projectId);
      return { projectId: project._id, version: project.version, items: project.history };
    },
  });

  api.route({
    method: 'post',
    path: '/projects/:projectId/lint',
    summary: 'Check a project against the policy version in force now (submission is refused while it has violations)',
    tags: ['projects'],
    roles: DESIGNERS,
    params: DesignApi.ProjectIdParams,
    response: DesignApi.LintResult,
    handler: async ({ params, actor }) => {
      const project = await visibleProject(deps, actor, params.projectId);
      const { violations, policy, checkedAt } = await lintNow(deps, project);
      return {
        projectId: project._id,
        version: project.version,
        checkedAt,
        policy: { policyId: policy._id, effectiveFrom: policy.effectiveFrom },
        violations,
      };
    },
  });
}
