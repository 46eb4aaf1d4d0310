import type { Filter, Principal } from '@sanshe/platform';
import { seesAll } from '../domain/access';

/**
 * Read-model conditions for what the actor may see, and for an optional area: a need
 * matches an area code anywhere on its path (district, street, community, grid).
 */
export function needScope(actor: Principal, area?: string): Filter[] {
  const and: Filter[] = [];
  if (!seesAll(actor)) and.push({ areaPath: { $in: actor.communities } });
  if (area) and.push({ areaPath: area });
  return and;
}
