import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@sanshe/contracts';
import { InMemoryEventBus } from '../bus/in-memory';
import type { EventHandler } from '../bus/port';
import { createLogger } from '../logger';
import { createEmbeddedStore } from '../store/embedded';
import type { DocumentStore } from '../store/port';
import { ManualClock } from '../clock';
import { idempotent, PROCESSED_EVENTS, setupProcessedEvents } from './idempotent';

const logger = createLogger({ name: 'idempotent-test', level: 'silent' });

function needLogged(subject = 'need-1'): EventEnvelope {
  return {
    specversion: '1.0',
    id: randomUUID(),
    type: 'need.logged',
    source: 'needs-intake',
    subject,
    time: '2026-01-05T09:00:00.000Z',
    datacontenttype: 'application/json',
    correlationId: randomUUID(),
    causationId: null,
    schemaVersion: 1,
    data: { category: 'eldercare' },
  };
}

/** A handler that records each run and each successful application; it fails while `failures` lasts. */
function recording(failures = 0) {
  const runs: string[] = [];
  const applied: string[] = [];
  let failuresLeft = failures;
  const handler: EventHandler = async (event) => {
    runs.push(event.id);
    if (failuresLeft-- > 0) throw new Error('database briefly unavailable');
    applied.push(event.id);
  };
  return { runs, applied, handler };
}

const processedIds = async (store: DocumentStore) =>
  (await store.collection(PROCESSED_EVENTS).find({})).map((doc) => doc._id).sort();

describe('idempotent consumer', () => {
  it('when the same event id is delivered three times, the handler runs once and the event is remembered for its group', async () => {
    const store = createEmbeddedStore();
    const { runs, handler } = recording();
    const consume = idempotent(store, 'fulfilment', handler);
    const event = needLogged();

    await consume(event);
    await consume(event);
    await consume({ ...event, time: '2026-01-05T09:05:00.000Z' }); // a redelivery may be a re-publish of the same id

    expect(runs).toEqual([event.id]);
    expect(await processedIds(store)).toEqual([`fulfilment:${event.id}`]);
  });

  it('when two events have the same content but different ids, each runs', async () => {
    const store = createEmbeddedStore();
    const { runs, handler } = recording();
    const consume = idempotent(store, 'fulfilment', handler);
    const first = needLogged();
    const second = { ...first, id: randomUUID() };

    await consume(first);
    await consume(second);

    expect(runs).toEqual([first.id, second.id]);
  });

  it('when the handler fails, the event is not marked processed and the retry runs the handler again, once', async () => {
    const store = createEmbeddedStore();
    const { runs, applied, handler } = recording(1);
    const consume = idempotent(store, 'fulfilment', handler);
    const event = needLogged();

    await expect(consume(event)).rejects.toThrow('database briefly unavailable');
    expect(await processedIds(store)).toEqual([]);
    await consume(event);
    await consume(event);

    expect(runs).toEqual([event.id, event.id]);
    expect(applied).toEqual([event.id]);
    expect(await processedIds(store)).toEqual([`fulfilment:${event.id}`]);
  });

  it('when two groups consume the same event, each group runs its handler once, independently', async () => {
    const store = createEmbeddedStore();
    const fulfilment = recording();
    const design = recording();
    const consumeInFulfilment = idempotent(store, 'fulfilment', fulfilment.handler);
    const consumeInDesign = idempotent(store, 'project-design', design.handler);
    const event = needLogged();

    await consumeInFulfilment(event);
    await consumeInFulfilment(event);
    await consumeInDesign(event);
    await consumeInDesign(event);

    expect(fulfilment.runs).toEqual([event.id]);
    expect(design.runs).toEqual([event.id]);
    expect(await processedIds(store)).toEqual([`fulfilment:${event.id}`, `project-design:${event.id}`].sort());
  });

  it('when one group fails on an event, another group that handled it is not affected, and the failing group retries', async () => {
    const store = createEmbeddedStore();
    const fulfilment = recording(1);
    const design = recording();
    const event = needLogged();

    await expect(idempotent(store, 'fulfilment', fulfilment.handler)(event)).rejects.toThrow();
    await idempotent(store, 'project-design', design.handler)(event);
    await idempotent(store, 'fulfilment', fulfilment.handler)(event);

    expect(fulfilment.runs).toEqual([event.id, event.id]);
    expect(design.runs).toEqual([event.id]);
    expect(await processedIds(store)).toEqual([`fulfilment:${event.id}`, `project-design:${event.id}`].sort());
  });

  it('when the bus redelivers an event (published twice) and retries a failure, the subscribed handler applies each event once', async () => {
    const store = createEmbeddedStore();
    const bus = new InMemoryEventBus(logger, { attempts: 3, initialBackoffMs: 1, maxBackoffMs: 1 });
    const { runs, applied, handler } = recording(1);
    const deliveries: string[] = [];
    const consume = idempotent(store, 'fulfilment', handler);
    await bus.subscribe({
      group: 'fulfilment',
      handlers: {
        'need.logged': async (event) => {
          deliveries.push(event.id);
          await consume(event);
        },
      },
    });
    const first = needLogged('need-1');
    const second = needLogged('need-1');

    await bus.publish([first, second]);
    await bus.publish([first]); // the outbox relay died after publishing and published it again
    await bus.idle();

    expect(deliveries).toEqual([first.id, first.id, second.id, first.id]); // the first failure was retried
    expect(runs).toEqual([first.id, first.id, second.id]);
    expect(applied).toEqual([first.id, second.id]);
    expect(bus.deadLettered()).toEqual([]);
    await bus.close();
  });

  it('a mark is kept for its retention (14 days by default), then the TTL index forgets it and a replay runs again', async () => {
    const clock = new ManualClock('2026-01-05T09:00:00.000Z');
    const store = createEmbeddedStore({ clock });
    await setupProcessedEvents(store);
    const { runs, handler } = recording();
    const consume = idempotent(store, 'fulfilment', handler, { clock });
    const event = needLogged();

    await consume(event);
    expect(await store.collection(PROCESSED_EVENTS).find({})).toEqual([
      expect.objectContaining({
        processedAt: '2026-01-05T09:00:00.000Z',
        expiresAt: new Date('2026-01-19T09:00:00.000Z'),
      }),
    ]);
    clock.advance(14 * 24 * 3600_000 - 60_000);
    await consume(event); // a redelivery within the retention: skipped
    expect(runs).toEqual([event.id]);

    clock.advance(2 * 60_000);
    await consume(event); // a dead letter replayed after the retention: processed again
    expect(runs).toEqual([event.id, event.id]);
  });
});
