import request from 'supertest';
import { IDEMPOTENCY_COLLECTION, ManualClock } from '@sanshe/platform';
import { startEmbedded, type EmbeddedSystem } from '@sanshe/embedded';

const GRID = 'XZ-GL-HL-01-G01';
const ID_NUMBER = '11010519491231002X';

const need = (extra: Record<string, unknown> = {}) => ({
  channel: 'phone',
  category: 'employment',
  gridCode: GRID,
  urgency: 'normal',
  beneficiaryCount: 1,
  description: '失业人员需要就业指导',
  ...extra,
});

/**
 * Logging a need with an Idempotency-Key: a client that re-sends after a lost answer (a
 * timeout, a 503 for a write that happened) gets the first need back, not a second one, and
 * without the resident ID number's duplicate linking (chaos finding 4).
 */
describe('re-sending a log request with its Idempotency-Key (embedded)', () => {
  const clock = new ManualClock('2026-03-02T01:00:00.000Z');
  let system: EmbeddedSystem;
  let token = '';
  const http = () => request(system.host.app);
  const store = () => system.host.stores['needs-intake']!;
  const post = (body: Record<string, unknown>, key?: string) => {
    const req = http().post('/api/intake/needs').set('Authorization', `Bearer ${token}`);
    return key ? req.set('Idempotency-Key', key).send(body) : req.send(body);
  };
  const events = (type: string, needId: string) =>
    (system.host.inMemoryBus!.messages(type) as Array<{ data: { needId: string } }>).filter(
      (e) => e.data.needId === needId,
    );
  /** What a crash between the need's write and the stored answer leaves: the key pending, its lease over. */
  const crashedAfterWriting = () =>
    store()
      .collection(IDEMPOTENCY_COLLECTION)
      .updateMany({}, { $set: { state: 'pending', leaseUntil: new Date(clock.now().getTime() - 1).toISOString() } });

  beforeAll(async () => {
    system = await startEmbedded({ clock });
    token = await system.issuer.sign({ sub: 'staff-idem', roles: ['community_staff'], communities: ['XZ-GL-HL-01'] });
  });
  afterAll(() => system.host.close());
  beforeEach(() => store().collection(IDEMPOTENCY_COLLECTION).deleteMany({}));

  test('the same request with the same key creates one need and one need.logged event', async () => {
    const first = await post(need({ description: '第一次发送' }), 'log-need-1');
    expect(first.status).toBe(201);
    const again = await post(need({ description: '第一次发送' }), 'log-need-1');
    expect(again.status).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    await system.host.settle();
    expect(await store().collection('needs').countDocuments({ description: '第一次发送' })).toBe(1);
    expect(events('intake.need.logged', first.body.needId)).toHaveLength(1);
  });

  test('a try run again after a crash finds the need the first try created', async () => {
    const first = await post(need({ description: '崩溃后重试' }), 'log-need-2');
    await crashedAfterWriting();
    const retried = await post(need({ description: '崩溃后重试' }), 'log-need-2');
    expect(retried.status).toBe(201);
    expect(retried.headers['idempotent-replayed']).toBeUndefined();
    expect(retried.body.needId).toBe(first.body.needId);
    await system.host.settle();
    expect(await store().collection('needs').countDocuments({ description: '崩溃后重试' })).toBe(1);
    expect(events('intake.need.logged', first.body.needId)).toHaveLength(1);
  });

  test('with a resident ID number, a re-sent request is not linked as a second report', async () => {
    const body = need({ category: 'psychological_care', residentIdNumber: ID_NUMBER, description: '心理疏导' });
    const first = await post(body, 'log-need-3');
    expect(first.status).toBe(201);
    const again = await post(body, 'log-need-3');
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toMatchObject({ needId: first.body.needId, duplicate: false, duplicateReports: 0 });
    await system.host.settle();
    expect(events('intake.need.duplicate-linked', first.body.needId)).toHaveLength(0);

    // A new report of the same resident (another key) is linked, once even if its try runs again.
    const report = await post(body, 'log-need-4');
    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ needId: first.body.needId, duplicate: true, duplicateReports: 1 });
    await crashedAfterWriting();
    const rerun = await post(body, 'log-need-4');
    expect(rerun.body).toMatchObject({ needId: first.body.needId, duplicate: true, duplicateReports: 1 });
    await system.host.settle();
    expect(events('intake.need.duplicate-linked', first.body.needId)).toHaveLength(1);

    // Without a key, the resident ID number still links a repeat.
    const unkeyed = await post(body);
    expect(unkeyed.body).toMatchObject({ needId: first.body.needId, duplicate: true, duplicateReports: 2 });
  });

  test('the same key with another need is refused 422; a malformed key 400', async () => {
    await post(need({ description: '原请求' }), 'log-need-5');
    const reused = await post(need({ description: '另一个请求' }), 'log-need-5');
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY.KEY_REUSED');
    const malformed = await post(need(), 'x'.repeat(256));
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([expect.objectContaining({ field: 'header.idempotency-key' })]);
    expect(await store().collection('needs').countDocuments({ description: '另一个请求' })).toBe(0);
  });

  test('a re-sent CSV upload answers the first import, with its Location', async () => {
    const csv =
      'channel,category,grid_code,urgency,beneficiary_count,description\r\n' +
      `window,employment,${GRID},normal,1,批量导入的需求\r\n`;
    const upload = () =>
      http()
        .post('/api/intake/imports')
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', 'text/csv')
        .set('Idempotency-Key', 'import-1')
        .send(csv);
    const first = await upload();
    expect(first.status).toBe(202);
    const again = await upload();
    expect(again.status).toBe(202);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body.importId).toBe(first.body.importId);
    expect(again.headers.location).toBe(first.headers.location);
    await system.host.settle();
    expect(await store().collection('imports').countDocuments({ _id: first.body.importId })).toBe(1);
    expect(await store().collection('needs').countDocuments({ description: '批量导入的需求' })).toBe(1);
  });
});
