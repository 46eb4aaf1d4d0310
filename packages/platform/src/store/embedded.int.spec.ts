import { ManualClock } from '../clock';
import { createEmbeddedStore } from './embedded';
import { storeContract } from './store.contract';

storeContract('embedded (mingo)', async () => {
  const clock = new ManualClock('2026-01-05T09:00:00.000Z');
  const store = createEmbeddedStore({ clock });
  return {
    store,
    cleanup: () => store.close(),
    // The next operation on a collection with a TTL index sweeps it, once its last sweep is a minute old.
    ttl: { now: () => clock.now(), sweep: async () => clock.advance(61_000) },
  };
});

describe('embedded store: sweeping expired documents on demand', () => {
  it('sweepExpired removes what every TTL index has expired and says how many, without waiting for the minute', async () => {
    const store = createEmbeddedStore();
    const marks = store.collection<{ _id: string; expiresAt: Date }>('marks');
    await marks.createIndex({ keys: { expiresAt: 1 }, expireAfterSeconds: 0 });
    await marks.insertMany([
      { _id: 'gone', expiresAt: new Date(Date.now() - 1_000) },
      { _id: 'kept', expiresAt: new Date(Date.now() + 3_600_000) },
    ]);
    expect(store.sweepExpired()).toBe(1);
    expect((await marks.find({})).map((m) => m._id)).toEqual(['kept']);
    await store.close();
  });
});
