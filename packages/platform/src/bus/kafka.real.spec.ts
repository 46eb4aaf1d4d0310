import { randomUUID } from 'node:crypto';
import { Socket } from 'node:net';
import { deadLetterTopic } from '@sanshe/contracts';
import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { describeReal, REAL_INFRA } from '../../../../tests/support/infra';
import { createLogger } from '../logger';
import { busContract, CONTRACT_DELIVERY, eventually, testEvent } from './bus.contract';
import type { DeadLetter } from './delivery';
import { createKafkaBus } from './kafka';
import type { EventBus } from './port';

const logger = createLogger({ name: 'bus-test', level: 'silent' });
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Open sockets of this process to the broker (Node lists live handles only through this internal call). */
function brokerSockets(): number {
  const port = Number(REAL_INFRA.kafkaBrokers[0]?.split(':')[1]);
  const handles = (process as unknown as { _getActiveHandles(): unknown[] })._getActiveHandles();
  return handles.filter((handle) => handle instanceof Socket && handle.remotePort === port).length;
}

describeReal('kafka event bus against the real broker', () => {
  const run = randomUUID().slice(0, 8);
  const prefix = `bus-contract.${run}.`;
  // A plain client for what the port does not offer: reading a dead-letter topic, writing raw bytes.
  const kafka = new Kafka({
    clientId: `bus-probe-${run}`,
    brokers: REAL_INFRA.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  /**
   * One bus for the suite, closed once at the end: closing a kafkajs consumer waits for its
   * fetch long-poll (up to 5 s), which per test would dominate the run. Every test still has
   * its own topics and groups.
   */
  let bus: EventBus | null = null;
  let topics = 0;

  afterAll(async () => {
    await bus?.close();
    const admin = kafka.admin();
    await admin.connect();
    try {
      const mine = (await admin.listTopics()).filter((topic) => topic.includes(prefix));
      if (mine.length > 0) await admin.deleteTopics({ topics: mine, timeout: 10_000 });
    } finally {
      await admin.disconnect();
    }
  });

  // First, while no other client of this suite holds a connection.
  it('when several publishes race to open the producer, close() still leaves no connection to the broker open', async () => {
    const before = brokerSockets();
    const racing = createKafkaBus({ brokers: REAL_INFRA.kafkaBrokers, clientId: `bus-close-${run}`, logger });
    const topic = `${prefix}close`;
    await racing.ensureTopics([topic]);

    await Promise.all(['a', 'b', 'c'].map((key) => racing.publish([testEvent(topic, key)])));
    await racing.close();

    await eventually(
      () => brokerSockets() <= before,
      () => `sockets to the broker back to ${before} (open: ${brokerSockets()})`,
      5_000,
    );
  });

  it('on one partition, a key whose handler waits does not hold up the other keys; each key stays in order', async () => {
    // One partition: every key shares it, so only the consumer's handling by key lets "b" pass "a".
    const single = createKafkaBus({
      brokers: REAL_INFRA.kafkaBrokers,
      clientId: `bus-keys-${run}`,
      logger,
      partitions: 1,
      delivery: CONTRACT_DELIVERY,
    });
    const topic = `${prefix}by-key`;
    let releaseA!: () => void;
    const aMayGo = new Promise<void>((resolve) => (releaseA = resolve));
    try {
      await single.ensureTopics([topic]);
      const handled: string[] = [];
      await single.subscribe({
        group: `${prefix}by-key-group`,
        handlers: {
          [topic]: async (event) => {
            const label = String((event.data as { label?: unknown }).label);
            // a1 waits until both of b's events are handled: without handling by key, this never ends.
            if (label === 'a1') await aMayGo;
            handled.push(label);
            if (handled.includes('b1') && handled.includes('b2')) releaseA();
          },
        },
      });
      await single.publish(['a1', 'b1', 'a2', 'b2'].map((label) => testEvent(topic, label.slice(0, 1), { label })));
      await eventually(
        () => handled.length === 4,
        () => `all four handled (so far: ${handled.join(', ')})`,
      );
      expect(handled.filter((l) => l.startsWith('a'))).toEqual(['a1', 'a2']);
      expect(handled.filter((l) => l.startsWith('b'))).toEqual(['b1', 'b2']);
      expect(handled.indexOf('b2')).toBeLessThan(handled.indexOf('a1'));
    } finally {
      releaseA(); // so that close() does not wait on a handler that would never finish
      await single.close();
    }
  });

  busContract(
    'kafkajs',
    async () => {
      bus ??= createKafkaBus({
        brokers: REAL_INFRA.kafkaBrokers,
        clientId: `bus-contract-${run}`,
        logger,
        delivery: CONTRACT_DELIVERY,
      });
      const probes: Consumer[] = [];
      const producers: Producer[] = [];
      return {
        bus,
        topic: () => `${prefix}t${++topics}`,
        async watchDeadLetters(group) {
          const letters: DeadLetter[] = [];
          const probe = kafka.consumer({ groupId: `${group}-dlq-probe`, maxWaitTimeInMs: 100 });
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
          const producer = kafka.producer({ allowAutoTopicCreation: false });
          producers.push(producer);
          await producer.connect();
          await producer.send({ topic, acks: -1, messages: [{ key, value: text }] });
        },
        settle: () => sleep(300),
        async cleanup() {
          await Promise.allSettled([...probes, ...producers].map((client) => client.disconnect()));
        },
      };
    },
    { rawMessages: true },
  );
});
