import { serviceFactories } from '@sanshe/embedded';
import { createEmbeddedStore, createInProcessJobs, createLogger, systemClock } from '@sanshe/platform';
import type { ServiceName } from './chaos-services';

/**
 * The topics each service's consumer group reads, taken from the services themselves: each
 * is composed on throw-away embedded adapters (nothing is started) and its handlers listed.
 * So the "no event lost" check follows the code as other people change it.
 */
export function consumedTopics(env: Record<string, string>): Record<ServiceName, string[]> {
  const logger = createLogger({ name: 'chaos-topology', level: 'silent' });
  const factories = serviceFactories({ ...env, NODE_ENV: 'test' });
  const topics = {} as Record<ServiceName, string[]>;
  for (const factory of Object.values(factories)) {
    const definition = factory.build({
      store: createEmbeddedStore(),
      jobs: createInProcessJobs({ clock: systemClock, logger }),
      clock: systemClock,
      logger,
      outbox: { nudge: () => undefined },
    });
    topics[factory.name] = Object.keys(definition.handlers).sort();
  }
  return topics;
}
