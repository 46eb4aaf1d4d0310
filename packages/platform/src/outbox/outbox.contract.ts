import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { EventEnvelope } from '@sanshe/contracts';
import type { EventBus } from '../bus/port';
import { ManualClock, systemClock } from '../clock';
import { createLogger } from '../logger';
import { DuplicateKeyError, type BaseDocument, type DocumentStore } from '../store/port';
import { idempotent } from './idempotent';
import { insertWithEvents, updateWithEvents, type WithOutbox } from './outbox';
import { createOutboxRelay, type OutboxRelay, type OutboxRelayOptions } from './relay';

/**
 * The reliability rule, proven on both adapter sets: no state without its event, no
 * event without its state, even when the process dies between the write and the
 * publish; nothing lost and nothing applied twice after a restart.
 *
 * A "process" here is what it owns: its own store connection and its own bus
 * connection. A crash is a relay whose bus fails or never answers; a restart is a new
 * relay over a new connection to the same store, which sees only what was stored.
 */
export interface OutboxUnderTest {
  /** A new connection to the one store (for the embedded store: the store itself, as the process keeps it). */
  openStore(): Promise<DocumentStore>;
  /** A new producer-side connection to the bus that `bus` reads from. */
  openBus(): Promise<EventBus>;
  /** The consumer side: the idempotent consumer subscribes here. */
  bus: EventBus;
  /** A topic (= event type) name no other test uses; the test creates it. */
  topic(): string;
  /** Waits long enough for a duplicate or late delivery to show up, if there were to be one. */
  settle(): Promise<void>;
  cleanup(): Promise<void>;
}

/** The aggregate: a budget line whose every change is an event carrying a per-aggregate sequence number. */
interface BudgetLine extends WithOutbox {
  amount: number;
}

interface Change {
  seq: number;
  delta: number;
}

interface Effect extends BaseDocument {
  subject: string;
  seq: number;
  applied: number;
}

const logger = createLogger({ name: 'outbox-test', level: 'silent' });
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

