import { randomUUID } from 'node:crypto';
import { deadLetterTopic } from '@sanshe/contracts';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { describeReal, REAL_INFRA } from '../../../../tests/support/infra';
import { createLogger } from '../logger';
import { busContract, CONTRACT_DELIVERY } from './bus.contract';
import type { DeadLetter } from './delivery';
import { createKafkaBus } from './kafka';

const logger = createLogger({ name: 'bus-test', level: 'silent' });
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describeReal('kafka event bus against the real broker', () => {
  busContract(
    'kafkajs',
    async () => {
      const run = randomUUID().slice(0, 8);
      const bus = createKafkaBus({
        brokers: REAL_INFRA.kafkaBrokers,
        clientId: `bus-contract-${run}`,
        logger,
        delivery: CONTRACT_DELIVERY,
      });
      // A plain client for what the port does not offer: reading a dead-letter topic, writing raw bytes.
      const kafka = new Kafka({ clientId: `bus-probe-${run}`, brokers: REAL_INFRA.kafkaBrokers, logLevel: logLevel.NOTHING });
      const probes: Consumer[] = [];
      let producer: Producer | null = null;
      let topics = 0;
      return {
        bus,
        topic: () => `bus-contract.${run}.t${++topics}`,
        async watchDeadLetters(group) {
          const letters: DeadLetter[] = [];
          const probe = kafka.consumer({ groupId: `${group}-dlq-probe` });
          probes.push(probe);
          await probe.connect();
          await probe.subscribe({ topics: [deadLetterTopic(group)], fromBeginning: true });
          await probe.run({
            eachMessage: async ({ message }) => {
              letters.push(JSON.parse(message.value?.toString('utf8') ?? 'null') as DeadLetter);
            },
          });
          return () => letters;
        },
        async publishRaw(topic, key, text) {
          if (!producer) {
            producer = kafka.producer({ allowAutoTopicCreation: false });
            await producer.connect();
          }
          await producer.send({ topic, acks: -1, messages: [{ key, value: text }] });
        },
        settle: () => sleep(300),
        async cleanup() {
          await Promise.allSettled(probes.map((probe) => probe.disconnect()));
          await producer?.disconnect();
          await bus.close();
          // Leave the broker as it was: drop this test's topics (dead-letter topics included).
          const admin = kafka.admin();
          await admin.connect();
          try {
            const mine = (await admin.listTopics()).filter((topic) => topic.includes(`bus-contract.${run}.`));
            if (mine.length > 0) await admin.deleteTopics({ topics: mine, timeout: 10_000 });
          } finally {
            await admin.disconnect();
          }
        },
      };
    },
    { rawMessages: true },
  );
});
