import type { ServiceDefinition, ServiceDeps } from '@sanshe/platform';
import { createHandlers } from './adapters/events/handlers';
import { createFulfilmentRoutes } from './adapters/http/routes';
import { createRepositories } from './adapters/store/repositories';

/** Composes fulfilment on whatever adapters the runtime chose. */
export function createFulfilment(deps: ServiceDeps): ServiceDefinition {
  const repos = createRepositories(deps.store);
  const shared = { repos, clock: deps.clock, nudge: deps.outbox.nudge };
  return {
    name: 'fulfilment',
    api: createFulfilmentRoutes(shared),
    outboxCollections: [repos.contracts, repos.records],
    handlers: createHandlers(shared),
    setup: () => repos.setup(),
  };
}
