import { IDEMPOTENCY_COLLECTION } from '@sanshe/platform';
import { HL1, needLogged, programmeBody, startDesign, tokens, type DesignSystem } from './support';

/**
 * Design's creating commands with an Idempotency-Key: a re-sent project or programme is
 * answered from the key's record, and a try that runs again after a crash finds what the
 * first one stored, keeping its claims on the needs (chaos finding 4).
 */
describe('Idempotency-Key on design commands (embedded)', () => {
  let sys: DesignSystem;
  let t: Awaited<ReturnType<typeof tokens>>;
  beforeAll(async () => {
    sys = await startDesign();
    t = await tokens(sys.issuer);
  });
  afterAll(() => sys.host.close());

  const store = () => sys.host.stores['project-design']!;
  const post = (path: string, token: string, key: string, body: object) =>
    sys.http().post(`/api/design${path}`).set(sys.as(token)).set('Idempotency-Key', key).send(body);
  /** What a crash between the write and the stored answer leaves: the key pending, its lease over. */
  const crashedAfterWriting = () =>
    store()
      .collection(IDEMPOTENCY_COLLECTION)
      .updateMany(
        {},
        { $set: { state: 'pending', leaseUntil: new Date(sys.clock.now().getTime() - 1).toISOString() } },
      );

  test('a project re-sent or run again is created once, and its needs stay claimed by it', async () => {
    const events = [needLogged(HL1), needLogged(HL1)];
    await sys.publish(events);
    const needIds = events.map((e) => e.subject);
    const body = { title: '居家养老（幂等）', category: 'elderly_care', needIds, fundingMode: 'government_purchase' };
    const first = await post('/projects', t.staff, 'project-1', body);
    expect(first.status).toBe(201);
    const again = await post('/projects', t.staff, 'project-1', body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    await crashedAfterWriting();
    const rerun = await post('/projects', t.staff, 'project-1', body);
    expect(rerun.status).toBe(201);
    expect(rerun.body.projectId).toBe(first.body.projectId);
    expect(await store().collection('projects').countDocuments({ title: body.title })).toBe(1);
    await sys.host.settle();
    expect(sys.published('design.project.created').filter((e) => e.subject === first.body.projectId)).toHaveLength(1);
    // Without the key the same needs are taken: refused, not a second project.
    const unkeyed = await sys.http().post('/api/design/projects').set(sys.as(t.staff)).send(body);
    expect(unkeyed.status).toBe(422);
  });

  test('a programme run again after a crash is found, not refused as existing', async () => {
    const body = programmeBody();
    const first = await post('/programmes', t.funder, 'programme-1', body);
    expect(first.status).toBe(201);
    await crashedAfterWriting();
    const rerun = await post('/programmes', t.funder, 'programme-1', body);
    expect(rerun.status).toBe(201);
    expect(rerun.body.programmeId).toBe(first.body.programmeId);
  });
});
