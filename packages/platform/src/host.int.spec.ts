import request from 'supertest';
import { ManualClock } from './clock';
import { startHost, type Host } from './host';
import { createLocalIssuer, type LocalIssuer } from './http/auth';
import { createLogger } from './logger';
import { noteService } from './host.fixture.contract';

describe('a host on the embedded adapters', () => {
  let host: Host;
  let issuer: LocalIssuer;

  beforeAll(async () => {
    issuer = await createLocalIssuer();
    host = await startHost({
      mode: { kind: 'embedded' },
      services: [noteService],
      logger: createLogger({ name: 'host-test', level: 'silent' }),
      clock: new ManualClock(),
      verifier: issuer.verifier,
      livenessStoreGraceMs: 60_000,
    });
  });
  afterAll(() => host.close());

  it('startHost resolves with every service consuming: ready, live, and its commands served', async () => {
    await expect(host.started).resolves.toBeUndefined();
    const ready = await request(host.app).get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({
      status: 'ready',
      checks: { 'fulfilment.store': true, 'fulfilment.jobs': true, 'fulfilment.bus': true },
    });
    expect((await request(host.app).get('/health/live')).body).toEqual({ status: 'live' });
    const token = await issuer.sign({ sub: 'staff-1', roles: ['community_staff'], communities: [] });
    const written = await request(host.app)
      .post('/api/notes')
      .set('Authorization', `Bearer ${token}`)
      .send({ id: 'n1', text: 'hello' });
    expect(written.status).toBe(201);
  });

  it('liveness fails once the store has been unreachable for longer than the grace, and says which and how long', async () => {
    // The embedded store cannot lose a server; give it what the MongoDB store's watchdog reports.
    const store = host.stores.fulfilment!;
    let downMs = 59_000;
    store.unreachableForMs = () => downMs;
    expect((await request(host.app).get('/health/live')).status).toBe(200);

    downMs = 61_000;
    const live = await request(host.app).get('/health/live');
    expect(live.status).toBe(503);
    expect(live.body).toEqual({
      status: 'not live',
      checks: { 'fulfilment.store': false },
      reasons: { 'fulfilment.store': 'unreachable for 61 s (allowed 60 s)' },
    });

    downMs = 0;
    expect((await request(host.app).get('/health/live')).status).toBe(200);
    delete store.unreachableForMs;
  });
});
