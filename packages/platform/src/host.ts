import type { ServiceName } from '@sanshe/contracts';
import type { Logger } from 'pino';
import type { Express } from 'express';
import { InMemoryEventBus } from './bus/in-memory';
import { createKafkaBus } from './bus/kafka';
import type { NewGroupStart } from './bus/kafka-start';
import type { EventBus } from './bus/port';
import type { Clock } from './clock';
import type { BaseConfig } from './config';
import { createHttpApp } from './http/app';
import type { TokenVerifier } from './http/auth';
import { createBullmqJobs } from './jobs/bullmq';
import { createInProcessJobs } from './jobs/in-process';
import type { JobQueue } from './jobs/port';
import { startService, type RunningService, type ServiceDefinition, type ServiceDeps } from './runtime';
import { createEmbeddedStore } from './store/embedded';
import { createMongoStore } from './store/mongo';
import type { DocumentStore } from './store/port';

export interface ServiceFactory {
  name: ServiceName;
  build(deps: ServiceDeps): ServiceDefinition;
}

export type HostMode =
  | { kind: 'embedded' }
  | {
      kind: 'distributed';
      kafkaBrokers: string[];
      mongoUrl: string;
      redisUrl: string;
      mongoDb?: string;
      replicationFactor?: number;
      partitions?: number;
      /** Where a consumer group without committed offsets starts; default `earliest` (all history). */
      newGroupStart?: NewGroupStart;
    };

export interface HostOptions {
  mode: HostMode;
  services: readonly ServiceFactory[];
  logger: Logger;
  clock: Clock;
  verifier: TokenVerifier;
  bodyLimit?: string;
  relayPollMs?: number;
  /**
   * Isolates test runs that share servers: databases, job queues and consumer groups
   * get it as a prefix. Production leaves it unset (databases `sanshe_<service>`,
   * queues `sanshe-<service>`, consumer groups named after the service).
   */
  namespace?: string;
  beforeNotFound?: (app: Express) => void;
}

export interface Host {
  app: Express;
  services: RunningService[];
  bus: EventBus;
  /** The in-process log in embedded mode (tests read topics from it); null when on Kafka. */
  inMemoryBus: InMemoryEventBus | null;
  stores: Record<string, DocumentStore>;
  /** Embedded mode: resolves when no event, outbox entry or due job is left to process. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The composition root shared by `npm start` (all services, embedded adapters) and
 * each service's own process (one service, Kafka + MongoDB + Redis). Only here are
 * adapters chosen.
 */
export async function startHost(options: HostOptions): Promise<Host> {
  const { mode, logger, clock } = options;
  const namespace = options.namespace ?? 'sanshe';
  const sharedBus = mode.kind === 'embedded' ? new InMemoryEventBus(logger.child({ component: 'bus' })) : null;
  const running: RunningService[] = [];
  const stores: Record<string, DocumentStore> = {};
  const jobQueues: JobQueue[] = [];
  const buses: EventBus[] = [];

  for (const factory of options.services) {
    const serviceLogger = logger.child({ service: factory.name });
    let store: DocumentStore;
    let jobs: JobQueue;
    let bus: EventBus;
    if (mode.kind === 'embedded') {
      store = createEmbeddedStore();
      jobs = createInProcessJobs({ clock, logger: serviceLogger });
      bus = sharedBus as InMemoryEventBus;
    } else {
      store = await createMongoStore({
        url: mode.mongoUrl,
        dbName: mode.mongoDb ?? `${namespace}_${factory.name.replaceAll('-', '_')}`,
      });
      jobs = createBullmqJobs({
        redisUrl: mode.redisUrl,
        queueName: `${namespace}-${factory.name}`,
        clock,
        logger: serviceLogger,
      });
      bus = createKafkaBus({
        brokers: mode.kafkaBrokers,
        clientId: `${namespace}-${factory.name}`,
        logger: serviceLogger,
        ...(mode.replicationFactor ? { replicationFactor: mode.replicationFactor } : {}),
        ...(mode.partitions ? { partitions: mode.partitions } : {}),
        ...(mode.newGroupStart ? { newGroupStart: mode.newGroupStart } : {}),
      });
      buses.push(bus);
    }
    stores[factory.name] = store;
    jobQueues.push(jobs);
    running.push(
      await startService((deps) => factory.build(deps), {
        store,
        jobs,
        bus,
        clock,
        logger: serviceLogger,
        ...(options.relayPollMs ? { relayPollMs: options.relayPollMs } : {}),
        ...(options.namespace ? { groupPrefix: `${options.namespace}.` } : {}),
      }),
    );
  }

  const bus = sharedBus ?? buses[0];
  if (!bus) throw new Error('a host needs at least one service');
  const readiness: Record<string, () => Promise<boolean>> = {};
  running.forEach((service, i) => {
    const name = service.definition.name;
    readiness[`${name}.store`] = () => service.deps.store.ping();
    readiness[`${name}.jobs`] = () => jobQueues[i]?.ping() ?? Promise.resolve(false);
    readiness[`${name}.bus`] = () => (sharedBus ?? buses[i])?.ping() ?? Promise.resolve(false);
  });

  const app = createHttpApp({
    logger,
    apis: running.map((s) => ({ api: s.definition.api })),
    verifier: options.verifier,
    readiness,
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
    ...(options.beforeNotFound ? { beforeNotFound: options.beforeNotFound } : {}),
  });

  async function settle(): Promise<void> {
    if (!sharedBus) throw new Error('settle() is for embedded mode; in distributed mode poll the API');
    // Events lead to writes lead to events: repeat until a whole round changes nothing.
    for (let round = 0; round < 200; round++) {
      const deliveredBefore = sharedBus.delivered;
      await Promise.all(running.map((s) => s.relay.idle()));
      const published = (await Promise.all(running.map((s) => s.relay.relayOnce()))).reduce((a, b) => a + b, 0);
      await sharedBus.idle();
      await Promise.all(jobQueues.filter(isIdleAware).map((j) => j.idle()));
      await Promise.all(running.map((s) => s.relay.idle()));
      if (published === 0 && sharedBus.delivered === deliveredBefore) return;
    }
    throw new Error('the system did not settle after 200 rounds');
  }

  return {
    app,
    services: running,
    bus,
    inMemoryBus: sharedBus,
    stores,
    settle,
    async close() {
      for (const service of running) await service.relay.stop();
      await Promise.allSettled(jobQueues.map((j) => j.close()));
      await Promise.allSettled((sharedBus ? [sharedBus] : buses).map((b) => b.close()));
      await Promise.allSettled(Object.values(stores).map((s) => s.close()));
    },
  };
}

export function hostModeFromConfig(config: BaseConfig): HostMode {
  if (config.KAFKA_BROKERS && config.MONGO_URL && config.REDIS_URL) {
    return {
      kind: 'distributed',
      kafkaBrokers: config.KAFKA_BROKERS,
      mongoUrl: config.MONGO_URL,
      redisUrl: config.REDIS_URL,
      ...(config.MONGO_DB ? { mongoDb: config.MONGO_DB } : {}),
      replicationFactor: config.KAFKA_REPLICATION_FACTOR,
      partitions: config.KAFKA_PARTITIONS,
      newGroupStart: config.KAFKA_NEW_GROUP_START,
    };
  }
  return { kind: 'embedded' };
}

function isIdleAware(jobs: JobQueue): jobs is JobQueue & { idle(): Promise<void> } {
  return 'idle' in jobs && typeof (jobs as { idle?: unknown }).idle === 'function';
}
