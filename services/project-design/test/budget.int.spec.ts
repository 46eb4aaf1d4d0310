import { RECONCILE_JOB } from '../src/app/source';
import {
  completeProject,
  funderToken,
  HL1,
  needLogged,
  programmeBody,
  startDesign,
  tokens,
  type DesignSystem,
} from './support';

describe('funding programmes: reservations, release on return and cancellation (project-design, embedded)', () => {
  let sys: DesignSystem;
  let t: Awaited<ReturnType<typeof tokens>>;

  beforeAll(async () => {
    sys = await startDesign();
    t = await tokens(sys.issuer);
  });
  afterAll(() => sys.host.close());

  // Each programme of this system is another funder's (one programme per funder, year and mode),
  // opened and read by that funder.
  const fundersOf = new Map<string, string>();
  async function programme(overrides: Record<string, unknown> = {}): Promise<string> {
    const funderCode = `XZ-T-${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
    const token = await funderToken(sys.issuer, funderCode);
    const res = await sys
      .http()
      .post('/api/design/programmes')
      .set(sys.as(token))
      .send(programmeBody({ funderCode, ...overrides }));
    expect(res.status).toBe(201);
    fundersOf.set(res.body.programmeId as string, token);
    return res.body.programmeId as string;
  }

  async function submitted(
    programmeId: string,
    overrides: Record<string, unknown> = {},
  ): Promise<{ projectId: string; needIds: string[] }> {
    const events = [needLogged(HL1), needLogged(HL1)];
    await sys.publish(events);
    const needIds = events.map((e) => e.subject);
    const created = await sys
      .http()
      .post('/api/design/projects')
      .set(sys.as(t.staff))
      .send(completeProject(needIds, programmeId, overrides));
    expect(created.status).toBe(201);
    const projectId = created.body.projectId as string;
    const res = await sys.http().post(`/api/design/projects/${projectId}/submit`).set(sys.as(t.staff));
    expect(res.status).toBe(200);
    return { projectId, needIds };
  }

  const getProgramme = async (id: string) =>
    (
      await sys
        .http()
        .get(`/api/design/programmes/${id}`)
        .set(sys.as(fundersOf.get(id)!))
    ).body as {
      budgetFen: number;
      reservedFen: number;
      availableFen: number;
      reservations: Array<{ projectId: string; amountFen: number; status: string }>;
    };

  test('concurrent approvals never over-commit a programme: exactly as many as the budget covers get through', async () => {
    const programmeId = await programme({ budgetFen: 250_000_00 });
    const projects = [];
    for (let i = 0; i < 5; i++) projects.push(await submitted(programmeId));
    const results = await Promise.all(
      projects.map((p) => sys.http().post(`/api/design/projects/${p.projectId}/approve`).set(sys.as(t.official))),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 409, 409, 409]);
    for (const refused of results.filter((r) => r.status === 409)) {
      expect(refused.body.code).toBe('DESIGN.BUDGET_EXHAUSTED');
      expect(refused.body.detail).toBe('the programme has ¥10,000.00 left; the project needs ¥120,000.00');
    }
    const after = await getProgramme(programmeId);
    expect(after).toMatchObject({ budgetFen: 250_000_00, reservedFen: 240_000_00, availableFen: 10_000_00 });
    const approved = results.flatMap((r) => (r.status === 200 ? [r.body.projectId as string] : []));
    expect(
      after.reservations
        .filter((r) => r.status === 'held')
        .map((r) => r.projectId)
        .sort(),
    ).toEqual(approved.sort());

    // The refused ones stay submitted, with no reservation; approving an approved one again reserves nothing.
    const refusedId = projects.find((p) => !approved.includes(p.projectId))!.projectId;
    expect((await sys.http().get(`/api/design/projects/${refusedId}`).set(sys.as(t.staff))).body).toMatchObject({
      status: 'submitted',
      reservation: null,
    });
    expect((await sys.http().post(`/api/design/projects/${approved[0]}/approve`).set(sys.as(t.official))).status).toBe(
      409,
    );
    expect((await getProgramme(programmeId)).reservedFen).toBe(240_000_00);
  });

  test('cancelling an approved project gives its needs back to the open needs and its budget back to the programme', async () => {
    const programmeId = await programme({ budgetFen: 300_000_00 });
    const { projectId, needIds } = await submitted(programmeId);
    await sys.http().post(`/api/design/projects/${projectId}/approve`).set(sys.as(t.official));
    const openIds = async () =>
      (
        (await sys.http().get('/api/design/open-needs?limit=500').set(sys.as(t.staff))).body.items as Array<{
          needId: string;
        }>
      ).map((n) => n.needId);
    expect(await openIds()).not.toEqual(expect.arrayContaining(needIds));
    expect((await getProgramme(programmeId)).availableFen).toBe(180_000_00);

    const cancelled = await sys
      .http()
      .post(`/api/design/projects/${projectId}/cancel`)
      .set(sys.as(t.official))
      .send({ reason: '街道已统筹到其他项目' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({
      status: 'cancelled',
      reservation: null,
      cancelReason: '街道已统筹到其他项目',
    });

    // Needs: back in the read model with no project, offered again.
    const store = sys.host.stores['project-design']!.collection<{ _id: string; projectId: string | null }>(
      'open_needs',
    );
    for (const needId of needIds) expect((await store.findOne({ _id: needId }))?.projectId).toBeNull();
    expect(await openIds()).toEqual(expect.arrayContaining(needIds));
    // Budget: availability restored, both moves on the ledger.
    const after = await getProgramme(programmeId);
    expect(after).toMatchObject({ reservedFen: 0, availableFen: 300_000_00 });
    expect(after.reservations).toEqual([
      expect.objectContaining({ projectId, amountFen: 120_000_00, status: 'released' }),
    ]);
    const ledger = (await sys.host.stores['project-design']!.collection<{
      _id: string;
      ledger: Array<{ kind: string }>;
    }>('programmes').findOne({ _id: programmeId }))!.ledger;
    expect(ledger.map((l) => l.kind)).toEqual(['reserve', 'release']);

    const event = sys
      .published<{ needIds: string[]; releasedFen: number; previousStatus: string }>('design.project.cancelled')
      .find((e) => e.subject === projectId);
    expect(event?.data).toMatchObject({ needIds, releasedFen: 120_000_00, previousStatus: 'approved', programmeId });

    // The released needs can go into a new project.
    const again = await sys
      .http()
      .post('/api/design/projects')
      .set(sys.as(t.staff))
      .send(completeProject(needIds, programmeId));
    expect(again.status).toBe(201);
  });

  test('returning an approved project releases its reservation; approving it again reserves once more', async () => {
    const programmeId = await programme({ budgetFen: 200_000_00 });
    const { projectId } = await submitted(programmeId);
    await sys.http().post(`/api/design/projects/${projectId}/approve`).set(sys.as(t.official));
    expect((await getProgramme(programmeId)).availableFen).toBe(80_000_00);
    const returned = await sys
      .http()
      .post(`/api/design/projects/${projectId}/return`)
      .set(sys.as(t.official))
      .send({ comments: '预算需要重新测算' });
    expect(returned.body).toMatchObject({ status: 'returned', reservation: null });
    expect((await getProgramme(programmeId)).availableFen).toBe(200_000_00);
    await sys.http().post(`/api/design/projects/${projectId}/submit`).set(sys.as(t.staff));
    expect((await sys.http().post(`/api/design/projects/${projectId}/approve`).set(sys.as(t.official2))).status).toBe(
      200,
    );
    const after = await getProgramme(programmeId);
    expect(after).toMatchObject({ reservedFen: 120_000_00, availableFen: 80_000_00 });
    expect(after.reservations).toEqual([expect.objectContaining({ projectId, status: 'held' })]);
  });

  test('a venture-funding round reserves the grant net of matching funds, within its cap and matching share', async () => {
    const programmeId = await programme({
      mode: 'venture_funding',
      budgetFen: 1_000_000_00,
      matchingPercent: 20,
      maxGrantFen: 100_000_00,
    });
    const base = {
      fundingMode: 'venture_funding',
      evaluationCriteria: [{ code: 'plan', name: '方案', kind: 'technical', weight: 100 }],
    };
    const short = await submittedOrViolations(programmeId, { ...base, matchingFundsFen: 10_000_00 });
    expect(short).toEqual(
      expect.arrayContaining([
        'matching-funds: the round asks for at least 20% matching funds (¥24,000.00)',
        'grant-cap: a grant of this round is at most ¥100,000.00',
      ]),
    );
    const { projectId } = await submitted(programmeId, { ...base, matchingFundsFen: 24_000_00 });
    const approved = await sys.http().post(`/api/design/projects/${projectId}/approve`).set(sys.as(t.official));
    expect(approved.body).toMatchObject({ requestedFen: 96_000_00, reservation: { amountFen: 96_000_00 } });
    expect((await getProgramme(programmeId)).availableFen).toBe(904_000_00);
  });

  async function submittedOrViolations(programmeId: string, overrides: Record<string, unknown>): Promise<string[]> {
    const events = [needLogged(HL1)];
    await sys.publish(events);
    const created = await sys
      .http()
      .post('/api/design/projects')
      .set(sys.as(t.staff))
      .send(completeProject([events[0]!.subject], programmeId, overrides));
    const res = await sys.http().post(`/api/design/projects/${created.body.projectId}/submit`).set(sys.as(t.staff));
    return (res.body.errors ?? []).map((e: { reason: string }) => e.reason);
  }

  test('after a crash between writes, the scheduled check releases orphaned claims and reservations, and keeps live ones', async () => {
    const programmeId = await programme({ budgetFen: 400_000_00 });
    const live = await submitted(programmeId);
    await sys.http().post(`/api/design/projects/${live.projectId}/approve`).set(sys.as(t.official));
    // A project that "crashed" before it was stored: a need claimed and budget reserved for it.
    const ghost = '00000000-0000-4000-8000-000000000001';
    const orphanNeed = needLogged(HL1);
    await sys.publish([orphanNeed]);
    const store = sys.host.stores['project-design']!;
    await store
      .collection('open_needs')
      .updateOne({ _id: orphanNeed.subject }, { $set: { projectId: ghost, claimedAt: sys.clock.now().toISOString() } });
    const service = sys.host.services[0]!;
    const programmes = store.collection<{ _id: string; availableFen: number }>('programmes');
    await programmes.updateOne(
      { _id: programmeId },
      {
        $inc: { availableFen: -50_000_00, reservedFen: 50_000_00 },
        $set: {
          [`reservations.${ghost}`]: {
            amountFen: 50_000_00,
            status: 'held',
            reservedAt: sys.clock.now().toISOString(),
            reservedBy: 'x',
            releasedAt: null,
            releaseReason: null,
          },
        },
      },
    );
    for (const projectId of [ghost, live.projectId]) {
      await service.deps.jobs.schedule({
        name: RECONCILE_JOB,
        payload: { projectId },
        runAt: new Date(sys.clock.now().getTime() + 600_000),
        jobId: `test:${projectId}`,
      });
    }
    sys.clock.advance(601_000);
    await sys.host.settle();
    expect(
      (
        await store
          .collection<{ _id: string; projectId: string | null }>('open_needs')
          .findOne({ _id: orphanNeed.subject })
      )?.projectId,
    ).toBeNull();
    const after = await getProgramme(programmeId);
    expect(after).toMatchObject({ reservedFen: 120_000_00, availableFen: 280_000_00 });
    for (const needId of live.needIds) {
      expect(
        (await store.collection<{ _id: string; projectId: string | null }>('open_needs').findOne({ _id: needId }))
          ?.projectId,
      ).toBe(live.projectId);
    }
  });
});
