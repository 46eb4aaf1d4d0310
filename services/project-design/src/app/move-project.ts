import { ProjectApproved, ProjectPublished, type EventEnvelope } from '@sanshe/contracts';
import { conflict, createEvent, notFound, type Cause, type Clock } from '@sanshe/platform';
import { transitionProblem, type Project } from '../domain/project';
import type { Repositories } from '../adapters/store/repositories';
import { SOURCE } from './source';

/** Approves or publishes a project; an invalid move is a 409 with the reason. */
export async function moveProject(
  deps: { repos: Repositories; clock: Clock },
  projectId: string,
  to: 'approved' | 'published',
  cause: Cause,
): Promise<Project> {
  const project = await deps.repos.getProject(projectId);
  if (!project) throw notFound('DESIGN.PROJECT_NOT_FOUND', 'no such project');
  const problem = transitionProblem(project.status, to);
  if (problem) throw conflict('DESIGN.INVALID_TRANSITION', problem);
  const now = deps.clock.now();
  const at = now.toISOString();
  let event: EventEnvelope;
  let set: Partial<Project>;
  if (to === 'approved') {
    set = { status: 'approved', approvedAt: at };
    event = createEvent(ProjectApproved, {
      source: SOURCE,
      subject: projectId,
      now,
      cause,
      data: { projectId, budgetFen: project.budgetFen, approvedAt: at },
    });
  } else {
    set = { status: 'published', publishedAt: at };
    event = createEvent(ProjectPublished, {
      source: SOURCE,
      subject: projectId,
      now,
      cause,
      data: {
        projectId,
        title: project.title,
        category: project.category,
        communityCodes: project.communityCodes,
        needIds: project.needIds,
        budgetFen: project.budgetFen,
        fundingMode: project.fundingMode,
        tranches: project.tranches,
        publishedAt: at,
      },
    });
  }
  const updated = await deps.repos.updateProject(project, set, [event]);
  if (!updated) throw conflict('DESIGN.CONCURRENT_UPDATE', 'the project changed meanwhile; reload and retry');
  return updated;
}
