import { formatYuan, ProjectApproved } from '@sanshe/contracts';
import { conflict, createEvent, type Cause, type Principal } from '@sanshe/platform';
import { commandProblem, requestedFen, RESERVED_STATES } from '../domain/project';
import type { ProjectDocument } from '../adapters/store/projects';
import { assertDecider, visibleProject } from './access';
import type { DesignDeps } from './deps';
import { scheduleReconcile } from './link-needs';
import { lintNow, policyViolations } from './lint-project';
import { SOURCE } from './source';

/**
 * Approves a submitted project and reserves its budget on the programme. The
 * reservation is a guarded write on the programme (it matches only while enough is
 * available), made before the project is saved; if the save loses a race, the
 * reservation is given back.
 */
export async function approveProject(
  deps: DesignDeps,
  actor: Principal,
  projectId: string,
  cause: Cause,
): Promise<ProjectDocument> {
  const project = await visibleProject(deps, actor, projectId);
  const problem = commandProblem(project.status, 'approve');
  if (problem) throw conflict('DESIGN.INVALID_TRANSITION', problem);
  assertDecider(actor, project);
  // The policy may have changed since submission: the version in force now decides.
  // The budget is decided by the reservation below, atomically; a stale reading here would only mislead.
  const { violations } = await lintNow(deps, project, { except: ['budget-within-programme'] });
  if (violations.length > 0) throw policyViolations(violations);
  const programmeId = project.programmeId as string;
  const amountFen = requestedFen(project);
  const now = deps.clock.now();
  const at = now.toISOString();

  await scheduleReconcile(deps, project._id, `v${project.version}`);
  const outcome = await deps.programmes.reserve(programmeId, project._id, amountFen, {
    at,
    by: actor.sub,
    reason: `approval of project ${project._id}`,
  });
  if (outcome === 'insufficient') {
    const programme = await deps.programmes.get(programmeId);
    throw conflict(
      'DESIGN.BUDGET_EXHAUSTED',
      `the programme has ${formatYuan(programme?.availableFen ?? 0)} left; the project needs ${formatYuan(amountFen)}`,
    );
  }
  if (outcome === 'closed' || outcome === 'missing')
    throw conflict('DESIGN.PROGRAMME_CLOSED', 'the programme takes no more projects');

  const event = createEvent(ProjectApproved, {
    source: SOURCE,
    subject: project._id,
    now,
    cause,
    data: {
      projectId: project._id,
      budgetFen: project.budgetFen,
      approvedAt: at,
      programmeId,
      reservedFen: amountFen,
      approvedBy: actor.sub,
    },
  });
  const updated = await deps.projects.update(
    project,
    {
      status: 'approved',
      approvedAt: at,
      approvedBy: actor.sub,
      reservation: { programmeId, amountFen, reservedAt: at },
    },
    {
      at,
      by: actor.sub,
      action: 'approved',
      from: project.status,
      to: 'approved',
      comment: `reserved ${formatYuan(amountFen)}`,
    },
    [event],
  );
  if (!updated) {
    // Another approval of the same project may have won with this very reservation: keep it then.
    const current = await deps.projects.get(project._id);
    if (!current || !RESERVED_STATES.includes(current.status)) {
      await deps.programmes.release(programmeId, project._id, { at, by: actor.sub, reason: 'approval lost a race' });
    }
    throw conflict('DESIGN.CONCURRENT_UPDATE', 'the project changed meanwhile; reload and retry');
  }
  return updated;
}
