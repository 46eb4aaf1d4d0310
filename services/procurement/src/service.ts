import type { ServiceDefinition, ServiceDeps } from '@sanshe/platform';
import { createHandlers } from './adapters/events/handlers';
import { createProcurementRoutes } from './adapters/http/routes';
import { registerJobs } from './adapters/jobs/close-tender-job';
import { createRepositories } from './adapters/store/repositories';
import type { ProcurementSettings } from './settings';

/** Composes procurement on whatever adapters the runtime chose. */
export function createProcurement(deps: ServiceDeps, settings: ProcurementSettings): ServiceDefinition {
  const repos = createRepositories(deps.store);
  const shared = { repos, clock: deps.clock, jobs: deps.jobs, settings, nudge: deps.outbox.nudge };
  registerJobs(deps.jobs, shared);
  return {
    name: 'procurement',
    api: createProcurementRoutes(shared),
    outboxCollections: [repos.organisations, repos.tenders, repos.bids],
    handlers: createHandlers(shared),
    setup: () => repos.setup(),
  };
}
