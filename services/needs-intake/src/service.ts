import type { ServiceDefinition, ServiceDeps } from '@sanshe/platform';
import { createHandlers } from './adapters/events/handlers';
import { createIntakeRoutes } from './adapters/http/routes';
import { createNeedsRepository } from './adapters/store/needs-repository';

/** Composes needs-intake on whatever adapters the runtime chose. */
export function createNeedsIntake(deps: ServiceDeps): ServiceDefinition {
  const needs = createNeedsRepository(deps.store);
  return {
    name: 'needs-intake',
    api: createIntakeRoutes({ needs, clock: deps.clock, nudge: deps.outbox.nudge }),
    outboxCollections: [needs.collection],
    handlers: createHandlers({ needs, clock: deps.clock, logger: deps.logger }),
    setup: () => needs.setup(),
  };
}
