import type { ProjectArea } from './project';

/** Who is acting, as far as the rules care: roles and area scopes (a code covers everything below it). */
export interface Actor {
  sub: string;
  roles: readonly string[];
  communities: readonly string[];
  /** The funder a funder user acts for (null: none, so a funder sees nothing). */
  funderCode?: string | null;
}

const has = (actor: Actor, role: string) => actor.roles.includes(role);

/** District civil-affairs officials and administrators see every area. */
export function seesAll(actor: Actor): boolean {
  return has(actor, 'official') || has(actor, 'admin');
}

export function areaInScope(actor: Actor, area: ProjectArea): boolean {
  return [area.communityCode, area.streetCode, area.districtCode].some(
    (c) => c !== null && actor.communities.includes(c),
  );
}

/**
 * Funders (who are not also officials or administrators) act only for their own funder: they see
 * the programmes whose `funderCode` is theirs and the projects drawing on those programmes.
 */
export function isFunderScoped(actor: Actor): boolean {
  return has(actor, 'funder') && !seesAll(actor);
}

/** A funder-scoped actor without a funder code is refused outright (fail closed). */
export function lacksFunderScope(actor: Actor): boolean {
  return isFunderScoped(actor) && !actor.funderCode;
}

/** Whether the actor may see (or act on) a programme of this funder. */
export function fundsProgramme(actor: Actor, programme: { funderCode: string }): boolean {
  if (seesAll(actor)) return true;
  return has(actor, 'funder') && !!actor.funderCode && programme.funderCode === actor.funderCode;
}

/**
 * Staff and street officials see the projects touching their areas; funders those drawing on one of
 * their programmes (`programmeFunderCode`: the funder of the project's programme, null when none).
 */
export function canSeeProject(
  actor: Actor,
  project: { areas: readonly ProjectArea[] },
  programmeFunderCode: string | null = null,
): boolean {
  if (seesAll(actor)) return true;
  if (programmeFunderCode !== null && fundsProgramme(actor, { funderCode: programmeFunderCode })) return true;
  return project.areas.some((a) => areaInScope(actor, a));
}

/** Community staff author projects wholly within their communities; administrators any. */
export function canAuthor(actor: Actor, project: { areas: readonly ProjectArea[] }): boolean {
  if (has(actor, 'admin')) return true;
  return has(actor, 'community_staff') && project.areas.length > 0 && project.areas.every((a) => areaInScope(actor, a));
}

/**
 * Approvers: a district civil-affairs official for any project, a street official for
 * projects wholly within their street(s).
 */
export function canDecide(actor: Actor, project: { areas: readonly ProjectArea[] }): boolean {
  if (seesAll(actor)) return true;
  return has(actor, 'street_official') && project.areas.length > 0 && project.areas.every((a) => areaInScope(actor, a));
}

/** Four eyes: whoever submitted a project does not decide on it. */
export function isOwnSubmission(actor: Actor, project: { submittedBy: string | null }): boolean {
  return project.submittedBy === actor.sub;
}
