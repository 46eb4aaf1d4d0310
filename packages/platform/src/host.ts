import type { ServiceName } from '@sanshe/contracts';
import type { Logger } from 'pino';
import type { Express } from 'express';
import { InMemoryEventBus } from './bus/in-memory';
import { createKafkaBus } from './bus/kafka';
import type { NewGroupStart } from './bus/kafka-start';
import type { EventBus } from './bus/port';
import type { Clock } from './clock';
import type { BaseConfig } from './config';
import { createHttpApp, type HealthCheck } from './http/app';
import type { TokenVerifier } from './http/auth';
import { createBullmqJobs } from './jobs/bullmq';
import { createInProcessJobs } from './jobs/in-process';
import type { JobQueue } from './jobs/port';
import {
  prepareService,
  type PreparedService,
  type RunningService,
  type ServiceDefinition,
  type ServiceDeps,
} from './runtime';
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
  /** How long processed event ids are remembered (default 14 days, see `outbox/idempotent.ts`). */
  processedRetentionMs?: number;
  /**
   * /health/live fails once a store has failed every ping for longer than this, so that an
   * orchestrator restarts a process whose driver does not recover (0: never; default 120 s).
   */
  livenessStoreGraceMs?: number;
}

export const DEFAULT_LIVENESS_STORE_GRACE_MS = 120_000;

export interface Host {
  app: Express;
  services: RunningService[];
  bus: EventBus;
  /** The in-process log in embedded mode (tests read topics from it); null when on Kafka. */
  inMemoryBus: InMemoryEventBus | null;
  stores: Record<string, DocumentStore>;
  /**
   * Resolves once every service consumes: consumer groups joined, outbox relays and job workers
   * running. Rejects if that failed (not after close()). `startHost` returns after it, `openHost` before.
   */
  started: Promise<void>;
  /** Embedded mode: resolves when no event, outbox entry or due job is left to process. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The composition root shared by `npm start` (all services, embedded adapters) and
 * each service's own process (one service, Kafka + MongoDB + Redis). Only here are
 * adapters chosen. Resolves with every service consuming, which is what tests and the
 * embedded process want; a service process uses `openHost` to listen before that.
 */
export async function startHost(options: HostOptions): Promise<Host> {
  const host = await openHost(options);
  try {
    await host.started;
  } catch (error) {
    await host.close();
    throw error;
  }
  return host;
}

/**
 * Resolves as soon as the services can serve HTTP: stores connected and set up, routes mounted.
 * Consuming starts in the background (`host.started`): joining a consumer group waits, after a
 * crash, until the broker drops the dead member (docs/reliability.md, finding 2), and nothing a
 * command does needs the group: it writes the store and its outbox. Until then /health/live
 * answers and /health/ready says which bus is not consuming yet, and why.
 */
export async function openHost(options: HostOptions): Promise<Host> {
  const { mode, logger, clock } = options;
  const namespace = options.namespace ?? 'sanshe';
  const sharedBus = mode.kind === 'embedded' ? new InMemoryEventBus(logger.child({ component: 'bus' })) : null;
  const running: PreparedService[] = [];
  const stores: Record<string, DocumentStore> = {};
  const jobQueues: JobQueue[] = [];
  const buses: EventBus[] = [];

  for (const factory of options.services) {
    const serviceLogger = logger.child({ service: factory.name });
    let store: DocumentStore;
    let jobs: JobQueue;
    let bus: EventBus;
    if (mode.kind === 'embedded') {
      store = createEmbeddedStore({ clock });
      jobs = createInProcessJobs({ clock, logger: serviceLogger });
      bus = sharedBus as InMemoryEventBus;
    } else {
      store = await createMongoStore({
        url: mode.mongoUrl,
        dbName: mode.mongoDb ?? `${namespace}_${factory.name.replaceAll('-', '_')}`,
        logger: serviceLogger.child({ component: 'store' }),
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
      await prepareService((deps) => factory.build(deps), {
        store,
        jobs,
        bus,
        clock,
        logger: serviceLogger,
        ...(options.relayPollMs ? { relayPollMs: options.relayPollMs } : {}),
        ...(options.namespace ? { groupPrefix: `${options.namespace}.` } : {}),
        ...(options.processedRetentionMs === undefined ? {} : { processedRetentionMs: options.processedRetentionMs }),
      }),
    );
  }

  const bus = sharedBus ?? buses[0];
  if (!bus) throw new Error('a host needs at least one service');

  // Consuming starts in the background, one service after the other (as startService did).
  const consuming = new Set<string>();
  let startFailure: unknown = null;
  let closing = false;
  const started = (async () => {
    for (const service of running) {
      if (closing) return;
      await service.start();
      // close() came while this service was joining: it stopped the relay before start() began it.
      if (closing) await service.relay.stop();
      consuming.add(service.definition.name);
    }
  })().catch((error: unknown) => {
    if (closing) return; // a consumer interrupted by close() is no failure
    startFailure = error;
    throw error;
  });
  // Observed here so that an early failure is never an unhandled rejection; callers await `started`.
  started.catch(() => undefined);

  const graceMs = options.livenessStoreGraceMs ?? DEFAULT_LIVENESS_STORE_GRACE_MS;
  const readiness: Record<string, HealthCheck> = {};
  const liveness: Record<string, HealthCheck> = {};
  running.forEach((service, i) => {
    const name = service.definition.name;
    const store = service.deps.store;
    readiness[`${name}.store`] = () => store.ping();
    readiness[`${name}.jobs`] = () => jobQueues[i]?.ping() ?? false;
    readiness[`${name}.bus`] = () => {
      if (startFailure !== null) return { ok: false, reason: 'starting the consumers failed (see the log)' };
      if (!consuming.has(name))
        return {
          ok: false,
          reason:
            'joining its consumer group: after a restart the broker first drops the previous member (up to the session timeout)',
        };
      return (sharedBus ?? buses[i])?.ping() ?? false;
    };
    liveness[`${name}.store`] = () => {
      const downMs = store.unreachableForMs?.() ?? 0;
      if (graceMs === 0 || downMs <= graceMs) return true;
      return { ok: false, reason: `unreachable for ${Math.round(downMs / 1000)} s (allowed ${graceMs / 1000} s)` };
    };
  });

  const app = createHttpApp({
    logger,
    apis: running.map((s) => ({ api: s.definition.api })),
    verifier: options.verifier,
    readiness,
    liveness,
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
    services: running.map(({ start: _start, ...service }) => service),
    bus,
    inMemoryBus: sharedBus,
    stores,
    started,
    settle,
    async close() {
      closing = true;
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
