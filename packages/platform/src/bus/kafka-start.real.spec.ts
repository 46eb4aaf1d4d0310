import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@sanshe/contracts';
import { Kafka, logLevel } from 'kafkajs';
import { describeReal, REAL_INFRA } from '../../../../tests/support/infra';
import { createLogger } from '../logger';
import { eventually, testEvent } from './bus.contract';
import { createKafkaBus } from './kafka';
import type { NewGroupStart } from './kafka-start';
import type { EventBus } from './port';

const logger = createLogger({ name: 'bus-start-test', level: 'silent' });

describeReal('where a new consumer group starts on the real broker', () => {
  const run = randomUUID().slice(0, 8);
  const prefix = `bus-start.${run}.`;
  const kafka = new Kafka({
    clientId: `bus-start-${run}`,
    brokers: REAL_INFRA.kafkaBrokers,
    logLevel: logLevel.NOTHING,
  });
  const buses: EventBus[] = [];
  let n = 0;

  const bus = (newGroupStart: NewGroupStart) => {
    const b = createKafkaBus({
      brokers: REAL_INFRA.kafkaBrokers,
      clientId: `bus-start-${run}-${++n}`,
      logger,
      newGroupStart,
    });
    buses.push(b);
    return b;
  };
  /** Subscribes a group and collects the keys it receives. */
  const listen = async (b: EventBus, group: string, topic: string) => {
    const keys: string[] = [];
    await b.subscribe({
      group,
      deadLetterTopic: `${prefix}dlq`,
      handlers: { [topic]: async (e: EventEnvelope) => void keys.push(e.subject) },
    });
    return keys;
  };

  afterAll(async () => {
    await Promise.allSettled(buses.map((b) => b.close()));
    const admin = kafka.admin();
    await admin.connect();
    try {
      const mine = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
      if (mine.length > 0) await admin.deleteTopics({ topics: mine, timeout: 10_000 });
    } finally {
      await admin.disconnect();
    }
  });

  test('earliest (the default): a new group receives the history', async () => {
    const topic = `${prefix}history`;
    const publisher = bus('earliest');
    await publisher.ensureTopics([topic]);
    await publisher.publish(['old-1', 'old-2'].map((key) => testEvent(topic, key)));
    const keys = await listen(publisher, `${prefix}g-earliest`, topic);
    await eventually(
      () => keys.length === 2,
      () => `both old events (got ${keys.join(',')})`,
      20_000,
    );
    expect(keys.sort()).toEqual(['old-1', 'old-2']);
  });

  test('latest: a new group skips the history but gets every event published once subscribe returned, and a restart resumes without a gap', async () => {
    const topic = `${prefix}pinned`;
    const group = `${prefix}g-latest`;
    const first = bus('latest');
    await first.ensureTopics([topic]);
    // History to skip, spread over the partitions by key.
    await first.publish(Array.from({ length: 9 }, (_, i) => testEvent(topic, `old-${i}`)));
    const keys = await listen(first, group, topic);
    // Published right after subscribe() returned: before the consumer's first fetch, most likely.
    await first.publish(Array.from({ length: 9 }, (_, i) => testEvent(topic, `new-${i}`)));
    await eventually(
      () => keys.length >= 9,
      () => `the nine new events (got ${keys.join(',')})`,
      20_000,
    );
    await first.close();

    // While the group is down, every partition gets an event; the restarted group must see them all.
    const publisher = bus('earliest');
    await publisher.publish(Array.from({ length: 9 }, (_, i) => testEvent(topic, `down-${i}`)));
    const again = await listen(bus('latest'), group, topic);
    await eventually(
      () => again.length >= 9,
      () => `the nine events published while down (got ${again.join(',')})`,
      20_000,
    );
    expect(keys.filter((k) => k.startsWith('old-'))).toEqual([]);
    expect(keys.sort()).toEqual(Array.from({ length: 9 }, (_, i) => `new-${i}`).sort());
    expect(again.sort()).toEqual(Array.from({ length: 9 }, (_, i) => `down-${i}`).sort());
  }, 60_000);
});
