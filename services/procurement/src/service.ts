import { ApiRouter, type ServiceDefinition, type ServiceDeps } from '@sanshe/platform';
import type { ProcurementDeps } from './app/deps';
import { createKeyring } from './app/keyring';
import { createHandlers } from './adapters/events/handlers';
import { registerBidRoutes } from './adapters/http/bid-routes';
import { registerEvaluationRoutes } from './adapters/http/evaluation-routes';
import { registerOcdsRoutes } from './adapters/http/ocds-routes';
import { registerOrganisationRoutes } from './adapters/http/organisation-routes';
import { registerPolicyRoutes } from './adapters/http/policy-routes';
import { registerRoundRoutes } from './adapters/http/round-routes';
import { registerTenderRoutes } from './adapters/http/tender-routes';
import { registerJobs } from './adapters/jobs/jobs';
import { createRepositories } from './adapters/store/repositories';
import type { ProcurementSettings } from './settings';

/** Composes procurement on whatever adapters the runtime chose. */
export function createProcurement(platform: ServiceDeps, settings: ProcurementSettings): ServiceDefinition {
  const repos = createRepositories(platform.store);
  const deps: ProcurementDeps & { nudge: () => void } = {
    repos,
    clock: platform.clock,
    jobs: platform.jobs,
    logger: platform.logger,
    settings,
    keyring: createKeyring(repos.keys, settings.masterKey, platform.clock),
    nudge: platform.outbox.nudge,
  };
  const api = new ApiRouter('Sanshe procurement', '/api/procurement');
  registerOrganisationRoutes(api, deps);
  registerTenderRoutes(api, deps);
  registerBidRoutes(api, deps);
  registerEvaluationRoutes(api, deps);
  registerRoundRoutes(api, deps);
  registerOcdsRoutes(api, deps);
  registerPolicyRoutes(api, deps);
  registerJobs(deps);
  return {
    name: 'procurement',
    api,
    outboxCollections: [repos.organisations, repos.tenders, repos.bids, repos.rounds],
    handlers: createHandlers(deps),
    setup: () => repos.setup(),
  };
}
