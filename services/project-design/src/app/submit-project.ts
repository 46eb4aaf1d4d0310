import { ProjectSubmitted } from '@sanshe/contracts';
import { conflict, createEvent, type Cause, type Principal } from '@sanshe/platform';
import { commandProblem } from '../domain/project';
import type { ProjectDocument } from '../adapters/store/projects';
import { assertAuthor, visibleProject } from './access';
import type { DesignDeps } from './deps';
import { lintNow, policyViolations } from './lint-project';
import { saveOrConflict } from './save';
import { SOURCE } from './source';

/** Submits a project for a decision; refused with 422 while the linter finds violations. */
export async function submitProject(
  deps: DesignDeps,
  actor: Principal,
  projectId: string,
  cause: Cause,
): Promise<ProjectDocument> {
  const project = await visibleProject(deps, actor, projectId);
  const problem = commandProblem(project.status, 'submit');
  if (problem) throw conflict('DESIGN.INVALID_TRANSITION', problem);
  assertAuthor(actor, project);
  const { violations, policy, checkedAt } = await lintNow(deps, project);
  if (violations.length > 0) throw policyViolations(violations);
  const event = createEvent(ProjectSubmitted, {
    source: SOURCE,
    subject: project._id,
    now: new Date(checkedAt),
    cause,
    data: {
      projectId: project._id,
      version: project.version + 1,
      budgetFen: project.budgetFen,
      programmeId: project.programmeId ?? '',
      policyVersion: policy._id,
      submittedBy: actor.sub,
      submittedAt: checkedAt,
    },
  });
  return saveOrConflict(
    deps,
    project,
    { status: 'submitted', submittedAt: checkedAt, submittedBy: actor.sub, returnComments: null },
    {
      at: checkedAt,
      by: actor.sub,
      action: 'submitted',
      from: project.status,
      to: 'submitted',
      comment: `policy ${policy._id}`,
    },
    [event],
  );
}
