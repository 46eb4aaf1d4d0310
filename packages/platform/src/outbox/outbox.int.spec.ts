import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@sanshe/contracts';
import { CONTRACT_DELIVERY } from '../bus/bus.contract';
import { InMemoryEventBus } from '../bus/in-memory';
import { createLogger } from '../logger';
import { createEmbeddedStore } from '../store/embedded';
import type { BaseDocument, Collection } from '../store/port';
import { insertWithEvents, updateWithEvents, type WithOutbox } from './outbox';
import { outboxContract } from './outbox.contract';

const logger = createLogger({ name: 'outbox-test', level: 'silent' });

outboxContract('embedded store + in-process bus', async () => {
  // Embedded mode keeps its state in the process: a "restarted" relay is a new relay over the same store.
  const store = createEmbeddedStore();
  const bus = new InMemoryEventBus(logger, CONTRACT_DELIVERY);
  let topics = 0;
  return {
    openStore: async () => store,
    openBus: async () => bus,
    bus,
    topic: () => `outbox.t${++topics}`,
    settle: () => bus.idle(),
    async cleanup() {
      await bus.close();
      await store.close();
    },
  };
});

describe('writing with events', () => {
  interface Tender extends WithOutbox {
    status: string;
  }

  /** The collection, recording which of its methods are called, with what. */
  function recorded<T extends BaseDocument>(collection: Collection<T>, calls: Array<[string, unknown[]]>) {
    return new Proxy(collection, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => {
          calls.push([String(property), args]);
          return (value as (...params: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  }

  const event = (subject: string, type: string): EventEnvelope => ({
    specversion: '1.0',
    id: randomUUID(),
    type,
    source: 'procurement',
    subject,
    time: '2026-01-05T09:00:00.000Z',
    datacontenttype: 'application/json',
    correlationId: 'corr-1',
    causationId: null,
    schemaVersion: 1,
    data: {},
  });

  it('an insert and an update with events are each one single-document write carrying both the state and its events, so a crash leaves both or neither', async () => {
    const calls: Array<[string, unknown[]]> = [];
    const tenders = recorded(createEmbeddedStore().collection<Tender>('tenders'), calls);
    const opened = event('t1', 'tender.opened');
    const closed = event('t1', 'tender.closed');

    await insertWithEvents<Tender>(tenders, { _id: 't1', status: 'open' }, [opened]);
    await updateWithEvents<Tender>(tenders, { _id: 't1', version: 1 }, { $set: { status: 'closed' } }, [closed]);

    expect(calls).toEqual([
      ['insertOne', [{ _id: 't1', status: 'open', version: 1, outbox: [opened] }]],
      [
        'findOneAndUpdate',
        [
          { _id: 't1', version: 1 },
          { $set: { status: 'closed' }, $inc: { version: 1 }, $push: { outbox: { $each: [closed] } } },
          { returnDocument: 'after' },
        ],
      ],
    ]);
    expect(await tenders.findOne({ _id: 't1' })).toEqual({
      _id: 't1',
      status: 'closed',
      version: 2,
      outbox: [opened, closed],
    });
  });

  it('an update that carries no event changes the state and adds nothing to the outbox', async () => {
    const tenders = createEmbeddedStore().collection<Tender>('tenders');
    await insertWithEvents<Tender>(tenders, { _id: 't1', status: 'open' }, []);

    const updated = await updateWithEvents<Tender>(
      tenders,
      { _id: 't1', version: 1 },
      { $set: { status: 'draft' } },
      [],
    );

    expect(updated).toEqual({ _id: 't1', status: 'draft', version: 2, outbox: [] });
  });
});