async function eventually(check: () => boolean | Promise<boolean>, what: () => string, withinMs = 20_000) {
  const deadline = Date.now() + withinMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${withinMs} ms: ${what()}`);
    await sleep(10);
  }
}

/** A bus that fails as if the process died before its publish reached the broker. */
function diesBeforePublishing(bus: EventBus): EventBus {
  return {
    ...delegate(bus),
    publish: async () => {
      throw new Error('process died before publishing');
    },
  };
}

/** A bus whose publish reaches the broker, after which the process dies (the relay sees an error). */
function diesAfterPublishing(bus: EventBus): EventBus {
  return {
    ...delegate(bus),
    publish: async (events) => {
      await bus.publish(events);
      throw new Error('process died after publishing');
    },
  };
}

/** A bus whose publish reaches the broker, after which the process is gone: the relay never resumes. */
function killedAfterPublishing(bus: EventBus, published: () => void): EventBus {
  return {
    ...delegate(bus),
    publish: async (events) => {
      await bus.publish(events);
      published();
      await new Promise<never>(() => undefined);
    },
  };
}

/** A bus that counts what went through it and holds each publish briefly, so relays overlap. */
function countingSlowBus(bus: EventBus): { bus: EventBus; published: () => number } {
  let published = 0;
  return {
    bus: {
      ...delegate(bus),
      publish: async (events) => {
        await sleep(2);
        await bus.publish(events);
        published += events.length;
      },
    },
    published: () => published,
  };
}

function delegate(bus: EventBus): EventBus {
  return {
    ensureTopics: (topics) => bus.ensureTopics(topics),
    publish: (events) => bus.publish(events),
    subscribe: (subscription) => bus.subscribe(subscription),
    ping: () => bus.ping(),
    close: () => bus.close(),
  };
}

export function outboxContract(name: string, make: () => Promise<OutboxUnderTest>): void {
  describe(`transactional outbox: ${name}`, () => {
    let underTest: OutboxUnderTest;
    let topic: string;
    let collectionName: string;
    const relays: OutboxRelay[] = [];

    beforeEach(async () => {
      underTest = await make();
      topic = underTest.topic();
      collectionName = `budget_lines_${randomUUID().slice(0, 8)}`;
      await underTest.bus.ensureTopics([topic]);
    });
    afterEach(async () => {
      await Promise.all(relays.splice(0).map((relay) => relay.stop()));
      await underTest.cleanup();
    });

    // --- the producing service ------------------------------------------------------------------

    const lines = (store: DocumentStore) => store.collection<BudgetLine>(collectionName);

    function changed(subject: string, change: Change): EventEnvelope {
      return {
        specversion: '1.0',
        id: randomUUID(),
        type: topic,
        source: 'outbox-contract',
        subject,
        time: new Date().toISOString(),
        datacontenttype: 'application/json',
        correlationId: randomUUID(),
        causationId: null,
        schemaVersion: 1,
        data: change,
      };
    }

    /** Opens a budget line with its first event (seq 1). */
    async function open(store: DocumentStore, id: string, amount: number): Promise<EventEnvelope> {
      const event = changed(id, { seq: 1, delta: amount });
      await insertWithEvents<BudgetLine>(lines(store), { _id: id, amount }, [event]);
      return event;
    }

    /** Adds to a budget line, guarded by the version the caller read; one event per delta. */
    async function add(store: DocumentStore, id: string, version: number, deltas: readonly number[], firstSeq: number) {
      const events = deltas.map((delta, i) => changed(id, { seq: firstSeq + i, delta }));
      const total = deltas.reduce((sum, delta) => sum + delta, 0);
      const updated = await updateWithEvents<BudgetLine>(
        lines(store),
        { _id: id, version },
        { $inc: { amount: total } },
        events,
      );
      return { updated, events };
    }

    function relayOver(store: DocumentStore, bus: EventBus, options: Partial<OutboxRelayOptions> = {}): OutboxRelay {
      const relay = createOutboxRelay({
        collections: [store.collection<WithOutbox>(collectionName)],
        bus,
        clock: systemClock,
        logger,
        pollMs: 20,
        ...options,
      });
      relays.push(relay);
      return relay;
    }

    /** A process that restarts: its own store and bus connections, and a relay over them. */
    async function restartedRelay(options: Partial<OutboxRelayOptions> = {}): Promise<OutboxRelay> {
      return relayOver(await underTest.openStore(), await underTest.openBus(), options);
    }

    async function pendingIn(store: DocumentStore, id: string): Promise<string[]> {
      const doc = await lines(store).findOne({ _id: id });
      return (doc?.outbox ?? []).map((event) => event.id);
    }

    // --- the consuming service --------------------------------------------------------------------

    /**
     * An idempotent consumer in its own group. It counts every delivery (duplicates
     * included) before the idempotency check, and every application after it, both in
     * memory and as an effects document per event id in its own store.
     */
    async function consumer() {
      const store = await underTest.openStore();
      const group = `${topic}-ledger`;
      const effects = store.collection<Effect>(`effects_${collectionName}`);
      const deliveries: string[] = [];
      const applied: EventEnvelope[] = [];
      const apply = idempotent(store, group, async (event) => {
        const change = event.data as Change;
        await effects.updateOne(
          { _id: event.id },
          { $inc: { applied: 1 }, $set: { subject: event.subject, seq: change.seq } },
          { upsert: true },
        );
        applied.push(event);
      });
      await underTest.bus.subscribe({
        group,
        handlers: {
          [topic]: async (event) => {
            deliveries.push(event.id);
            await apply(event);
          },
        },
      });
      return {
        deliveries,
        applied,
        /** How many times each event id was delivered. */
        deliveryCounts: () => countBy(deliveries),
        /** How many times each event's effect was applied, as the consumer's store recorded it. */
        async effectCounts(): Promise<Record<string, number>> {
          const docs = await effects.find({});
          return Object.fromEntries(docs.map((doc) => [doc._id, doc.applied]));
        },
        /** The sequence numbers applied for one aggregate, in the order they were applied. */
        seqsOf: (subject: string) =>
          applied.filter((event) => event.subject === subject).map((event) => (event.data as Change).seq),
        /** The amount each aggregate would have, rebuilt from the applied events alone. */
        amountsFromEvents(): Record<string, number> {
          const amounts: Record<string, number> = {};
          for (const event of applied)
            amounts[event.subject] = (amounts[event.subject] ?? 0) + (event.data as Change).delta;
          return amounts;
        },
      };
    }

    function countBy(values: readonly string[]): Record<string, number> {
      const counts: Record<string, number> = {};
      for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
      return counts;
    }

    const once = (events: readonly EventEnvelope[]) => Object.fromEntries(events.map((event) => [event.id, 1]));
    const times = (events: readonly EventEnvelope[], n: number) =>
      Object.fromEntries(events.map((event) => [event.id, n]));

    async function storedAmounts(store: DocumentStore): Promise<Record<string, number>> {
      const docs = await lines(store).find({});
      return Object.fromEntries(docs.map((doc) => [doc._id, doc.amount]));
    }

    // --- the tests --------------------------------------------------------------------------------

    describe('when the process dies between the state write and the publish', () => {
      it('the state is stored with its events, and a relay started after the restart publishes each once; the consumer applies each once', async () => {
        const ledger = await consumer();
        const before = await underTest.openStore();
        const opened = await open(before, 'line-1', 100);
        const { updated, events: added } = await add(before, 'line-1', 1, [20, 5], 2);
        const opened2 = await open(before, 'line-2', 50);
        // No relay ran: the process died right after its writes.
        await underTest.settle();
        expect(ledger.deliveries).toEqual([]);
        expect(updated).toMatchObject({ amount: 125, version: 2 });
        expect(await pendingIn(before, 'line-1')).toEqual([opened.id, ...added.map((event) => event.id)]);

        const relay = await restartedRelay();
        const published = await relay.relayOnce();

        const all = [opened, ...added, opened2];
        expect(published).toBe(4);
        await eventually(
          () => ledger.applied.length >= 4,
          () => `4 applied (got ${ledger.applied.length})`,
        );
        await underTest.settle();
        expect(ledger.deliveryCounts()).toEqual(once(all));
        expect(await ledger.effectCounts()).toEqual(once(all));
        expect(ledger.seqsOf('line-1')).toEqual([1, 2, 3]);
        expect(ledger.amountsFromEvents()).toEqual(await storedAmounts(before));
        expect(await pendingIn(before, 'line-1')).toEqual([]);
        expect(await pendingIn(before, 'line-2')).toEqual([]);
      });

      it('when the publish fails as the process dies, the events stay with the state, and the relay after the restart publishes them once', async () => {
        const ledger = await consumer();
        const before = await underTest.openStore();
        const dying = relayOver(before, diesBeforePublishing(await underTest.openBus()));
        const opened = await open(before, 'line-1', 100);
        const { events: added } = await add(before, 'line-1', 1, [7], 2);

        expect(await dying.relayOnce()).toBe(0);
        await underTest.settle();
        expect(ledger.deliveries).toEqual([]);
        expect(await pendingIn(before, 'line-1')).toEqual([opened.id, added[0]?.id]);

        const relay = await restartedRelay();
        expect(await relay.relayOnce()).toBe(2);

        await eventually(
          () => ledger.applied.length >= 2,
          () => `2 applied (got ${ledger.applied.length})`,
        );
        await underTest.settle();
        expect(ledger.deliveryCounts()).toEqual(once([opened, ...added]));
        expect(await ledger.effectCounts()).toEqual(once([opened, ...added]));
        expect(ledger.seqsOf('line-1')).toEqual([1, 2]);
        expect(await pendingIn(before, 'line-1')).toEqual([]);
      });
    });

    describe('when the process dies after the publish and before the outbox entry is removed', () => {
      it('when the relay fails right after publishing, the events are published again after the restart and the consumer applies each once', async () => {
        const ledger = await consumer();
        const before = await underTest.openStore();
        const dying = relayOver(before, diesAfterPublishing(await underTest.openBus()));
        const opened = await open(before, 'line-1', 100);
        const { events: added } = await add(before, 'line-1', 1, [30], 2);
        const all = [opened, ...added];

        await dying.relayOnce();
        await eventually(
          () => ledger.deliveries.length >= 2,
          () => `the first publish to arrive (got ${ledger.deliveries.length})`,
        );
        expect(await pendingIn(before, 'line-1')).toEqual(all.map((event) => event.id));

        const relay = await restartedRelay();
        expect(await relay.relayOnce()).toBe(2);

        await eventually(
          () => ledger.deliveries.length >= 4,
          () => `the second publish to arrive (got ${ledger.deliveries.length})`,
        );
        await underTest.settle();
        expect(ledger.deliveryCounts()).toEqual(times(all, 2));
        expect(ledger.applied.map((event) => event.id)).toEqual(all.map((event) => event.id));
        expect(await ledger.effectCounts()).toEqual(once(all));
        expect(await pendingIn(before, 'line-1')).toEqual([]);
      });

      it('when the relay process is killed after publishing, a new relay waits out its lease, publishes again, and the consumer applies each once', async () => {
        const ledger = await consumer();
        const clock = new ManualClock(new Date());
        const leaseMs = 60_000;
        const before = await underTest.openStore();
        let killed = false;
        const doomed = relayOver(
          before,
          killedAfterPublishing(await underTest.openBus(), () => {
            killed = true;
          }),
          { clock, leaseMs },
        );
        const opened = await open(before, 'line-1', 100);
        const { events: added } = await add(before, 'line-1', 1, [1, 2], 2);
        const all = [opened, ...added];

        void doomed.relayOnce(); // never settles: the process is gone mid-pass
        await eventually(
          () => killed && ledger.deliveries.length >= 3,
          () => `the doomed publish to arrive (got ${ledger.deliveries.length})`,
        );

        const relay = await restartedRelay({ clock, leaseMs });
        expect(await relay.relayOnce()).toBe(0); // the dead relay's lease still holds
        clock.advance(leaseMs + 1);
        expect(await relay.relayOnce()).toBe(3);

        await eventually(
          () => ledger.deliveries.length >= 6,
          () => `the republished events to arrive (got ${ledger.deliveries.length})`,
        );
        await underTest.settle();
        expect(ledger.deliveryCounts()).toEqual(times(all, 2));
        expect(ledger.seqsOf('line-1')).toEqual([1, 2, 3]);
        expect(await ledger.effectCounts()).toEqual(once(all));
        expect(await pendingIn(before, 'line-1')).toEqual([]);
      });
    });

    describe('when the write fails', () => {
      it('when an insert hits a duplicate key, neither its state nor its event is stored, and only the first insert is published', async () => {
        const ledger = await consumer();
        const store = await underTest.openStore();
        const first = await open(store, 'line-1', 100);

        await expect(open(store, 'line-1', 999)).rejects.toBeInstanceOf(DuplicateKeyError);
        const relay = relayOver(store, await underTest.openBus());
        expect(await relay.relayOnce()).toBe(1);

        await eventually(
          () => ledger.applied.length >= 1,
          () => 'the first insert to be applied',
        );
        await underTest.settle();
        expect(ledger.deliveryCounts()).toEqual(once([first]));
        expect(await storedAmounts(store)).toEqual({ 'line-1': 100 });
        expect(ledger.amountsFromEvents()).toEqual({ 'line-1': 100 });
      });

      it('when an update misses its version guard, neither the change nor its events are stored or published', async () => {
        const ledger = await consumer();
        const store = await underTest.openStore();
        const opened = await open(store, 'line-1', 100);
        const fresh = await add(store, 'line-1', 1, [10], 2);

        const stale = await add(store, 'line-1', 1, [500], 3); // read at version 1, but it is at 2 now
        const relay = relayOver(store, await underTest.openBus());
        expect(await relay.relayOnce()).toBe(2);

        expect(fresh.updated).toMatchObject({ amount: 110, version: 2 });
        expect(stale.updated).toBeNull();
        await eventually(
          () => ledger.applied.length >= 2,
          () => `2 applied (got ${ledger.applied.length})`,
        );
        await underTest.settle();
        expect(ledger.deliveryCounts()).toEqual(once([opened, ...fresh.events]));
        expect(await storedAmounts(store)).toEqual({ 'line-1': 110 });
        expect(ledger.amountsFromEvents()).toEqual({ 'line-1': 110 });
      });
    });

    describe('order', () => {
      it("one aggregate's events are published in the order they were written, across writes, batches and relay passes", async () => {
        const ledger = await consumer();
        const store = await underTest.openStore();
        const relay = relayOver(store, await underTest.openBus(), { batchSize: 2 });
        await open(store, 'line-1', 1);
        await add(store, 'line-1', 1, [1, 1, 1], 2);
        await relay.relayOnce();
        await add(store, 'line-1', 2, [1], 5);
        await add(store, 'line-1', 3, [1, 1], 6);
        await relay.relayOnce();

        await eventually(
          () => ledger.applied.length >= 7,
          () => `7 applied (got ${ledger.applied.length})`,
        );
        await underTest.settle();
        expect(ledger.seqsOf('line-1')).toEqual([1, 2, 3, 4, 5, 6, 7]);
        expect(ledger.deliveries).toHaveLength(7);
      });

      it("two relays running at once over the same collection deliver every aggregate's events in order, and lose none", async () => {
        const ledger = await consumer();
        const store = await underTest.openStore();
        const [a, b] = [countingSlowBus(await underTest.openBus()), countingSlowBus(await underTest.openBus())];
        const relayA = relayOver(await underTest.openStore(), a.bus, { pollMs: 5, batchSize: 3 });
        const relayB = relayOver(await underTest.openStore(), b.bus, { pollMs: 5, batchSize: 3 });
        relayA.start();
        relayB.start();

        const ids = ['line-1', 'line-2', 'line-3', 'line-4'];
        const rounds = 6;
        const nextSeq = new Map<string, number>();
        for (const id of ids) {
          await open(store, id, 10);
          nextSeq.set(id, 2);
        }
        for (let round = 1; round <= rounds; round++) {
          for (const id of ids) {
            const seq = nextSeq.get(id) ?? 2;
            const deltas = round % 2 === 0 ? [1, 2] : [3];
            const { updated } = await add(store, id, round, deltas, seq);
            expect(updated).not.toBeNull();
            nextSeq.set(id, seq + deltas.length);
            relayA.nudge();
            relayB.nudge();
          }
          await sleep(3);
        }
        const total = [...nextSeq.values()].reduce((sum, seq) => sum + seq - 1, 0);

        await eventually(
          () => ledger.applied.length >= total,
          () => `${total} applied (got ${ledger.applied.length})`,
        );
        await Promise.all([relayA.stop(), relayB.stop()]);
        await underTest.settle();
        for (const id of ids) {
          const count = (nextSeq.get(id) ?? 1) - 1;
          expect(ledger.seqsOf(id)).toEqual(Array.from({ length: count }, (_, i) => i + 1));
        }
        expect(ledger.deliveries).toHaveLength(total);
        expect(Object.values(await ledger.effectCounts()).filter((applied) => applied === 1)).toHaveLength(total);
        expect(a.published() + b.published()).toBe(total);
        expect(a.published()).toBeGreaterThan(0);
        expect(b.published()).toBeGreaterThan(0);
        expect(ledger.amountsFromEvents()).toEqual(await storedAmounts(store));
        for (const id of ids) expect(await pendingIn(store, id)).toEqual([]);
      });
    });
  });
}
