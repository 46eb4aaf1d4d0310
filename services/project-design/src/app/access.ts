import { forbidden, notFound, type Principal } from '@sanshe/platform';
import { canAuthor, canDecide, canSeeProject, isOwnSubmission } from '../domain/access';
import type { ProjectDocument } from '../adapters/store/projects';
import type { DesignDeps } from './deps';

/** Loads a project the actor may see; anything else looks absent, so ids of other areas are not confirmed. */
export async function visibleProject(
  deps: Pick<DesignDeps, 'projects'>,
  actor: Principal,
  projectId: string,
): Promise<ProjectDocument> {
  const project = await deps.projects.get(projectId);
  if (!project || !canSeeProject(actor, project)) throw notFound('DESIGN.PROJECT_NOT_FOUND', 'no such project');
  return project;
}

export function assertAuthor(actor: Principal, project: ProjectDocument): void {
  if (!canAuthor(actor, project))
    throw forbidden('only community staff serving every community of the project may change it');
}

export function assertDecider(
  actor: Principal,
  project: ProjectDocument,
  options: { fourEyes: boolean } = { fourEyes: true },
): void {
  if (!canDecide(actor, project)) {
    throw forbidden(
      'only a district civil-affairs official, or the street official of every community served, may decide',
    );
  }
  if (options.fourEyes && isOwnSubmission(actor, project)) {
    throw forbidden('whoever submitted a project does not decide on it (four eyes)');
  }
}
