import { NeedClosed, NeedResolved, NeedStatusChanged, NeedWithdrawn } from '@sanshe/contracts';
import { newId } from '@sanshe/platform';
import {
  completeProject,
  event,
  HL1,
  needLogged,
  programmeBody,
  startDesign,
  tokens,
  type DesignSystem,
} from './support';

describe('the open-needs read model, built only from intake events (project-design, embedded)', () => {
  let sys: DesignSystem;
  let t: Awaited<ReturnType<typeof tokens>>;

  beforeAll(async () => {
    sys = await startDesign();
    t = await tokens(sys.issuer);
  });
  afterAll(() => sys.host.close());

  const openIds = async () =>
    (
      (await sys.http().get('/api/design/open-needs?limit=500').set(sys.as(t.official))).body.items as Array<{
        needId: string;
      }>
    ).map((n) => n.needId);
  const statusChanged = (needId: string, from: string, to: string, at: string) =>
    event(
      NeedStatusChanged,
      needId,
      { needId, caseNumber: 'NEED-20260301-7K3M9Q', from: from as 'logged', to: to as 'logged', changedAt: at },
      at,
    );

  test('a need logged once and delivered twice (also under a new event id) is one open need', async () => {
    const logged = needLogged(HL1, { beneficiaryCount: 3 });
    await sys.publish([logged, logged, { ...logged, id: newId() }]);
    const items = (await sys.http().get('/api/design/open-needs?limit=500').set(sys.as(t.official))).body
      .items as Array<{
      needId: string;
      beneficiaryCount: number;
      streetCode: string;
      status: string;
    }>;
    expect(items.filter((n) => n.needId === logged.subject)).toEqual([
      expect.objectContaining({ beneficiaryCount: 3, streetCode: HL1.street, status: 'logged' }),
    ]);
  });

  test('facts arriving before need.logged are kept, and the late need.logged does not reopen a withdrawn need', async () => {
    const logged = needLogged(HL1);
    const needId = logged.subject;
    await sys.publish([
      event(NeedWithdrawn, needId, { needId, reason: '居民已自行解决', withdrawnAt: '2026-03-01T05:00:00.000Z' }),
    ]);
    expect(await openIds()).not.toContain(needId);
    await sys.publish([logged]);
    expect(await openIds()).not.toContain(needId);
  });

  test('an older status fact never undoes a newer one, whatever the order of delivery', async () => {
    const logged = needLogged(HL1);
    const needId = logged.subject;
    await sys.publish([logged]);
    await sys.publish([
      event(NeedResolved, needId, {
        needId,
        how: 'referred',
        referredTo: '街道司法所',
        outcome: '已转介',
        resolvedAt: '2026-03-01T06:00:00.000Z',
      }),
    ]);
    // Late: the acknowledgement happened before the referral.
    await sys.publish([statusChanged(needId, 'logged', 'acknowledged', '2026-03-01T04:00:00.000Z')]);
    expect(await openIds()).not.toContain(needId);
    const doc = await sys.host.stores['project-design']!.collection<{ _id: string; status: string }>(
      'open_needs',
    ).findOne({ _id: needId });
    expect(doc?.status).toBe('referred');

    // Same instant: the later step of a need's life wins (closed after acknowledged).
    const other = needLogged(HL1);
    await sys.publish([other]);
    await sys.publish([
      event(NeedClosed, other.subject, {
        needId: other.subject,
        satisfaction: 5,
        closedAt: '2026-03-01T07:00:00.000Z',
      }),
      statusChanged(other.subject, 'logged', 'acknowledged', '2026-03-01T07:00:00.000Z'),
    ]);
    expect(await openIds()).not.toContain(other.subject);
  });

  test('a need linked to a project stays linked when need.logged is redelivered, and intake calling it in_project changes nothing', async () => {
    const programmeId = (await sys.http().post('/api/design/programmes').set(sys.as(t.funder)).send(programmeBody()))
      .body.programmeId as string;
    const logged = needLogged(HL1);
    await sys.publish([logged]);
    const created = await sys
      .http()
      .post('/api/design/projects')
      .set(sys.as(t.staff))
      .send(completeProject([logged.subject], programmeId));
    expect(created.status).toBe(201);
    await sys.publish([
      { ...logged, id: newId() },
      statusChanged(logged.subject, 'logged', 'in_project', '2026-03-02T01:00:00.000Z'),
    ]);
    const doc = await sys.host.stores['project-design']!.collection<{ _id: string; projectId: string }>(
      'open_needs',
    ).findOne({
      _id: logged.subject,
    });
    expect(doc?.projectId).toBe(created.body.projectId);
    expect(await openIds()).not.toContain(logged.subject);

    // Once the project is cancelled, the need is offered again although intake still says in_project.
    await sys
      .http()
      .post(`/api/design/projects/${created.body.projectId}/cancel`)
      .set(sys.as(t.staff))
      .send({ reason: '重新设计项目' });
    expect(await openIds()).toContain(logged.subject);
  });

  test('a need fulfilled or closed elsewhere is not offered', async () => {
    const logged = needLogged(HL1);
    await sys.publish([logged, statusChanged(logged.subject, 'in_service', 'fulfilled', '2026-03-01T09:00:00.000Z')]);
    expect(await openIds()).not.toContain(logged.subject);
    expect(sys.host.inMemoryBus!.deadLettered()).toEqual([]);
  });
});
