import { ProjectCancelled } from '@sanshe/contracts';
import { conflict, createEvent, type Cause, type Principal } from '@sanshe/platform';
import { canAuthor } from '../domain/access';
import { commandProblem } from '../domain/project';
import type { ProjectDocument } from '../adapters/store/projects';
import { assertDecider, visibleProject } from './access';
import type { DesignDeps } from './deps';
import { scheduleReconcile } from './link-needs';
import { saveOrConflict } from './save';
import { SOURCE } from './source';

const AUTHORS_MAY_CANCEL = ['draft', 'submitted', 'returned'];

/**
 * Cancels a project: its needs go back to the open needs and its reserved budget back to
 * the programme. The project is saved first (with `project.cancelled`, which carries the
 * need ids); the releases follow, and the scheduled check finishes them after a crash.
 */
export async function cancelProject(
  deps: DesignDeps,
  actor: Principal,
  projectId: string,
  reason: string,
  cause: Cause,
): Promise<ProjectDocument> {
  const project = await visibleProject(deps, actor, projectId);
  const problem = commandProblem(project.status, 'cancel');
  if (problem) throw conflict('DESIGN.INVALID_TRANSITION', problem);
  // Authors may withdraw their own work until it is decided; after that it is a decision.
  if (!(AUTHORS_MAY_CANCEL.includes(project.status) && canAuthor(actor, project))) {
    assertDecider(actor, project, { fourEyes: false });
  }
  const now = deps.clock.now();
  const at = now.toISOString();
  await scheduleReconcile(deps, project._id, `v${project.version}`);
  const event = createEvent(ProjectCancelled, {
    source: SOURCE,
    subject: project._id,
    now,
    cause,
    data: {
      projectId: project._id,
      needIds: project.needIds,
      previousStatus: project.status,
      reason,
      programmeId: project.reservation?.programmeId ?? project.programmeId,
      releasedFen: project.reservation?.amountFen ?? 0,
      cancelledBy: actor.sub,
      cancelledAt: at,
    },
  });
  const cancelled = await saveOrConflict(
    deps,
    project,
    { status: 'cancelled', cancelledAt: at, cancelReason: reason, reservation: null },
    { at, by: actor.sub, action: 'cancelled', from: project.status, to: 'cancelled', comment: reason },
    [event],
  );
  await releaseEverything(deps, project._id, { at, by: actor.sub, reason: `project cancelled: ${reason}` });
  return cancelled;
}

/** Gives back every need linked to the project and every reservation held for it; idempotent. */
export async function releaseEverything(
  deps: Pick<DesignDeps, 'openNeeds' | 'programmes'>,
  projectId: string,
  meta: { at: string; by: string; reason: string },
): Promise<void> {
  await deps.openNeeds.releaseAll(projectId);
  for (const programme of await deps.programmes.holding(projectId)) {
    await deps.programmes.release(programme._id, projectId, meta);
  }
}
