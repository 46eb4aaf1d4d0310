import type { ServiceDefinition, ServiceDeps } from '@sanshe/platform';
import { createHandlers } from './adapters/events/handlers';
import { createDesignRoutes } from './adapters/http/routes';
import { createRepositories } from './adapters/store/repositories';

/** Composes project-design on whatever adapters the runtime chose. */
export function createProjectDesign(deps: ServiceDeps): ServiceDefinition {
  const repos = createRepositories(deps.store);
  return {
    name: 'project-design',
    api: createDesignRoutes({ repos, clock: deps.clock, nudge: deps.outbox.nudge }),
    outboxCollections: [repos.projects],
    handlers: createHandlers(repos),
    setup: () => repos.setup(),
  };
}
