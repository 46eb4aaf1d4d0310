import { OrganisationRegistered, ProjectPublished, RoundAwarded } from '@sanshe/contracts';
import type { EventHandler } from '@sanshe/platform';
import type { FulfilmentDeps } from '../../app/deps';
import { openDataProjection as od } from '../../app/open-data-projection';

/**
 * Adds the open-data projection to fulfilment's handlers. Where a type already has a
 * handler (round awards make contracts, published projects feed the funders' view) the
 * projection runs after it, in the same delivery: both parts are idempotent, so a retry
 * of the whole is safe.
 */
export function withOpenDataHandlers(
  deps: FulfilmentDeps,
  handlers: Record<string, EventHandler>,
): Record<string, EventHandler> {
  const own: Record<string, EventHandler> = {
    [OrganisationRegistered.type]: (raw) =>
      od.organisationRegistered(deps, OrganisationRegistered.envelope.parse(raw).data),
    [RoundAwarded.type]: (raw) => od.roundAwarded(deps, RoundAwarded.envelope.parse(raw).data),
    [ProjectPublished.type]: (raw) => od.projectPublished(deps, ProjectPublished.envelope.parse(raw).data),
  };
  const all = { ...handlers };
  for (const [type, handle] of Object.entries(own)) {
    const first = handlers[type];
    all[type] = first
      ? async (raw) => {
          await first(raw);
          await handle(raw);
        }
      : handle;
  }
  return all;
}
