import { ProjectCreated, type DesignApi } from '@sanshe/contracts';
import { createEvent, forbidden, newId, unprocessable, type Cause, type Clock, type Principal } from '@sanshe/platform';
import { needProblems, type Project } from '../domain/project';
import type { Repositories } from '../adapters/store/repositories';
import { SOURCE } from './source';

/**
 * Designs a project from chosen open needs. Each need is claimed with a guarded
 * write before the project is stored; if any claim fails, the claims are released
 * and nothing is written.
 */
export async function createProject(
  deps: { repos: Repositories; clock: Clock },
  actor: Principal,
  input: DesignApi.CreateProjectRequest,
  cause: Cause,
): Promise<Project> {
  const needs = await deps.repos.openNeeds.find({
    _id: { $in: input.needIds },
    closed: { $ne: true },
    caseNumber: { $exists: true },
  });
  const problems = needProblems(input.category, input.needIds, needs);
  if (problems.length > 0) throw unprocessable('DESIGN.NEEDS_NOT_AVAILABLE', 'some needs cannot be linked', problems);
  const communityCodes = [...new Set(needs.map((n) => n.communityCode))].sort();
  const isOfficial = actor.roles.some((r) => r === 'official' || r === 'admin');
  if (!isOfficial && communityCodes.some((c) => !actor.communities.includes(c))) {
    throw forbidden('a project may only link needs of communities you serve');
  }

  const projectId = newId();
  const claimed: string[] = [];
  try {
    for (const needId of input.needIds) {
      if (!(await deps.repos.claimNeed(needId, projectId))) {
        throw unprocessable('DESIGN.NEEDS_NOT_AVAILABLE', 'a need was just linked to another project', [
          { field: `needIds.${input.needIds.indexOf(needId)}`, reason: 'already linked to another project' },
        ]);
      }
      claimed.push(needId);
    }
    const now = deps.clock.now();
    const project: Project = {
      _id: projectId,
      title: input.title,
      category: input.category,
      needIds: input.needIds,
      communityCodes,
      budgetFen: input.budgetFen,
      fundingMode: input.fundingMode,
      tranches: input.tranches,
      status: 'draft',
      createdBy: actor.sub,
      createdAt: now.toISOString(),
      approvedAt: null,
      publishedAt: null,
    };
    const event = createEvent(ProjectCreated, {
      source: SOURCE,
      subject: projectId,
      now,
      cause,
      data: {
        projectId,
        title: project.title,
        category: project.category,
        needIds: project.needIds,
        budgetFen: project.budgetFen,
        fundingMode: project.fundingMode,
      },
    });
    await deps.repos.insertProject(project, [event]);
    return project;
  } catch (error) {
    await Promise.all(claimed.map((needId) => deps.repos.releaseNeed(needId, projectId)));
    throw error;
  }
}
