import { startHarness, type Harness } from './harness';

type RosterEvent = {
  subject: string;
  data: {
    organisationId: string;
    revision: number;
    workers: Array<{ workerId: string; certificateLevel: string; generalist: boolean; communityCodes: string[] }>;
  };
};

describe('social workers: generalist flag, stations and the roster event (embedded)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const put = (organisationId: string, token: string, workers: object[]) =>
    h.http().put(`/api/procurement/organisations/${organisationId}/social-workers`).set(h.as(token)).send({ workers });
  const rosterEvents = (organisationId: string) =>
    (h.events('procurement.organisation.social-workers-changed') as unknown as RosterEvent[]).filter(
      (e) => e.data.organisationId === organisationId,
    );

  test('stations and the generalist flag are kept; the roster is announced by id and level only', async () => {
    // Registered by the harness with service area XZ-GL-HL.
    const org = await h.organisation('全科社工试点机构');
    const res = await put(org.organisationId, org.token, [
      {
        workerId: 'w1',
        name: '王芳',
        certificateLevel: 'senior',
        certificateNumber: 'GZ2019001',
        generalist: true,
        communityCodes: ['XZ-GL-HL-01', 'XZ-GL-HL-02'],
      },
      { workerId: 'w2', name: '李强', certificateLevel: 'none' },
    ]);
    expect(res.status).toBe(200);
    expect(res.body.workers).toEqual([
      expect.objectContaining({ workerId: 'w1', generalist: true, communityCodes: ['XZ-GL-HL-01', 'XZ-GL-HL-02'] }),
      expect.objectContaining({ workerId: 'w2', generalist: false, communityCodes: [] }),
    ]);
    await h.settle();
    const [event] = rosterEvents(org.organisationId);
    expect(event).toMatchObject({ subject: org.organisationId });
    expect(event!.data.workers).toEqual([
      { workerId: 'w1', certificateLevel: 'senior', generalist: true, communityCodes: ['XZ-GL-HL-01', 'XZ-GL-HL-02'] },
      { workerId: 'w2', certificateLevel: 'none', generalist: false, communityCodes: [] },
    ]);
    for (const secret of ['王芳', '李强', 'GZ2019001']) expect(JSON.stringify(event)).not.toContain(secret);

    // A later roster carries a higher revision, so a consumer keeps the newest.
    expect((await put(org.organisationId, org.token, [])).status).toBe(200);
    await h.settle();
    const revisions = rosterEvents(org.organisationId).map((e) => e.data.revision);
    expect(revisions).toHaveLength(2);
    expect(revisions[1]!).toBeGreaterThan(revisions[0]!);
  });

  test('a worker stationed outside the organisation’s service areas is refused, and nothing is stored or announced', async () => {
    const org = await h.organisation('只服务黄楼街道的机构');
    const res = await put(org.organisationId, org.token, [
      { workerId: 'w1', name: '赵敏', certificateLevel: 'none', communityCodes: ['XZ-GL-HL-01', 'XZ-YL-PL-01'] },
    ]);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ code: 'PROCUREMENT.STATION_OUTSIDE_SERVICE_AREA' });
    expect(res.body.errors).toEqual([{ field: 'workers.communityCodes', reason: 'w1: XZ-YL-PL-01' }]);
    const stored = await h
      .http()
      .get(`/api/procurement/organisations/${org.organisationId}`)
      .set(h.as(h.tokens.official));
    expect(stored.body.socialWorkers.total).toBe(0);
    await h.settle();
    expect(rosterEvents(org.organisationId)).toEqual([]);
  });

  test('a malformed station or one listed twice is a 400 naming the field', async () => {
    const org = await h.organisation('校验测试机构');
    const twice = await put(org.organisationId, org.token, [
      { workerId: 'w1', name: '孙丽', certificateLevel: 'none', communityCodes: ['XZ-GL-HL-01', 'XZ-GL-HL-01'] },
    ]);
    expect(twice.status).toBe(400);
    expect(JSON.stringify(twice.body.errors)).toContain('communityCodes');
    const lower = await put(org.organisationId, org.token, [
      { workerId: 'w1', name: '孙丽', certificateLevel: 'none', generalist: 'yes', communityCodes: ['xz-gl'] },
    ]);
    expect(lower.status).toBe(400);
    const fields = (lower.body.errors as Array<{ field: string }>).map((e) => e.field).join(' ');
    expect(fields).toContain('generalist');
    expect(fields).toContain('communityCodes');
  });
});
