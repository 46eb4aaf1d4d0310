import { ApiRouter, type ServiceDefinition, type ServiceDeps } from '@sanshe/platform';
import type { IntakeDeps } from './app/deps';
import { createHandlers } from './adapters/events/handlers';
import { registerNeedRoutes } from './adapters/http/need-routes';
import { registerRegistryRoutes } from './adapters/http/registry-routes';
import { registerSlaJobs } from './adapters/jobs/sla-jobs';
import { createNeedsRepository } from './adapters/store/needs-repository';
import { createRegistryRepository } from './adapters/store/registry-repository';
import { loadSeed } from './adapters/store/seed';
import type { IntakeSettings } from './settings';

/** Composes needs-intake on whatever adapters the runtime chose. */
export function createNeedsIntake(platform: ServiceDeps, settings: IntakeSettings): ServiceDefinition {
  const needs = createNeedsRepository(platform.store);
  const registry = createRegistryRepository(platform.store);
  const deps: IntakeDeps & { nudge: () => void } = {
    needs,
    registry,
    clock: platform.clock,
    jobs: platform.jobs,
    logger: platform.logger,
    settings,
    nudge: platform.outbox.nudge,
  };
  const api = new ApiRouter('Sanshe needs intake', '/api/intake');
  registerNeedRoutes(api, deps);
  registerRegistryRoutes(api, deps);
  registerSlaJobs(deps);
  return {
    name: 'needs-intake',
    api,
    outboxCollections: [needs.collection],
    handlers: createHandlers(deps),
    async setup() {
      await needs.setup();
      await registry.setup();
      await loadSeed(registry);
    },
  };
}
