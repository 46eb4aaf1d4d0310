import { ManualClock } from '../clock';
import type { DocumentStore } from '../store/port';
import { AUDIT_COLLECTION, createAuditLog } from './audit-log';
import type { AuditInput } from './audit-log';

const input = (key: string): AuditInput => ({
  kind: 'event',
  key,
  actor: 'needs-intake',
  roles: [],
  action: 'intake.need.logged',
  resource: key,
  correlationId: 'c',
  outcome: null,
  dataDigest: 'd',
});

/** The audit log's behaviour on a store adapter; run by the embedded and the real-store suites. */
export function auditLogContract(name: string, openStore: () => Promise<DocumentStore>): void {
  describe(`the audit log on ${name}`, () => {
    let store: DocumentStore;
    beforeEach(async () => {
      store = await openStore();
    });
    afterEach(async () => {
      await store.close();
    });

    test('appends in order, once per key, and verifies', async () => {
      const log = createAuditLog(store, { clock: new ManualClock() });
      await log.append(input('a'));
      await log.appendMany([input('b'), input('c'), input('b')]);
      await log.append(input('a'));
      const entries = await log.collection.find({}, { sort: { seq: 1 } });
      expect(entries.map((e) => [e.seq, e.key])).toEqual([
        [1, 'a'],
        [2, 'b'],
        [3, 'c'],
      ]);
      expect(await log.verify()).toMatchObject({ ok: true, checked: 3 });
    });

    test('writers in two processes (two logs on one store) racing 40 appends keep one unbroken chain', async () => {
      const first = createAuditLog(store, { clock: new ManualClock() });
      const second = createAuditLog(store, { clock: new ManualClock() });
      await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? first : second).append(input(`k${i}`))));
      const verdict = await first.verify();
      expect(verdict).toMatchObject({ ok: true, checked: 40 });
      expect(await store.collection(AUDIT_COLLECTION).countDocuments({})).toBe(40);
    });

    test('editing or deleting an entry in the store is detected by verify', async () => {
      const log = createAuditLog(store, { clock: new ManualClock() });
      await log.appendMany(['a', 'b', 'c', 'd'].map(input));
      await log.collection.updateOne({ seq: 2 }, { $set: { actor: 'intruder' } });
      expect(await log.verify()).toMatchObject({ ok: false, problem: { seq: 2 } });
      await log.collection.updateOne({ seq: 2 }, { $set: { actor: 'needs-intake' } });
      expect((await log.verify()).ok).toBe(true);
      await log.collection.deleteOne({ seq: 3 });
      expect(await log.verify()).toMatchObject({
        ok: false,
        problem: { seq: 3, reason: expect.stringContaining('missing') },
      });
    });
  });
}
