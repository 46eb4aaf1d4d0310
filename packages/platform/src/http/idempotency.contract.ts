import { pino } from 'pino';
import request from 'supertest';
import { z } from 'zod';
import { createAuditLog } from '../audit/audit-log';
import { ManualClock } from '../clock';
import { unprocessable } from '../errors';
import { keyedId } from '../ids';
import { DuplicateKeyError, type DocumentStore } from '../store/port';
import { createHttpApp } from './app';
import { createLocalIssuer, type LocalIssuer } from './auth';
import { createIdempotencyKeys, IDEMPOTENCY_COLLECTION, IDEMPOTENCY_LEASE_MS, IDEMPOTENCY_TTL_MS } from './idempotency';
import { ApiRouter } from './routes';

interface Thing {
  _id: string;
  name: string;
}

/**
 * A service with one creating command, `POST /api/test/things`, marked idempotent: it creates
 * a thing whose id comes from the key (`keyedId`) and answers the existing one when a try
 * runs again. Switches let a test make it refuse (4xx), meet an outage after writing, or wait.
 */
async function harness(store: DocumentStore) {
  // Real time as the start: the real store's TTL sweep must not find the records expired.
  const clock = new ManualClock(new Date());
  const issuer: LocalIssuer = await createLocalIssuer();
  const things = store.collection<Thing>('things');
  const switches = { refuse: false, outageAfterWrite: false, hold: null as Promise<void> | null, runs: 0 };
  let entered: () => void = () => undefined;
  const api = new ApiRouter('test', '/api/test');
  api.route({
    method: 'post',
    path: '/things',
    summary: 'Create a thing',
    roles: ['community_staff'],
    body: z.object({ name: z.string().min(1) }),
    response: z.object({ id: z.string(), name: z.string() }),
    status: 201,
    idempotent: true,
    handler: async ({ body, idempotencyKey }) => {
      switches.runs += 1;
      entered();
      if (switches.hold) await switches.hold;
      if (switches.refuse) throw unprocessable('TEST.REFUSED', 'not now');
      const thing = { _id: keyedId(idempotencyKey, 'thing'), name: body.name };
      try {
        await things.insertOne(thing);
      } catch (error) {
        if (!(error instanceof DuplicateKeyError)) throw error;
      }
      if (switches.outageAfterWrite) throw Object.assign(new Error('connection reset'), { code: 'ECONNRESET' });
      return { id: thing._id, name: thing.name };
    },
  });
  api.useAudit(createAuditLog(store, { clock }));
  api.useIdempotency(createIdempotencyKeys(store, { clock }));
  const app = createHttpApp({
    logger: pino({ level: 'silent' }),
    apis: [{ api }],
    verifier: issuer.verifier,
    readiness: {},
  });
  const token = (sub: string) => issuer.sign({ sub, roles: ['community_staff'], communities: [] });
  const staff = await token('staff-1');
  const post = (body: unknown, key?: string, as = staff) => {
    const req = request(app).post('/api/test/things').set('authorization', `Bearer ${as}`);
    return (key === undefined ? req : req.set('Idempotency-Key', key)).send(body as object);
  };
  /** Resolves once the handler has been entered (the next call). */
  const nextEntry = () =>
    new Promise<void>((resolve) => {
      entered = resolve;
    });
  return { clock, things, switches, post, token, nextEntry, store };
}

