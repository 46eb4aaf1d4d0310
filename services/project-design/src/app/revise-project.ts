import { ProjectRevised, type DesignApi } from '@sanshe/contracts';
import { conflict, createEvent, unprocessable, type Cause, type Principal } from '@sanshe/platform';
import { budgetTotal, changedFields, commandProblem, type Project, type ProjectContent } from '../domain/project';
import type { ProjectDocument } from '../adapters/store/projects';
import { assertAuthor, visibleProject } from './access';
import type { DesignDeps } from './deps';
import { claimAll, resolveLinks, scheduleReconcile } from './link-needs';
import { SOURCE } from './source';

/** The request names `communityCodes` what the project keeps as the extra communities. */
const requestName = (field: string) => (field === 'extraCommunityCodes' ? 'communityCodes' : field);

/**
 * Edits a draft or returned project. Needs added are claimed before the project is
 * saved (and released if the save loses a race); needs removed are released after.
 */
export async function reviseProject(
  deps: DesignDeps,
  actor: Principal,
  projectId: string,
  patch: DesignApi.UpdateProjectRequest,
  cause: Cause,
): Promise<ProjectDocument> {
  const project = await visibleProject(deps, actor, projectId);
  const problem = commandProblem(project.status, 'revise');
  if (problem) throw conflict('DESIGN.INVALID_TRANSITION', problem);
  assertAuthor(actor, project);
  const { expectedVersion, communityCodes, ...rest } = patch;
  if (expectedVersion !== undefined && expectedVersion !== project.version) {
    throw conflict(
      'DESIGN.VERSION_MISMATCH',
      `you edited version ${expectedVersion}; the project is at version ${project.version}`,
    );
  }
  const content: Partial<ProjectContent> = {
    ...rest,
    ...(communityCodes ? { extraCommunityCodes: communityCodes } : {}),
  };
  const fields = changedFields(project, content);
  if (fields.length === 0) return project;
  const next = { ...project, ...content };

  let served = {
    areas: project.areas,
    communityCodes: project.communityCodes,
    streetCodes: project.streetCodes,
    districtCodes: project.districtCodes,
  };
  const added = next.needIds.filter((id) => !project.needIds.includes(id));
  const removed = project.needIds.filter((id) => !next.needIds.includes(id));
  if (fields.some((f) => ['needIds', 'category', 'extraCommunityCodes'].includes(f))) {
    served = (await resolveLinks(deps, actor, next, project._id)).served;
  }
  if (content.programmeId && !(await deps.programmes.get(content.programmeId))) {
    throw unprocessable('DESIGN.UNKNOWN_PROGRAMME', 'no such funding programme', [
      { field: 'programmeId', reason: 'no such funding programme' },
    ]);
  }

  const now = deps.clock.now();
  const at = now.toISOString();
  await scheduleReconcile(deps, project._id, `v${project.version}`);
  await claimAll(deps, project._id, added, at, (id) => `needIds.${next.needIds.indexOf(id)}`);
  const set: Partial<Project> = { ...content, ...served, budgetFen: budgetTotal(next.budgetLines) };
  const event = createEvent(ProjectRevised, {
    source: SOURCE,
    subject: project._id,
    now,
    cause,
    data: {
      projectId: project._id,
      version: project.version + 1,
      fields: fields.map(requestName),
      needIds: next.needIds,
      linkedNeedIds: added,
      unlinkedNeedIds: removed,
      revisedBy: actor.sub,
      revisedAt: at,
    },
  });
  const updated = await deps.projects.update(
    project,
    set,
    { at, by: actor.sub, action: 'revised', fields: fields.map(requestName) },
    [event],
  );
  if (!updated) {
    await Promise.all(added.map((id) => deps.openNeeds.release(id, project._id)));
    throw conflict('DESIGN.CONCURRENT_UPDATE', 'the project changed meanwhile; reload and retry');
  }
  await Promise.all(removed.map((id) => deps.openNeeds.release(id, project._id)));
  return updated;
}
