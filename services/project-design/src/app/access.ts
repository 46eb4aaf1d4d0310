import { AppError, forbidden, notFound, type Principal } from '@sanshe/platform';
import {
  canAuthor,
  canDecide,
  canSeeProject,
  fundsProgramme,
  isFunderScoped,
  isOwnSubmission,
  lacksFunderScope,
} from '../domain/access';
import type { Programme } from '../domain/programme';
import type { ProjectDocument } from '../adapters/store/projects';
import type { DesignDeps } from './deps';

/** A funder token without a funder code may not reach funder-scoped data at all (fail closed). */
export function assertFunderScope(actor: Principal): void {
  if (lacksFunderScope(actor)) {
    throw new AppError('AUTH.NO_FUNDER_SCOPE', 403, 'the funder token does not name the funder it acts for');
  }
}

/** Loads a programme the actor may see; another funder's looks absent, so its id is not confirmed. */
export async function visibleProgramme(
  deps: Pick<DesignDeps, 'programmes'>,
  actor: Principal,
  programmeId: string,
): Promise<Programme> {
  assertFunderScope(actor);
  const programme = await deps.programmes.get(programmeId);
  if (!programme || (isFunderScoped(actor) && !fundsProgramme(actor, programme))) {
    throw notFound('DESIGN.PROGRAMME_NOT_FOUND', 'no such programme');
  }
  return programme;
}

/** The ids of the programmes a funder-scoped actor funds (what their project reads are limited to). */
export async function fundedProgrammeIds(deps: Pick<DesignDeps, 'programmes'>, actor: Principal): Promise<string[]> {
  assertFunderScope(actor);
  return (await deps.programmes.list({ funderCode: actor.funderCode })).map((p) => p._id);
}

/** Loads a project the actor may see; anything else looks absent, so ids of other areas are not confirmed. */
export async function visibleProject(
  deps: Pick<DesignDeps, 'projects' | 'programmes'>,
  actor: Principal,
  projectId: string,
): Promise<ProjectDocument> {
  // A funder with no area scope reads only through a funder code: without one, refuse outright.
  if (actor.communities.length === 0) assertFunderScope(actor);
  const project = await deps.projects.get(projectId);
  // A funder sees a project through its programme: look the programme's funder up only for them.
  const programme =
    project?.programmeId && actor.roles.includes('funder') ? await deps.programmes.get(project.programmeId) : null;
  if (!project || !canSeeProject(actor, project, programme?.funderCode ?? null)) {
    throw notFound('DESIGN.PROJECT_NOT_FOUND', 'no such project');
  }
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
