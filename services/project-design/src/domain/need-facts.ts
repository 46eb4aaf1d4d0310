import { NEED_LIFE_ORDER, type NeedStatus } from '@sanshe/contracts';

/**
 * A sortable stamp of a status fact: the instant it happened (normalised to UTC), then
 * its place in the life of a need. The read model keeps the latest stamp it applied and
 * ignores any fact with an older one, so a redelivered or late event never undoes a
 * later one.
 */
export function factStamp(at: string, status: NeedStatus): string {
  return `${new Date(at).toISOString()}#${String(NEED_LIFE_ORDER[status]).padStart(2, '0')}`;
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
