import { DesignApi } from '@sanshe/contracts';
import type { ApiRouter } from '@sanshe/platform';
import { approveProject } from '../../app/approve-project';
import { cancelProject } from '../../app/cancel-project';
import type { DesignDeps } from '../../app/deps';
import { publishProject } from '../../app/publish-project';
import { returnProject } from '../../app/return-project';
import { submitProject } from '../../app/submit-project';
import { toProjectView } from '../../app/views';
import { APPROVERS, AUTHORS, DESIGNERS } from './roles';

/** The workflow: each move is a POST; a move the current state does not allow is a 409 with the reason. */
export function registerWorkflowRoutes(api: ApiRouter, deps: DesignDeps & { nudge: () => void }): void {
  const common = { tags: ['workflow'], params: DesignApi.ProjectIdParams, response: DesignApi.ProjectView };

  api.route({
    ...common,
    method: 'post',
    path: '/projects/:projectId/submit',
    summary: 'Submit for approval (422 with the violations while the linter finds any)',
    roles: AUTHORS,
    handler: async ({ params, actor, correlationId }) => {
      const project = await submitProject(deps, actor, params.projectId, { correlationId, causationId: null });
      deps.nudge();
      return toProjectView(project);
    },
  });

  api.route({
    ...common,
    method: 'post',
    path: '/projects/:projectId/return',
    summary: 'Return to the authors with comments (an approved project releases its reserved budget)',
    roles: APPROVERS,
    body: DesignApi.ReturnProjectRequest,
    handler: async ({ params, body, actor, correlationId }) => {
      const project = await returnProject(deps, actor, params.projectId, body.comments, {
        correlationId,
        causationId: null,
      });
      deps.nudge();
      return toProjectView(project);
    },
  });

  api.route({
    ...common,
    method: 'post',
    path: '/projects/:projectId/approve',
    summary: "Approve and reserve the budget on the project's programme (409 when the programme cannot cover it)",
    roles: APPROVERS,
    handler: async ({ params, actor, correlationId }) => {
      const project = await approveProject(deps, actor, params.projectId, { correlationId, causationId: null });
      deps.nudge();
      return toProjectView(project);
    },
  });

  api.route({
    ...common,
    method: 'post',
    path: '/projects/:projectId/publish',
    summary:
      'Publish for procurement (project.published carries method, criteria, eligibility, ceiling, tranches, deadline)',
    roles: APPROVERS,
    body: DesignApi.PublishProjectRequest,
    handler: async ({ params, body, actor, correlationId }) => {
      const project = await publishProject(deps, actor, params.projectId, body?.bidDeadline, {
        correlationId,
        causationId: null,
      });
      deps.nudge();
      return toProjectView(project);
    },
  });

  api.route({
    ...common,
    method: 'post',
    path: '/projects/:projectId/cancel',
    summary: 'Cancel: the linked needs and the reserved budget are released',
    roles: DESIGNERS,
    body: DesignApi.CancelProjectRequest,
    handler: async ({ params, body, actor, correlationId }) => {
      const project = await cancelProject(deps, actor, params.projectId, body.reason, {
        correlationId,
        causationId: null,
      });
      deps.nudge();
      return toProjectView(project);
    },
  });
}
