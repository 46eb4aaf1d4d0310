import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { deadLetterTopic, type EventEnvelope } from '@sanshe/contracts';
import type { DeadLetter, DeliveryPolicy } from './delivery';
import type { EventBus, EventHandler } from './port';

/**
 * The behaviour every EventBus adapter owes its services, run on the in-process log
 * and on Kafka. Each test takes fresh topics and groups; waiting is polling with a
 * deadline, never a fixed sleep, except `settle`, which lets an adapter show that
 * nothing more arrives.
 */
export interface BusUnderTest {
  /** Made with CONTRACT_DELIVERY. */
  bus: EventBus;
  /** A topic (= event type) name no other test uses; the test creates it with ensureTopics. */
  topic(): string;
  /** Starts reading `dlq.<group>`; the getter returns the dead letters that arrived so far. */
  watchDeadLetters(group: string): Promise<() => readonly DeadLetter[]>;
  /** Writes text to a topic past `publish` (which only takes envelopes); only for adapters that have such a path. */
  publishRaw?(topic: string, key: string, text: string): Promise<void>;
  /** Waits long enough for a duplicate or late delivery to show up, if the adapter were to make one. */
  settle(): Promise<void>;
  cleanup(): Promise<void>;
}

export interface BusContractOptions {
  /** Whether the adapter can carry a message that is not an envelope (Kafka can; the in-process log cannot). */
  rawMessages: boolean;
}

