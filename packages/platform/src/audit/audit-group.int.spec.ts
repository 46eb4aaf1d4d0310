import { ManualClock } from '../clock';
import { createEmbeddedStore } from '../store/embedded';
import type { BaseDocument, Collection, DocumentStore } from '../store/port';
import { createAuditLog, type AuditInput } from './audit-log';

/**
 * Group commit: appends that arrive while one is being written go in together, as one write,
 * in the order they were asked for, each caller answered once its own records are stored.
 */
const input = (key: string): AuditInput => ({
  kind: 'command',
  key,
  actor: 'staff-1',
  roles: ['community_staff'],
  action: 'POST /needs',
  resource: key,
  correlationId: 'c',
  outcome: 201,
  dataDigest: null,
});

/** The store, counting the inserts made into its collections. */
function counting(store: DocumentStore): { store: DocumentStore; inserts: () => number } {
  let inserts = 0;
  return {
    inserts: () => inserts,
    store: {
      ...store,
      collectionNames: () => store.collectionNames(),
      ping: () => store.ping(),
      close: () => store.close(),
      collection<T extends BaseDocument>(name: string): Collection<T> {
        const collection = store.collection<T>(name);
        return {
          ...collection,
          name: collection.name,
          async insertMany(docs) {
            inserts += 1;
            await collection.insertMany(docs);
          },
        };
      },
    },
  };
}

describe('audit log group commit', () => {
  it('a hundred appends at once go in as a few writes, in the order asked, one unbroken chain', async () => {
    const { store, inserts } = counting(createEmbeddedStore());
    const log = createAuditLog(store, { clock: new ManualClock() });
    const keys = Array.from({ length: 100 }, (_, i) => `k${String(i).padStart(3, '0')}`);

    const done: string[] = [];
    await Promise.all(keys.map((key) => log.append(input(key)).then(() => done.push(key))));

    expect(done.sort()).toEqual(keys);
    expect(inserts()).toBeLessThanOrEqual(2);
    const entries = await log.collection.find({}, { sort: { seq: 1 } });
    expect(entries.map((e) => e.key)).toEqual(keys);
    expect(await log.verify()).toMatchObject({ ok: true, checked: 100 });
  });

  it('a key asked for twice in one group is stored once', async () => {
    const log = createAuditLog(createEmbeddedStore(), { clock: new ManualClock() });
    await Promise.all([
      log.append(input('a')),
      log.append(input('b')),
      log.append(input('a')),
      log.appendMany([input('b')]),
    ]);
    expect((await log.collection.find({}, { sort: { seq: 1 } })).map((e) => e.key)).toEqual(['a', 'b']);
  });

  it('when the write of a group fails, its callers are told, and later appends still go in', async () => {
    const store = createEmbeddedStore();
    const broken = {
      ...store,
      collection<T extends BaseDocument>(name: string): Collection<T> {
        const collection = store.collection<T>(name);
        return {
          ...collection,
          name: collection.name,
          async insertMany(docs) {
            if (docs.some((d) => (d as unknown as { key: string }).key === 'poison')) throw new Error('disk full');
            await collection.insertMany(docs);
          },
        };
      },
    };
    const log = createAuditLog(broken, { clock: new ManualClock() });
    await log.append(input('first'));

    const results = await Promise.allSettled([log.append(input('poison')), log.append(input('same-group'))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);

    await log.append(input('after'));
    expect((await log.collection.find({}, { sort: { seq: 1 } })).map((e) => e.key)).toEqual(['first', 'after']);
    expect((await log.verify()).ok).toBe(true);
  });
});
