import { deadLetterTopic, type EventEnvelope } from '@sanshe/contracts';
import {
  Kafka,
  logLevel,
  Partitioners,
  type Admin,
  type Consumer,
  type KafkaMessage,
  type LogEntry,
  type Producer,
} from 'kafkajs';
import type { Logger } from 'pino';
import { DEFAULT_DELIVERY, deliver, type DeliveryPolicy } from './delivery';
import { handleByKey } from './kafka-batch';
import { pinNewGroupAtEnd, type NewGroupStart } from './kafka-start';
import type { EventBus, Subscription } from './port';

export interface KafkaBusOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
  partitions?: number;
  replicationFactor?: number;
  delivery?: DeliveryPolicy;
  /** Partitions a consumer handles at the same time. */
  partitionsConsumedConcurrently?: number;
  /**
   * Events of different keys (aggregates) of one partition handled at the same time; one key's
   * events always one after the other, in order (default 16).
   */
  keysConsumedConcurrently?: number;
  /** Where a group without committed offsets starts (default `earliest`: all history); see `kafka-start.ts`. */
  newGroupStart?: NewGroupStart;
}

/**
 * Kafka through kafkajs: one topic per event type, key = aggregate id, one consumer
 * group per service, topics created up front, idempotent batched publishing.
 */
