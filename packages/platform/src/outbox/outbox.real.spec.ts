import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import { describeReal, REAL_INFRA } from '../../../../tests/support/infra';
import { CONTRACT_DELIVERY } from '../bus/bus.contract';
import { createKafkaBus } from '../bus/kafka';
import type { EventBus } from '../bus/port';
import { createLogger } from '../logger';
import { createMongoStore } from '../store/mongo';
import type { DocumentStore } from '../store/port';
import { outboxContract } from './outbox.contract';

const logger = createLogger({ name: 'outbox-test', level: 'silent' });
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describeReal('transactional outbox against MongoDB-wire and Kafka', () => {
  const run = randomUUID().slice(0, 8);
  const dbName = `sanshe_outbox_contract_${run}`;
  const topicPrefix = `outbox-contract.${run}.`;
  /**
   * Every bus made in the suite, closed once at the end: closing a kafkajs consumer waits
   * for its fetch long-poll (up to 5 s), so closing per test would dominate the run. Each
   * test still has its own topic, group and collections.
   */
  const buses: EventBus[] = [];
  let consumerBus: EventBus | null = null;
  let topics = 0;

  const kafkaBus = (clientId: string): EventBus => {
    const bus = createKafkaBus({ brokers: REAL_INFRA.kafkaBrokers, clientId, logger, delivery: CONTRACT_DELIVERY });
    buses.push(bus);
    return bus;
  };

  afterAll(async () => {
    await Promise.allSettled(buses.map((bus) => bus.close()));
    const admin = new Kafka({
      clientId: `outbox-cleanup-${run}`,
      brokers: REAL_INFRA.kafkaBrokers,
      logLevel: logLevel.NOTHING,
    }).admin();
    await admin.connect();
    try {
      const mine = (await admin.listTopics()).filter((topic) => topic.startsWith(topicPrefix));
      if (mine.length > 0) await admin.deleteTopics({ topics: mine, timeout: 10_000 });
    } finally {
      await admin.disconnect();
    }
    const connection = await mongoose.createConnection(REAL_INFRA.mongoUrl, { dbName }).asPromise();
    await connection.dropDatabase();
    await connection.close();
  });

  outboxContract('mongo store + kafka', async () => {
    consumerBus ??= kafkaBus(`outbox-consumer-${run}`);
    const stores: DocumentStore[] = [];
    return {
      // Each "process" gets its own connection to the one database.
      async openStore() {
        const store = await createMongoStore({ url: REAL_INFRA.mongoUrl, dbName });
        stores.push(store);
        return store;
      },
      openBus: async () => kafkaBus(`outbox-relay-${run}-${buses.length}`),
      bus: consumerBus,
      topic: () => `${topicPrefix}t${++topics}`,
      settle: () => sleep(300),
      async cleanup() {
        await Promise.allSettled(stores.map((store) => store.close()));
      },
    };
  });
});
