import { ProjectReturned } from '@sanshe/contracts';
import { conflict, createEvent, type Cause, type Principal } from '@sanshe/platform';
import { commandProblem } from '../domain/project';
import type { ProjectDocument } from '../adapters/store/projects';
import { assertDecider, visibleProject } from './access';
import type { DesignDeps } from './deps';
import { scheduleReconcile } from './link-needs';
import { saveOrConflict } from './save';
import { SOURCE } from './source';

/**
 * Returns a submitted project to its authors with comments. An approved project not yet
 * published may be returned too: its reservation is released once the project is saved.
 */
export async function returnProject(
  deps: DesignDeps,
  actor: Principal,
  projectId: string,
  comments: string,
  cause: Cause,
): Promise<ProjectDocument> {
  const project = await visibleProject(deps, actor, projectId);
  const problem = commandProblem(project.status, 'return');
  if (problem) throw conflict('DESIGN.INVALID_TRANSITION', problem);
  assertDecider(actor, project);
  const now = deps.clock.now();
  const at = now.toISOString();
  const reservation = project.reservation;
  if (reservation) await scheduleReconcile(deps, project._id, `v${project.version}`);
  const event = createEvent(ProjectReturned, {
    source: SOURCE,
    subject: project._id,
    now,
    cause,
    data: {
      projectId: project._id,
      comments,
      releasedFen: reservation?.amountFen ?? 0,
      returnedBy: actor.sub,
      returnedAt: at,
    },
  });
  const updated = await saveOrConflict(
    deps,
    project,
    { status: 'returned', returnComments: comments, reservation: null, approvedAt: null, approvedBy: null },
    { at, by: actor.sub, action: 'returned', from: project.status, to: 'returned', comment: comments },
    [event],
  );
  if (reservation) {
    await deps.programmes.release(reservation.programmeId, project._id, {
      at,
      by: actor.sub,
      reason: 'project returned',
    });
  }
  return updated;
}