export function createKafkaBus(options: KafkaBusOptions): EventBus {
  const { logger } = options;
  const policy = options.delivery ?? DEFAULT_DELIVERY;
  const kafka = new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: logLevel.WARN,
    logCreator: () => (entry: LogEntry) => {
      // Connection-level errors (e.g. a group coordinator still loading) are retried by kafkajs;
      // a failure that survives the retries reaches us as a rejected call instead.
      const retried = entry.namespace === 'Connection';
      const level = retried
        ? 'debug'
        : entry.level <= logLevel.ERROR
          ? 'error'
          : entry.level === logLevel.WARN
            ? 'warn'
            : 'debug';
      logger[level]({ kafka: entry.namespace }, entry.log.message);
    },
    retry: { initialRetryTime: 200, retries: 8 },
  });
  // Shared while connecting: a caller arriving meanwhile (a publish and a dead letter at once) waits
  // for the same client instead of opening a second one that close() would never disconnect.
  let admin: Promise<Admin> | null = null;
  let producer: Promise<Producer> | null = null;
  const consumers: Consumer[] = [];

  function getAdmin(): Promise<Admin> {
    admin ??= connected(kafka.admin(), () => (admin = null));
    return admin;
  }

  function getProducer(): Promise<Producer> {
    // Idempotent producer: a retried send never writes a message twice.
    const create = () =>
      kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
    producer ??= connected(create(), () => (producer = null));
    return producer;
  }

  async function publish(events: readonly EventEnvelope[]): Promise<void> {
    if (events.length === 0) return;
    const byTopic = new Map<string, EventEnvelope[]>();
    for (const event of events) byTopic.set(event.type, [...(byTopic.get(event.type) ?? []), event]);
    const p = await getProducer();
    await p.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({
        topic,
        messages: list.map((e) => ({
          key: e.subject,
          value: JSON.stringify(e),
          headers: { ce_id: e.id, ce_type: e.type, ce_specversion: '1.0' },
        })),
      })),
    });
  }

  return {
    async ensureTopics(topics) {
      const a = await getAdmin();
      const existing = new Set(await a.listTopics());
      const missing = topics.filter((t) => !existing.has(t));
      if (missing.length === 0) return;
      await a.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: options.partitions ?? 3,
          replicationFactor: options.replicationFactor ?? 1,
        })),
      });
    },

    publish,

    async subscribe(subscription: Subscription) {
      const consumer = kafka.consumer({
        groupId: subscription.group,
        allowAutoTopicCreation: false,
        // After a kill -9 the broker keeps the dead member until its session times out, and the
        // restarted process joins the group only then (docs/reliability.md, finding 2): 10 s, not
        // kafkajs's 30 s. Safe because heartbeats keep coming while a handler runs: kafkajs sends
        // them only between batches, so `eachBatch` below beats every 2 s itself (a delivery
        // waiting out an outage may take minutes). 10 s leaves three beats (every 3 s) to miss and
        // is within the broker's bounds (group.min.session.timeout.ms, 6 s by default).
        sessionTimeout: 10_000,
        // A short long-poll: measured on our broker, 1 s left one event in ten waiting 40–150 ms to be fetched
        // (100 ms: under 10 ms), which the end-to-end latency goal cannot afford; idle polls cost little.
        maxWaitTimeInMs: 100,
        heartbeatInterval: 3_000,
      });
      // Listed before joining, so that close() during a long join disconnects it too.
      consumers.push(consumer);
      if (options.newGroupStart === 'latest') {
        const pinned = await pinNewGroupAtEnd({
          kafka,
          admin: await getAdmin(),
          groupId: subscription.group,
          topics: Object.keys(subscription.handlers),
        });
        if (pinned === null)
          logger.warn(
            { group: subscription.group },
            'could not pin the new group to the end: it reads from the beginning',
          );
        else if (pinned.length > 0)
          logger.info(
            { group: subscription.group, partitions: pinned.length },
            'new group starts at the end of its topics',
          );
      }
      await consumer.connect();
      // Without committed offsets (a new group, or offsets expired) a consumer reads from the beginning.
      await consumer.subscribe({ topics: Object.keys(subscription.handlers), fromBeginning: true });
      const handle = (topic: string, message: KafkaMessage) =>
        deliver({
          group: subscription.group,
          topic,
          raw: message.value?.toString('utf8') ?? '',
          handler: subscription.handlers[topic]!,
          policy,
          logger,
          now: () => new Date(),
          deadLetter: async (letter) => {
            const p = await getProducer();
            await p.send({
              topic: subscription.deadLetterTopic ?? deadLetterTopic(letter.group),
              acks: -1,
              messages: [{ key: message.key, value: JSON.stringify(letter) }],
            });
          },
        });
      await consumer.run({
        autoCommit: true,
        eachBatchAutoResolve: false,
        partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 3,
        /**
         * A fetched batch is handled key by key: each key's (aggregate's) events one after the
         * other, in order, as the outbox published them, and different keys at the same time, up to
         * `keysConsumedConcurrently`. A handler waits on its store round trips (the idempotency
         * mark, its own reads and writes); one at a time per partition, a partition could not
         * follow a few hundred events per second. Events of different keys carry no order between
         * them anyway (they may sit on different partitions). The batch's offsets are committed
         * once every event of it is handled; a crash before that delivers them again, which the
         * idempotent consumers absorb, as before.
         */
        eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
          if (!subscription.handlers[batch.topic]) {
            const last = batch.messages[batch.messages.length - 1];
            if (last) resolveOffset(last.offset);
            return;
          }
          // Heartbeats go on while handlers run: kafkajs sends them only between calls (a delivery
          // waiting out an outage may take minutes).
          const keepAlive = setInterval(() => void heartbeat().catch(() => undefined), 2_000);
          try {
            await handleByKey(
              batch.messages,
              (message) => handle(batch.topic, message),
              options.keysConsumedConcurrently ?? 16,
              () => isRunning() && !isStale(),
              resolveOffset,
            );
          } finally {
            clearInterval(keepAlive);
          }
          await heartbeat().catch(() => undefined);
        },
      });
    },

    async ping() {
      try {
        const a = await getAdmin();
        const cluster = await a.describeCluster();
        return cluster.brokers.length > 0;
      } catch {
        return false;
      }
    },

    async close() {
      await Promise.allSettled(consumers.map((c) => c.disconnect()));
      const clients = [producer, admin].filter((client) => client !== null);
      consumers.length = 0;
      producer = null;
      admin = null;
      await Promise.allSettled(clients.map(async (client) => (await client).disconnect()));
    },
  };
}

/** Connects a client; if that fails, `forget` drops it so that the next caller tries again. */
async function connected<T extends { connect(): Promise<void> }>(client: T, forget: () => void): Promise<T> {
  try {
    await client.connect();
    return client;
  } catch (error) {
    forget();
    throw error;
  }
}
