import { ManualClock, type AuditEntry } from '@sanshe/platform';
import request from 'supertest';
import { startEmbedded, type EmbeddedSystem } from './index';

const NEED = {
  channel: 'window',
  category: 'elderly_care',
  attributes: { care_type: 'home_visit' },
  gridCode: 'XZ-GL-HL-01-G01',
  urgency: 'normal',
  beneficiaryCount: 1,
  beneficiaryGroups: ['elderly'],
  description: '独居老人需要上门探访',
  contact: { name: '张大爷', phone: '13812345678', consent: true },
};

describe('the audit log of the embedded system', () => {
  let system: EmbeddedSystem;
  let staff: string;
  let admin: string;

  beforeAll(async () => {
    system = await startEmbedded({ clock: new ManualClock() });
    staff = await system.issuer.sign({ sub: 'staff-audit', roles: ['community_staff'], communities: ['XZ-GL-HL-01'] });
    admin = await system.issuer.sign({ sub: 'admin-audit', roles: ['admin'] });
  });
  afterAll(() => system.host.close());

  const entries = () =>
    system.host.stores['needs-intake']!.collection<AuditEntry>('audit_log').find({}, { sort: { seq: 1 } });
  const verify = () => request(system.host.app).get('/api/intake/audit/verify').set('Authorization', `Bearer ${admin}`);

  test('a command, a read of personal data and the event are chained, with who and what but no personal data', async () => {
    const logged = await request(system.host.app)
      .post('/api/intake/needs')
      .set('Authorization', `Bearer ${staff}`)
      .send(NEED);
    expect(logged.status).toBe(201);
    const needId = logged.body.needId as string;
    const read = await request(system.host.app)
      .get(`/api/intake/needs/${needId}`)
      .set('Authorization', `Bearer ${staff}`);
    expect(read.status).toBe(200);
    await request(system.host.app).get('/api/intake/categories').set('Authorization', `Bearer ${staff}`);
    await system.host.settle();

    const chain = await entries();
    const kinds = chain.map((e) => `${e.kind} ${e.action}`);
    expect(kinds).toEqual(
      expect.arrayContaining([
        'command POST /needs',
        'personal_data_read GET /needs/:needId',
        'event intake.need.logged',
      ]),
    );
    // Reference data is neither a command nor personal: not audited.
    expect(kinds.some((k) => k.includes('/categories'))).toBe(false);
    const readEntry = chain.find((e) => e.kind === 'personal_data_read')!;
    expect(readEntry).toMatchObject({
      actor: 'staff-audit',
      roles: ['community_staff'],
      resource: `/api/intake/needs/${needId}`,
      outcome: 200,
    });
    const event = chain.find((e) => e.action === 'intake.need.logged')!;
    expect(event).toMatchObject({ resource: needId, correlationId: logged.headers['x-correlation-id'] });
    expect(JSON.stringify(chain)).not.toMatch(/13812345678|张大爷/);

    const verdict = await verify();
    expect(verdict.status).toBe(200);
    expect(verdict.body).toMatchObject({ ok: true, checked: chain.length, headHash: chain[chain.length - 1]!.hash });
  });

  test('only an administrator may verify', async () => {
    const res = await request(system.host.app).get('/api/intake/audit/verify').set('Authorization', `Bearer ${staff}`);
    expect(res.status).toBe(403);
  });

  test('an entry changed in the store is reported at its position', async () => {
    const [, second] = await entries();
    await system.host.stores['needs-intake']!.collection<AuditEntry>('audit_log').updateOne(
      { _id: second!._id },
      { $set: { actor: 'someone-else' } },
    );
    const verdict = await verify();
    expect(verdict.body).toMatchObject({
      ok: false,
      problem: { seq: second!.seq, reason: expect.stringContaining('changed') },
    });
  });
});