/** The Idempotency-Key mechanism of `ApiRouter` on a store adapter; run by the embedded and the real-store suites. */
export function idempotencyContract(name: string, openStore: () => Promise<DocumentStore>): void {
  describe(`Idempotency-Key on ${name}`, () => {
    let store: DocumentStore;
    beforeEach(async () => {
      store = await openStore();
    });
    afterEach(async () => {
      await store.close();
    });

    test('the same request again is answered from the record: same status and body, no second effect', async () => {
      const h = await harness(store);
      const first = await h.post({ name: 'a' }, 'key-1');
      expect(first.status).toBe(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const again = await h.post({ name: 'a' }, 'key-1');
      expect(again.status).toBe(201);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
      // The draft's form of the value (a Structured Field string) names the same key.
      expect((await h.post({ name: 'a' }, '"key-1"')).headers['idempotent-replayed']).toBe('true');
      expect(h.switches.runs).toBe(1);
      expect(await h.things.countDocuments({})).toBe(1);
      // One command in the audit log: a replay is no second command.
      expect(await store.collection('audit_log').countDocuments({ kind: 'command' })).toBe(1);
      // The record keeps neither the key nor who sent it in clear.
      const [record] = await store.collection(IDEMPOTENCY_COLLECTION).find({});
      expect(JSON.stringify(record)).not.toMatch(/key-1|staff-1/);
    });

    test('without a key, or with another key or another caller, each request acts', async () => {
      const h = await harness(store);
      expect((await h.post({ name: 'a' })).status).toBe(201);
      expect((await h.post({ name: 'a' })).status).toBe(201);
      expect((await h.post({ name: 'a' }, 'key-1')).status).toBe(201);
      expect((await h.post({ name: 'a' }, 'key-2')).status).toBe(201);
      const other = await h.post({ name: 'a' }, 'key-1', await h.token('staff-2'));
      expect(other.headers['idempotent-replayed']).toBeUndefined();
      expect(await h.things.countDocuments({})).toBe(5);
    });

    test('the same key with another body is refused 422 IDEMPOTENCY.KEY_REUSED', async () => {
      const h = await harness(store);
      await h.post({ name: 'a' }, 'key-1');
      const reused = await h.post({ name: 'b' }, 'key-1');
      expect(reused.status).toBe(422);
      expect(reused.body).toMatchObject({
        code: 'IDEMPOTENCY.KEY_REUSED',
        errors: [expect.objectContaining({ field: 'header.idempotency-key' })],
      });
      expect(await h.things.countDocuments({})).toBe(1);
    });

    test('a retry while the first try still runs gets 409 IDEMPOTENCY.IN_PROGRESS with Retry-After', async () => {
      const h = await harness(store);
      let release: () => void = () => undefined;
      h.switches.hold = new Promise<void>((resolve) => {
        release = resolve;
      });
      const entered = h.nextEntry();
      const first = h.post({ name: 'a' }, 'key-1').then((res) => res);
      await entered;
      const busy = await h.post({ name: 'a' }, 'key-1');
      expect(busy.status).toBe(409);
      expect(busy.body.code).toBe('IDEMPOTENCY.IN_PROGRESS');
      expect(Number(busy.headers['retry-after'])).toBe(IDEMPOTENCY_LEASE_MS / 1000);
      release();
      expect((await first).status).toBe(201);
      expect((await h.post({ name: 'a' }, 'key-1')).headers['idempotent-replayed']).toBe('true');
      expect(h.switches.runs).toBe(1);
    });

    test('a try that met an outage after writing is taken over once its lease is over, and creates nothing twice', async () => {
      const h = await harness(store);
      h.switches.outageAfterWrite = true;
      const lost = await h.post({ name: 'a' }, 'key-1');
      expect(lost.status).toBe(503);
      h.switches.outageAfterWrite = false;
      expect((await h.post({ name: 'a' }, 'key-1')).status).toBe(409);
      h.clock.advance(IDEMPOTENCY_LEASE_MS + 1);
      const retried = await h.post({ name: 'a' }, 'key-1');
      expect(retried.status).toBe(201);
      expect(retried.headers['idempotent-replayed']).toBeUndefined();
      expect(h.switches.runs).toBe(2);
      expect(await h.things.countDocuments({})).toBe(1);
      expect((await h.post({ name: 'a' }, 'key-1')).body).toEqual(retried.body);
    });

    test('a refusal (4xx) frees the key: the corrected request may use it again', async () => {
      const h = await harness(store);
      h.switches.refuse = true;
      expect((await h.post({ name: 'a' }, 'key-1')).status).toBe(422);
      h.switches.refuse = false;
      const accepted = await h.post({ name: 'a' }, 'key-1');
      expect(accepted.status).toBe(201);
      expect(accepted.headers['idempotent-replayed']).toBeUndefined();
      expect(await h.things.countDocuments({})).toBe(1);
    });

    test('invalid input does not use the key', async () => {
      const h = await harness(store);
      expect((await h.post({ name: '' }, 'key-1')).status).toBe(400);
      expect((await h.post({ name: 'a' }, 'key-1')).status).toBe(201);
      expect(h.switches.runs).toBe(1);
    });

    test('a key is forgotten after 24 hours', async () => {
      const h = await harness(store);
      await h.post({ name: 'a' }, 'key-1');
      h.clock.advance(IDEMPOTENCY_TTL_MS + 1);
      const later = await h.post({ name: 'b' }, 'key-1');
      expect(later.status).toBe(201);
      expect(later.body.name).toBe('b');
    });

    test('a key that is not 1–255 printable ASCII characters is refused 400 naming the header', async () => {
      const h = await harness(store);
      for (const key of ['', 'k'.repeat(256), 'clé', 'tab\there']) {
        const res = await h.post({ name: 'a' }, key);
        expect(res.status).toBe(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(res.body.errors).toEqual([expect.objectContaining({ field: 'header.idempotency-key' })]);
      }
      expect((await h.post({ name: 'a' }, 'k'.repeat(255))).status).toBe(201);
      expect(h.switches.runs).toBe(1);
    });
  });
}
