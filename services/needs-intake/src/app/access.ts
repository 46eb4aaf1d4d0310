import { forbidden, notFound, type Principal } from '@sanshe/platform';
import { inScope } from '../domain/areas';
import type { Need } from '../domain/need';
import type { NeedDocument } from '../adapters/store/needs-repository';
import type { IntakeDeps } from './deps';

const SEES_ALL = ['official', 'admin'] as const;

export function seesAll(actor: Principal): boolean {
  return actor.roles.some((r) => (SEES_ALL as readonly string[]).includes(r));
}

/** Staff see needs in their areas (a street official's street covers its communities). */
export function canSee(actor: Principal, need: Pick<Need, 'areaPath'>): boolean {
  return seesAll(actor) || inScope(actor.communities, need.areaPath);
}

/** 首问负责: the owner handles the need; street officials and admins may step in within their scope. */
export function canHandle(actor: Principal, need: Pick<Need, 'areaPath' | 'ownerId'>): boolean {
  if (actor.roles.includes('admin')) return true;
  if (actor.roles.includes('street_official') && inScope(actor.communities, need.areaPath)) return true;
  return actor.sub === need.ownerId && canSee(actor, need);
}

/** Loads a need the actor may see; anything else looks absent, so ids of other areas are not confirmed. */
export async function visibleNeed(
  deps: Pick<IntakeDeps, 'needs'>,
  actor: Principal,
  needId: string,
): Promise<NeedDocument> {
  const need = await deps.needs.get(needId);
  if (!need || !canSee(actor, need)) throw notFound('INTAKE.NEED_NOT_FOUND', 'no such need');
  return need;
}

export async function handleableNeed(
  deps: Pick<IntakeDeps, 'needs'>,
  actor: Principal,
  needId: string,
): Promise<NeedDocument> {
  const need = await visibleNeed(deps, actor, needId);
  if (!canHandle(actor, need))
    throw forbidden('only the need owner (首问责任人), their street officials or an admin may do this');
  return need;
}

/** Whoever needs the resident's number to contact them sees it in full; everyone else masked. */
export function seesFullPhone(actor: Principal, need: Pick<Need, 'areaPath' | 'ownerId'>): boolean {
  return (
    actor.sub === need.ownerId || (actor.roles.includes('community_staff') && inScope(actor.communities, need.areaPath))
  );
}
