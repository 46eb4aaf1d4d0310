import type { ProjectArea } from './project';

/** Who is acting, as far as the rules care: roles and area scopes (a code covers everything below it). */
export interface Actor {
  sub: string;
  roles: readonly string[];
  communities: readonly string[];
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

/** Funders read every project (they fund them); staff and street officials those touching their areas. */
export function canSeeProject(actor: Actor, project: { areas: readonly ProjectArea[] }): boolean {
  if (seesAll(actor) || has(actor, 'funder')) return true;
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
