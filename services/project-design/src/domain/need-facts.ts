import type { NeedStatus } from '@sanshe/contracts';

/** Order of the life of a need, to break ties between facts stamped with the same instant. */
const LIFE_ORDER: Record<NeedStatus, number> = {
  logged: 0,
  acknowledged: 1,
  in_project: 2,
  contracted: 3,
  in_service: 4,
  fulfilled: 5,
  resolved: 6,
  referred: 6,
  withdrawn: 7,
  closed: 8,
};

/**
 * A sortable stamp of a status fact: the instant it happened (normalised to UTC), then
 * its place in the life of a need. The read model keeps the latest stamp it applied and
 * ignores any fact with an older one, so a redelivered or late event never undoes a
 * later one.
 */
export function factStamp(at: string, status: NeedStatus): string {
  return `${new Date(at).toISOString()}#${String(LIFE_ORDER[status]).padStart(2, '0')}`;
}

/**
 * Statuses in which a need may be taken into a project. `in_project` is among them: the
 * need may have been released by a cancelled project before intake moved it back, and
 * whether it is linked here is decided by this service's own `projectId`.
 */
const DESIGNABLE: readonly NeedStatus[] = ['logged', 'acknowledged', 'in_project'];

export function closedForDesign(status: NeedStatus): boolean {
  return !DESIGNABLE.includes(status);
}
