import { ProjectPublished } from '@sanshe/contracts';
import { conflict, createEvent, type Cause, type Principal } from '@sanshe/platform';
import { commandProblem, requestedFen } from '../domain/project';
import type { ProjectDocument } from '../adapters/store/projects';
import { assertDecider, visibleProject } from './access';
import type { DesignDeps } from './deps';
import { lintNow, policyViolations } from './lint-project';
import { saveOrConflict } from './save';
import { SOURCE } from './source';

/**
 * Publishes an approved project: `project.published` carries everything procurement
 * needs to open a tender or a funding round (method, criteria and weights, eligibility,
 * budget ceiling, tranches, deadline). Without a deadline, procurement applies its own
 * default tender period.
 */
export async function publishProject(
  deps: DesignDeps,
  actor: Principal,
  projectId: string,
  requestedDeadline: string | undefined,
  cause: Cause,
): Promise<ProjectDocument> {
  const project = await visibleProject(deps, actor, projectId);
  const problem = commandProblem(project.status, 'publish');
  if (problem) throw conflict('DESIGN.INVALID_TRANSITION', problem);
  assertDecider(actor, project, { fourEyes: false });
  const bidDeadline = requestedDeadline ? new Date(requestedDeadline).toISOString() : null;
  const { violations, checkedAt } = await lintNow(deps, project, { bidDeadline });
  if (violations.length > 0) throw policyViolations(violations);
  const at = checkedAt;
  const event = createEvent(ProjectPublished, {
    source: SOURCE,
    subject: project._id,
    now: new Date(at),
    cause,
    data: {
      projectId: project._id,
      title: project.title,
      category: project.category,
      communityCodes: project.communityCodes,
      needIds: project.needIds,
      budgetFen: project.budgetFen,
      fundingMode: project.fundingMode,
      tranches: project.tranches,
      publishedAt: at,
      programmeId: project.reservation?.programmeId ?? project.programmeId ?? undefined,
      procurementMethod: project.procurementMethod,
      methodJustification: project.methodJustification,
      evaluationCriteria: project.evaluationCriteria,
      eligibility: project.eligibility,
      budgetCeilingFen: project.reservation?.amountFen ?? requestedFen(project),
      bidDeadline,
      servicePeriod: project.servicePeriod ?? undefined,
      objectives: project.objectives,
      kpis: project.kpis,
      version: project.version + 1,
    },
  });
  return saveOrConflict(
    deps,
    project,
    { status: 'published', publishedAt: at, bidDeadline },
    {
      at,
      by: actor.sub,
      action: 'published',
      from: project.status,
      to: 'published',
      ...(bidDeadline ? { comment: `bids close ${bidDeadline}` } : {}),
    },
    [event],
  );
}
