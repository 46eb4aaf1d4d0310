import { ApiRouter, type ServiceDefinition, type ServiceDeps } from '@sanshe/platform';
import type { IntakeDeps } from './app/deps';
import { createHandlers } from './adapters/events/handlers';
import { registerImportRoutes } from './adapters/http/import-routes';
import { registerNeedRoutes } from './adapters/http/need-routes';
import { registerOpen311Routes } from './adapters/http/open311-routes';
import { registerRegistryRoutes } from './adapters/http/registry-routes';
import { registerStatsRoutes } from './adapters/http/stats-routes';
import { registerTrackRoutes } from './adapters/http/track-routes';
import { registerImportJob } from './adapters/jobs/import-job';
import { registerSlaJobs } from './adapters/jobs/sla-jobs';
import { createImportsRepository } from './adapters/store/imports-repository';
import { createNeedsRepository } from './adapters/store/needs-repository';
import { createRegistryRepository } from './adapters/store/registry-repository';
import { loadSeed } from './adapters/store/seed';
import { announceAreas } from './app/area-events';
import { createTrackAttemptsRepository } from './adapters/store/track-attempts';
import type { IntakeSettings } from './settings';

/** Composes needs-intake on whatever adapters the runtime chose. */
export function createNeedsIntake(platform: ServiceDeps, settings: IntakeSettings): ServiceDefinition {
  const needs = createNeedsRepository(platform.store);
  const registry = createRegistryRepository(platform.store);
  const trackAttempts = createTrackAttemptsRepository(platform.store);
  const imports = createImportsRepository(platform.store);
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
  registerTrackRoutes(api, { ...deps, attempts: trackAttempts });
  registerStatsRoutes(api, deps);
  registerOpen311Routes(api, deps);
  registerImportRoutes(api, { ...deps, imports });
  registerSlaJobs(deps);
  registerImportJob({ ...deps, imports });
  return {
    name: 'needs-intake',
    api,
    outboxCollections: [needs.collection, registry.areas],
    handlers: createHandlers(deps),
    async setup() {
      await needs.setup();
      await registry.setup();
      await trackAttempts.setup();
      await imports.setup();
      await loadSeed(registry);
      await announceAreas(deps);
    },
  };
}