/** Few attempts, short backoff: keeps the retry and dead-letter tests fast. */
export const CONTRACT_DELIVERY: DeliveryPolicy = { attempts: 3, initialBackoffMs: 10, maxBackoffMs: 20 };

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls until the check holds; fails with a description of what was awaited after `withinMs`. */
export async function eventually(check: () => boolean, what: () => string, withinMs = 20_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${withinMs} ms: ${what()}`);
    await sleep(10);
  }
}

export function testEvent(type: string, subject: string, data: Record<string, unknown> = {}): EventEnvelope {
  return {
    specversion: '1.0',
    id: randomUUID(),
    type,
    source: 'bus-contract',
    subject,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    correlationId: randomUUID(),
    causationId: null,
    schemaVersion: 1,
    data,
  };
}

export function busContract(
  name: string,
  make: () => Promise<BusUnderTest>,
  options: BusContractOptions = { rawMessages: false },
): void {
  describe(`event bus contract: ${name}`, () => {
    let underTest: BusUnderTest;
    let bus: EventBus;

    beforeEach(async () => {
      underTest = await make();
      bus = underTest.bus;
    });
    afterEach(async () => {
      await underTest.cleanup();
    });

    /** A fresh topic and two group names of its own, with their dead-letter topics, all created. */
    async function freshTopic(): Promise<{ topic: string; group: string; otherGroup: string }> {
      const topic = underTest.topic();
      const group = `${topic}-consumer`;
      const otherGroup = `${topic}-other`;
      await bus.ensureTopics([topic, deadLetterTopic(group), deadLetterTopic(otherGroup)]);
      return { topic, group, otherGroup };
    }

    /** A handler that records what it received, in order. */
    function recorder() {
      const received: EventEnvelope[] = [];
      const handler: EventHandler = async (event) => {
        received.push(event);
      };
      return { received, handler };
    }

    const ids = (events: readonly EventEnvelope[]) => events.map((event) => event.id);

    it('when an event is published to a subscribed group, its handler receives it once, unchanged', async () => {
      const { topic, group } = await freshTopic();
      await bus.ensureTopics([topic]); // ensuring a topic that exists is harmless
      const { received, handler } = recorder();
      await bus.subscribe({ group, handlers: { [topic]: handler } });

      const event = testEvent(topic, 'agg-1', { n: 1, note: 'hello' });
      await bus.publish([event]);

      await eventually(
        () => received.length >= 1,
        () => 'the event to arrive',
      );
      await underTest.settle();
      expect(received).toEqual([event]);
    });

    it('when a group subscribes after events were published, it receives them from the beginning of the topic', async () => {
      const { topic, group } = await freshTopic();
      const events = [testEvent(topic, 'agg-1', { n: 1 }), testEvent(topic, 'agg-1', { n: 2 })];
      await bus.publish(events);

      const { received, handler } = recorder();
      await bus.subscribe({ group, handlers: { [topic]: handler } });

      await eventually(
        () => received.length >= 2,
        () => `both events to arrive (got ${received.length})`,
      );
      await underTest.settle();
      expect(ids(received)).toEqual(ids(events));
    });

    it('when two groups subscribe to one topic, each group receives every event once', async () => {
      const { topic, group, otherGroup } = await freshTopic();
      const [billing, reporting] = [recorder(), recorder()];
      await bus.subscribe({ group, handlers: { [topic]: billing.handler } });
      await bus.subscribe({ group: otherGroup, handlers: { [topic]: reporting.handler } });

      const events = Array.from({ length: 6 }, (_, i) => testEvent(topic, `agg-${i % 3}`, { n: i }));
      await bus.publish(events);

      await eventually(
        () => billing.received.length >= 6 && reporting.received.length >= 6,
        () => `6 events in each group (billing ${billing.received.length}, reporting ${reporting.received.length})`,
      );
      await underTest.settle();
      expect(ids(billing.received).sort()).toEqual(ids(events).sort());
      expect(ids(reporting.received).sort()).toEqual(ids(events).sort());
    });

    it("when 30 events over 3 keys are published interleaved, each key's events arrive in publish order", async () => {
      const { topic, group } = await freshTopic();
      const received: EventEnvelope[] = [];
      await bus.subscribe({
        group,
        handlers: {
          [topic]: async (event) => {
            // Uneven handling times: a key whose partition runs ahead must not reorder another key.
            await sleep(Math.floor(Math.random() * 3));
            received.push(event);
          },
        },
      });

      const keys = ['need-a', 'need-b', 'need-c'];
      const events = Array.from({ length: 30 }, (_, i) =>
        testEvent(topic, keys[i % keys.length] ?? 'need-a', { seq: i }),
      );
      // One batch, then one event per call: both paths keep the order.
      await bus.publish(events.slice(0, 12));
      for (const event of events.slice(12)) await bus.publish([event]);

      await eventually(
        () => received.length >= 30,
        () => `30 events (got ${received.length})`,
      );
      await underTest.settle();
      expect(received).toHaveLength(30);
      for (const key of keys) {
        const forKey = (list: readonly EventEnvelope[]) => ids(list.filter((event) => event.subject === key));
        expect(forKey(received)).toEqual(forKey(events));
      }
    });

    it('when a handler fails twice and then succeeds, the event is delivered again and later events of its key wait for it', async () => {
      const { topic, group } = await freshTopic();
      const deadLetters = await underTest.watchDeadLetters(group);
      const first = testEvent(topic, 'tender-1', { n: 1 });
      const second = testEvent(topic, 'tender-1', { n: 2 });
      const third = testEvent(topic, 'tender-1', { n: 3 });
      const calls: string[] = [];
      let failuresLeft = 2;
      await bus.subscribe({
        group,
        handlers: {
          [topic]: async (event) => {
            calls.push(event.id);
            if (event.id === first.id && failuresLeft-- > 0) throw new Error('database briefly unavailable');
          },
        },
      });

      await bus.publish([first, second, third]);

      await eventually(
        () => calls.length >= 5,
        () => `3 attempts and 2 more events (calls ${calls.length})`,
      );
      await underTest.settle();
      expect(calls).toEqual([first.id, first.id, first.id, second.id, third.id]);
      expect(deadLetters()).toEqual([]);
    });

    it('when a handler always fails, the event goes to dlq.<group> with its error after the bounded attempts, and later events of its key still arrive', async () => {
      const { topic, group } = await freshTopic();
      const deadLetters = await underTest.watchDeadLetters(group);
      const poison = testEvent(topic, 'tender-1', { n: 1 });
      const next = testEvent(topic, 'tender-1', { n: 2 });
      const calls: string[] = [];
      await bus.subscribe({
        group,
        handlers: {
          [topic]: async (event) => {
            calls.push(event.id);
            if (event.id === poison.id) throw new Error(`cannot apply ${event.id}`);
          },
        },
      });

      await bus.publish([poison, next]);

      await eventually(
        () => calls.includes(next.id) && deadLetters().length >= 1,
        () => `the next event and a dead letter (calls ${calls.length}, dead letters ${deadLetters().length})`,
      );
      await underTest.settle();
      expect(calls).toEqual([poison.id, poison.id, poison.id, next.id]);
      expect(deadLetters()).toEqual([
        {
          group,
          topic,
          attempts: CONTRACT_DELIVERY.attempts,
          error: `Error: cannot apply ${poison.id}`,
          failedAt: expect.any(String),
          event: poison,
        },
      ]);
    });

    if (options.rawMessages) {
      it('when a message is not a valid envelope, it goes to dlq.<group> as raw text without calling the handler, and its key moves on', async () => {
        const { topic, group } = await freshTopic();
        const deadLetters = await underTest.watchDeadLetters(group);
        const { received, handler } = recorder();
        await bus.subscribe({ group, handlers: { [topic]: handler } });
        const publishRaw = underTest.publishRaw?.bind(underTest);
        if (!publishRaw) throw new Error(`${name} claims raw messages but has no publishRaw`);

        await publishRaw(topic, 'tender-1', 'this is not json');
        await publishRaw(topic, 'tender-1', JSON.stringify({ id: 'not-a-uuid', type: topic }));
        const valid = testEvent(topic, 'tender-1', { n: 3 });
        await bus.publish([valid]);

        await eventually(
          () => received.length >= 1 && deadLetters().length >= 2,
          () => `the valid event and 2 dead letters (got ${received.length}, ${deadLetters().length})`,
        );
        await underTest.settle();
        expect(received).toEqual([valid]);
        const letter = (raw: string) => ({
          group,
          topic,
          attempts: 0,
          error: expect.any(String),
          failedAt: expect.any(String),
          event: { raw },
        });
        expect(deadLetters()).toEqual([
          letter('this is not json'),
          letter(JSON.stringify({ id: 'not-a-uuid', type: topic })),
        ]);
      });
    }
  });
}
