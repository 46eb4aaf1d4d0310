import type { ServiceDefinition, ServiceDeps } from '@sanshe/platform';
import type { FulfilmentDeps } from './app/deps';
import { createHandlers } from './adapters/events/handlers';
import { createFulfilmentRoutes } from './adapters/http/routes';
import { createRepositories } from './adapters/store/repositories';
import { defaultFulfilmentSettings, type FulfilmentSettings } from './settings';

/** Composes fulfilment on whatever adapters the runtime chose. */
export function createFulfilment(
  platform: ServiceDeps,
  settings: FulfilmentSettings = defaultFulfilmentSettings,
): ServiceDefinition {
  const repos = createRepositories(platform.store);
  const deps: FulfilmentDeps = { repos, clock: platform.clock, settings, nudge: platform.outbox.nudge };
  return {
    name: 'fulfilment',
    api: createFulfilmentRoutes(deps),
    outboxCollections: [repos.contracts, repos.records],
    handlers: createHandlers(deps),
    setup: () => repos.setup(),
  };
}
