import { randomUUID } from 'node:crypto';
import {
  createLocalIssuer,
  createLogger,
  startHost,
  systemClock,
  type Host,
  type LocalIssuer,
  type ServiceFactory,
} from '@sanshe/platform';
import { Kafka, logLevel } from 'kafkajs';
import { REAL_INFRA } from './infra';

/**
 * Services on the real adapters (Kafka, the MongoDB-wire server, BullMQ on Redis) in
 * the test process. Each call gets its own namespace: databases, queues and consumer
 * groups are private to the test, while the topics are the real shared ones. A new
 * namespace's groups start at the end of the topics (`newGroupStart: 'latest'`), so a
 * run does not replay, and re-publish the consequences of, every earlier run's events;
 * a host restarted in the same namespace resumes from its committed offsets.
 */
export async function startDistributed(
  services: readonly ServiceFactory[],
  options: { prefix: string; issuer?: LocalIssuer; namespace?: string },
): Promise<{ host: Host; issuer: LocalIssuer; namespace: string }> {
  const issuer = options.issuer ?? (await createLocalIssuer());
  const namespace = options.namespace ?? `${options.prefix}${randomUUID().slice(0, 8)}`;
  const host = await startHost({
    mode: {
      kind: 'distributed',
      kafkaBrokers: REAL_INFRA.kafkaBrokers,
      mongoUrl: REAL_INFRA.mongoUrl,
      redisUrl: REAL_INFRA.redisUrl,
      newGroupStart: 'latest',
    },
    services,
    namespace,
    logger: createLogger({ name: namespace, level: 'error' }),
    clock: systemClock,
    verifier: issuer.verifier,
    relayPollMs: 200,
  });
  return { host, issuer, namespace };
}

/** Polls until `probe` gives a value; fails with `what` after `ms`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, ms = 45_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** Reads a topic from the beginning with a throw-away group until a message with this key arrives. */
export async function kafkaMessageFor(
  topic: string,
  key: string,
  group: string,
): Promise<{ type: string; data: Record<string, unknown> }> {
  const kafka = new Kafka({ clientId: group, brokers: REAL_INFRA.kafkaBrokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: group, maxWaitTimeInMs: 500 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    return await new Promise((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          if (message.key?.toString() === key)
            resolve(JSON.parse(message.value?.toString() ?? '{}') as { type: string; data: Record<string, unknown> });
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
}
