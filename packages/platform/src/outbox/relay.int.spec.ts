import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@sanshe/contracts';
import { createAuditLog } from '../audit/audit-log';
import { InMemoryEventBus } from '../bus/in-memory';
import type { EventBus } from '../bus/port';
import { systemClock } from '../clock';
import { createLogger } from '../logger';
import { createEmbeddedStore } from '../store/embedded';
import { insertWithEvents, updateWithEvents, type WithOutbox } from './outbox';
import { createOutboxRelay } from './relay';

/**
 * How the relay batches (the outbox contract proves order, crashes and leases on both adapters):
 * a pass leases many documents at once and publishes them a page at a time, one audit append
 * and one publish per page, and lets go of everything it held, whatever happens.
 */
const logger = createLogger({ name: 'relay-test', level: 'silent' });
const TOPIC = 'relay.test';

interface Line extends WithOutbox {
  n: number;
}

const event = (subject: string, seq: number): EventEnvelope => ({
  specversion: '1.0',
  id: randomUUID(),
  type: TOPIC,
  source: 'relay-test',
  subject,
  time: new Date().toISOString(),
  datacontenttype: 'application/json',
  correlationId: randomUUID(),
  causationId: null,
  schemaVersion: 1,
  data: { seq },
});

/** A bus that records each publish (how many events it carried) before handing it on. */
function recording(bus: EventBus, before?: (events: readonly EventEnvelope[]) => Promise<void>) {
  const publishes: number[] = [];
  return {
    publishes,
    bus: {
      ...bus,
      ensureTopics: (topics: readonly string[]) => bus.ensureTopics(topics),
      subscribe: bus.subscribe.bind(bus),
      ping: () => bus.ping(),
      close: () => bus.close(),
      async publish(events: readonly EventEnvelope[]) {
        await before?.(events);
        await bus.publish(events);
        publishes.push(events.length);
      },
    } satisfies EventBus,
  };
}

async function world(count: number) {
  const store = createEmbeddedStore();
  const lines = store.collection<Line>('lines');
  const bus = new InMemoryEventBus(logger);
  await bus.ensureTopics([TOPIC]);
  for (let i = 0; i < count; i++)
    await insertWithEvents<Line>(lines, { _id: `line-${i}`, n: i }, [event(`line-${i}`, 1)]);
  return { store, lines, bus };
}

describe('outbox relay: batching', () => {
  it('reads what it claimed in one query, up to ten pages at a time', async () => {
    const { lines, bus } = await world(600);
    const reads: number[] = [];
    const find = lines.find.bind(lines);
    const counted = Object.assign(Object.create(lines) as typeof lines, {
      find: async (...args: Parameters<typeof find>) => {
        const found = await find(...args);
        reads.push(found.length);
        return found;
      },
    });
    const { bus: watched, publishes } = recording(bus);
    const relay = createOutboxRelay({ collections: [counted], bus: watched, clock: systemClock, logger, pageSize: 50 });

    expect(await relay.relayOnce()).toBe(600);
    // 600 claimed: 500 (ten pages of 50) in the first read, the other 100 in the second.
    expect(reads).toEqual([500, 100]);
    expect(publishes).toEqual([500, 100]);
    expect(await lines.countDocuments({ outboxLeaseUntil: { $exists: true } })).toBe(0);
  });

  it('publishes many documents with one audit append and one publish per publishSize events, and holds no lease afterwards', async () => {
    const { store, lines, bus } = await world(600);
    const audit = createAuditLog(store, { clock: systemClock });
    const appends: number[] = [];
    const appendMany = audit.appendMany.bind(audit);
    const counted = {
      ...audit,
      appendMany: async (records: Parameters<typeof appendMany>[0]) => {
        appends.push(records.length);
        await appendMany(records);
      },
    };
    const { bus: watched, publishes } = recording(bus);
    const relay = createOutboxRelay({
      collections: [lines],
      bus: watched,
      clock: systemClock,
      logger,
      audit: counted,
      pageSize: 250,
      publishSize: 250,
    });

    expect(await relay.relayOnce()).toBe(600);

    expect(publishes).toEqual([250, 250, 100]);
    expect(appends).toEqual([250, 250, 100]);
    expect(bus.messages(TOPIC)).toHaveLength(600);
    expect(await lines.countDocuments({ 'outbox.0': { $exists: true } })).toBe(0);
    expect(await lines.countDocuments({ outboxLeaseUntil: { $exists: true } })).toBe(0);
    expect((await audit.verify()).ok).toBe(true);
    expect(await audit.collection.countDocuments({})).toBe(600);
  });

  it('splits a page into publishes of at most publishSize events, never splitting one document', async () => {
    const { lines, bus } = await world(0);
    for (let i = 0; i < 10; i++)
      await insertWithEvents<Line>(
        lines,
        { _id: `line-${i}`, n: i },
        [1, 2, 3].map((seq) => event(`line-${i}`, seq)),
      );
    const { bus: watched, publishes } = recording(bus);
    const relay = createOutboxRelay({ collections: [lines], bus: watched, clock: systemClock, logger, publishSize: 7 });

    expect(await relay.relayOnce()).toBe(30);

    expect(publishes).toEqual([6, 6, 6, 6, 6]);
  });

  it('when a publish fails, every document keeps its events and none stays leased; the next pass publishes them', async () => {
    const { lines, bus } = await world(300);
    let fail = true;
    const { bus: flaky } = recording(bus, async () => {
      if (fail) throw new Error('broker away');
    });
    const relay = createOutboxRelay({ collections: [lines], bus: flaky, clock: systemClock, logger, pageSize: 100 });

    expect(await relay.relayOnce()).toBe(0);
    expect(await lines.countDocuments({ 'outbox.0': { $exists: true } })).toBe(300);
    expect(await lines.countDocuments({ outboxLeaseUntil: { $exists: true } })).toBe(0);

    fail = false;
    expect(await relay.relayOnce()).toBe(300);
    expect(bus.messages(TOPIC)).toHaveLength(300);
  });

  it('an event written to a document while its page is being published stays, and goes out after it, next pass', async () => {
    const { lines, bus } = await world(1);
    let written = false;
    const { bus: slow } = recording(bus, async () => {
      if (written) return;
      written = true;
      const updated = await updateWithEvents<Line>(lines, { _id: 'line-0', version: 1 }, { $inc: { n: 1 } }, [
        event('line-0', 2),
      ]);
      expect(updated).not.toBeNull();
    });
    const relay = createOutboxRelay({ collections: [lines], bus: slow, clock: systemClock, logger });

    expect(await relay.relayOnce()).toBe(1);
    const left = await lines.findOne({ _id: 'line-0' });
    expect(left?.outbox?.map((e) => (e.data as { seq: number }).seq)).toEqual([2]);
    expect(left?.outboxLeaseUntil).toBeUndefined();

    expect(await relay.relayOnce()).toBe(1);
    expect(bus.messages(TOPIC).map((m) => (m as EventEnvelope & { data: { seq: number } }).data.seq)).toEqual([1, 2]);
  });
});
