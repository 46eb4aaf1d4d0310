import type { EventEnvelope } from '@sanshe/contracts';
import {
  createBullmqJobs,
  createHttpApp,
  createKafkaBus,
  createLogger,
  createMongoStore,
  startService,
  systemClock,
  type DocumentStore,
  type EventBus,
  type KafkaBusOptions,
  type Logger,
  type RunningService,
  type ServiceFactory,
  type TokenVerifier,
} from '@sanshe/platform';
import { Queue } from 'bullmq';
import type { Express } from 'express';
import IORedis from 'ioredis';
import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import { REAL_INFRA } from './infra';

/**
 * The bus of a benchmark on the shared broker: the real Kafka adapter, with every topic of the
 * run prefixed (`bench.<run>.intake.need.logged`), so a benchmark's tens of thousands of events
 * never land on the topics that other people's services and tests read from their beginning.
 * The envelope's type is prefixed on the way out and restored on the way in: what the services
 * publish and receive is exactly what they would without the prefix.
 */
export function prefixedBus(bus: EventBus, prefix: string, watch?: BusWatch): EventBus {
  const out = (e: EventEnvelope): EventEnvelope => ({ ...e, type: `${prefix}${e.type}` });
  const back = (e: EventEnvelope): EventEnvelope => {
    watch?.received(e, Date.now());
    return { ...e, type: e.type.slice(prefix.length) };
  };
  return {
    ensureTopics: (topics) => bus.ensureTopics(topics.map((t) => `${prefix}${t}`)),
    async publish(events) {
      await bus.publish(events.map(out));
      const at = Date.now();
      for (const e of events) watch?.published(e, at);
    },
    subscribe: (subscription) =>
      bus.subscribe({
        group: subscription.group,
        deadLetterTopic: `${prefix}${subscription.deadLetterTopic ?? `dlq.${subscription.group}`}`,
        handlers: Object.fromEntries(
          Object.entries(subscription.handlers).map(([topic, handler]) => [
            `${prefix}${topic}`,
            (event: EventEnvelope) => handler(back(event)),
          ]),
        ),
      }),
    ping: () => bus.ping(),
    close: () => bus.close(),
  };
}

/** When each event was acknowledged by the broker, and when a consumer received it (wall clock, ms). */
export interface BusWatch {
  published(event: EventEnvelope, at: number): void;
  received(event: EventEnvelope, at: number): void;
}

export interface BenchSystem {
  app: Express;
  services: RunningService[];
  stores: Record<string, DocumentStore>;
  close(): Promise<void>;
}

/**
 * Services on the real adapters, composed as a service process composes them (platform's
 * startHost, distributed branch), with everything named after the run: databases
 * `bench_<run>_<service>`, BullMQ keys under `bench-<run>`, consumer groups and topics
 * prefixed `bench.<run>.`. `cleanupRun` removes all of it afterwards.
 */
export async function startOnRealInfra(
  factories: readonly ServiceFactory[],
  options: {
    run: string;
    verifier: TokenVerifier;
    relayPollMs?: number;
    kafka?: Partial<KafkaBusOptions>;
    /** Lets a benchmark watch a service's store (e.g. when a read model is written). */
    wrapStore?: (service: string, store: DocumentStore) => DocumentStore;
    watch?: BusWatch;
  },
): Promise<BenchSystem> {
  const logger = createLogger({ name: `bench-${options.run}`, level: 'error' });
  const services: RunningService[] = [];
  const stores: Record<string, DocumentStore> = {};
  const closers: Array<() => Promise<void>> = [];
  for (const factory of factories) {
    const serviceLogger = logger.child({ service: factory.name });
    const mongo = await createMongoStore({ url: REAL_INFRA.mongoUrl, dbName: databaseOf(options.run, factory.name) });
    const store = options.wrapStore?.(factory.name, mongo) ?? mongo;
    const jobs = createBullmqJobs({
      redisUrl: REAL_INFRA.redisUrl,
      queueName: factory.name,
      prefix: redisPrefixOf(options.run),
      clock: systemClock,
      logger: serviceLogger,
    });
    const bus = prefixedBus(
      createKafkaBus({
        brokers: REAL_INFRA.kafkaBrokers,
        clientId: `bench-${options.run}-${factory.name}`,
        logger: serviceLogger,
        ...options.kafka,
      }),
      topicPrefixOf(options.run),
      options.watch,
    );
    stores[factory.name] = store;
    const service = await startService((deps) => factory.build(deps), {
      store,
      jobs,
      bus,
      clock: systemClock,
      logger: serviceLogger,
      relayPollMs: options.relayPollMs ?? 500,
      groupPrefix: topicPrefixOf(options.run),
    });
    services.push(service);
    closers.push(async () => {
      await service.relay.stop();
      await Promise.allSettled([jobs.close(), bus.close()]);
      await mongo.close();
    });
  }
  const app = createHttpApp({
    logger,
    apis: services.map((s) => ({ api: s.definition.api })),
    verifier: options.verifier,
    readiness: {},
  });
  return {
    app,
    services,
    stores,
    async close() {
      await Promise.allSettled(closers.map((close) => close()));
    },
  };
}

export const topicPrefixOf = (run: string) => `bench.${run}.`;
const databaseOf = (run: string, service: string) => `bench_${run}_${service.replaceAll('-', '_')}`;
const redisPrefixOf = (run: string) => `bench-${run}`;

/** Removes what a run left on the shared servers: its topics, databases and job queues. */
export async function cleanupRun(run: string, services: readonly string[], logger?: Logger): Promise<void> {
  const admin = new Kafka({
    clientId: `bench-cleanup-${run}`,
    brokers: REAL_INFRA.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  }).admin();
  try {
    await admin.connect();
    const mine = (await admin.listTopics()).filter((t) => t.startsWith(topicPrefixOf(run)));
    if (mine.length > 0) await admin.deleteTopics({ topics: mine, timeout: 30_000 });
  } catch (error) {
    logger?.warn({ err: String(error) }, 'could not delete the run topics');
  } finally {
    await admin.disconnect();
  }
  for (const service of services) {
    const connection = await mongoose
      .createConnection(REAL_INFRA.mongoUrl, { dbName: databaseOf(run, service) })
      .asPromise();
    await connection.dropDatabase();
    await connection.close();
    const redis = new IORedis(REAL_INFRA.redisUrl, { maxRetriesPerRequest: 3 });
    const queue = new Queue(service, { connection: redis, prefix: redisPrefixOf(run) });
    await queue.obliterate({ force: true });
    await queue.close();
    redis.disconnect();
  }
}
