import { ProjectCreated, type DesignApi } from '@sanshe/contracts';
import { createEvent, DuplicateKeyError, keyedId, unprocessable, type Cause, type Principal } from '@sanshe/platform';
import { budgetTotal, type Project } from '../domain/project';
import type { ProjectDocument } from '../adapters/store/projects';
import type { DesignDeps } from './deps';
import { claimAll, resolveLinks, scheduleReconcile } from './link-needs';
import { SOURCE } from './source';

/**
 * Designs a draft project from chosen open needs. Each need is claimed with a guarded
 * write before the project is stored; if any claim fails, the claims are released and
 * nothing is written. A draft may be incomplete: the linter says what is missing.
 *
 * With the request's Idempotency-Key record the project's id comes from the key: a try run
 * again after a crash finds the project the first one stored, or, if that one stopped before
 * storing it, takes back the needs it had claimed and claims them again.
 */
export async function createProject(
  deps: DesignDeps,
  actor: Principal,
  input: DesignApi.CreateProjectRequest,
  cause: Cause,
  idempotencyKey: string | null = null,
): Promise<ProjectDocument> {
  const projectId = keyedId(idempotencyKey, 'project');
  if (idempotencyKey) {
    const stored = await deps.projects.get(projectId);
    if (stored) return stored;
    await deps.openNeeds.releaseAll(projectId);
  }
  const { served } = await resolveLinks(
    deps,
    actor,
    { category: input.category, needIds: input.needIds, extraCommunityCodes: input.communityCodes },
    null,
  );
  if (input.programmeId !== null && !(await deps.programmes.get(input.programmeId))) {
    throw unprocessable('DESIGN.UNKNOWN_PROGRAMME', 'no such funding programme', [
      { field: 'programmeId', reason: 'no such funding programme' },
    ]);
  }
  const now = deps.clock.now();
  const at = now.toISOString();
  await scheduleReconcile(deps, projectId, 'v0');
  await claimAll(deps, projectId, input.needIds, at, (id) => `needIds.${input.needIds.indexOf(id)}`);
  try {
    const { communityCodes: extraCommunityCodes, ...content } = input;
    const project: Project = {
      _id: projectId,
      ...content,
      extraCommunityCodes,
      ...served,
      budgetFen: budgetTotal(input.budgetLines),
      status: 'draft',
      createdBy: actor.sub,
      createdAt: at,
      updatedAt: at,
      submittedAt: null,
      submittedBy: null,
      approvedAt: null,
      approvedBy: null,
      publishedAt: null,
      bidDeadline: null,
      returnComments: null,
      cancelledAt: null,
      cancelReason: null,
      reservation: null,
      contractIds: [],
      history: [{ version: 1, at, by: actor.sub, action: 'created', to: 'draft' }],
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
        communityCodes: project.communityCodes,
        createdBy: actor.sub,
      },
    });
    return await deps.projects.insert(project, [event]);
  } catch (error) {
    // Another try of the same request stored it first: the claims are that project's now.
    const raced = idempotencyKey && error instanceof DuplicateKeyError ? await deps.projects.get(projectId) : null;
    if (raced) return raced;
    await Promise.all(input.needIds.map((needId) => deps.openNeeds.release(needId, projectId)));
    throw error;
  }
}
