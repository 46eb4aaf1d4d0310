import { ApiRouter, type ServiceDefinition, type ServiceDeps } from '@sanshe/platform';
import type { DesignDeps } from './app/deps';
import { createHandlers } from './adapters/events/handlers';
import { registerNeedRoutes } from './adapters/http/need-routes';
import { registerProjectRoutes } from './adapters/http/project-routes';
import { registerReferenceRoutes } from './adapters/http/reference-routes';
import { registerWorkflowRoutes } from './adapters/http/workflow-routes';
import { registerJobs } from './adapters/jobs/reconcile-job';
import { createOpenNeedsRepository } from './adapters/store/open-needs';
import { createProgrammesRepository } from './adapters/store/programmes';
import { createProjectsRepository } from './adapters/store/projects';
import { createReferenceRepository } from './adapters/store/reference-data';
import { loadSeed } from './adapters/store/seed';
import { DesignSettings } from './settings';

/** Composes project-design on whatever adapters the runtime chose. */
export function createProjectDesign(
  platform: ServiceDeps,
  settings: DesignSettings = DesignSettings.parse({}),
): ServiceDefinition {
  const deps: DesignDeps & { nudge: () => void } = {
    projects: createProjectsRepository(platform.store),
    openNeeds: createOpenNeedsRepository(platform.store),
    programmes: createProgrammesRepository(platform.store),
    reference: createReferenceRepository(platform.store),
    clock: platform.clock,
    jobs: platform.jobs,
    logger: platform.logger,
    settings,
    nudge: platform.outbox.nudge,
  };
  const api = new ApiRouter('Sanshe project design', '/api/design');
  registerNeedRoutes(api, deps);
  registerProjectRoutes(api, deps);
  registerWorkflowRoutes(api, deps);
  registerReferenceRoutes(api, deps);
  registerJobs(deps);
  return {
    name: 'project-design',
    api,
    outboxCollections: [deps.projects.collection, deps.programmes.collection],
    handlers: createHandlers(deps),
    async setup() {
      await deps.projects.setup();
      await deps.openNeeds.setup();
      await deps.programmes.setup();
      await deps.reference.setup();
      await loadSeed(deps);
    },
  };
}
