import {
  completeProject,
  FC1,
  HL1,
  HL2,
  needLogged,
  programmeBody,
  startDesign,
  tokens,
  type DesignSystem,
} from './support';

describe('who may see, author and decide; dated policy versions (project-design, embedded)', () => {
  let sys: DesignSystem;
  let t: Awaited<ReturnType<typeof tokens>>;
  let programmeId: string;

  beforeAll(async () => {
    sys = await startDesign();
    t = await tokens(sys.issuer);
    // An official opens this one for another funder, so the funder of `t.funder` may open its own below.
    programmeId = (
      await sys
        .http()
        .post('/api/design/programmes')
        .set(sys.as(t.official))
        .send(programmeBody({ funderCode: 'XZ-T-OTHER' }))
    ).body.programmeId;
  });
  afterAll(() => sys.host.close());

  async function draft(
    token: string,
    places = [HL1],
  ): Promise<{ status: number; projectId: string; body: Record<string, unknown> }> {
    const events = places.map((p) => needLogged(p));
    await sys.publish(events);
    const res = await sys
      .http()
      .post('/api/design/projects')
      .set(sys.as(token))
      .send(
        completeProject(
          events.map((e) => e.subject),
          programmeId,
        ),
      );
    return { status: res.status, projectId: res.body.projectId, body: res.body };
  }

  describe('scope', () => {
    test("staff cannot link needs of a community they do not serve, nor see or edit another community's project", async () => {
      expect((await draft(t.otherStaff)).status).toBe(403);
      const { projectId } = await draft(t.staff);
      expect((await sys.http().get(`/api/design/projects/${projectId}`).set(sys.as(t.otherStaff))).status).toBe(404);
      const edit = await sys
        .http()
        .patch(`/api/design/projects/${projectId}`)
        .set(sys.as(t.otherStaff))
        .send({ title: '不是我的项目' });
      expect(edit.status).toBe(404);
      const list = await sys.http().get('/api/design/projects').set(sys.as(t.otherStaff));
      expect((list.body.items as Array<{ projectId: string }>).map((p) => p.projectId)).not.toContain(projectId);
    });

    test('a multi-community project is authored by staff serving all its communities; staff of one of them read it but cannot edit it', async () => {
      const { status, projectId, body } = await draft(t.staffBoth, [HL1, HL2]);
      expect(status).toBe(201);
      expect(body).toMatchObject({ communityCodes: [HL1.community, HL2.community], streetCodes: [HL1.street] });
      expect((await sys.http().get(`/api/design/projects/${projectId}`).set(sys.as(t.staff))).status).toBe(200);
      const edit = await sys
        .http()
        .patch(`/api/design/projects/${projectId}`)
        .set(sys.as(t.staff))
        .send({ title: '黄楼街道多社区一中心' });
      expect(edit.status).toBe(403);
      // Extra communities served must be known from intake's events.
      const unknown = await sys
        .http()
        .patch(`/api/design/projects/${projectId}`)
        .set(sys.as(t.staffBoth))
        .send({ communityCodes: ['XZ-GL-HL-99'] });
      expect(unknown.status).toBe(422);
      expect(unknown.body.errors).toEqual([
        { field: 'communityCodes.0', reason: 'no need was ever logged in this community' },
      ]);
    });

    test("a street official decides on projects of the street, not another street's; the submitter never decides (four eyes)", async () => {
      const { projectId } = await draft(t.staff);
      await sys.http().post(`/api/design/projects/${projectId}/submit`).set(sys.as(t.staff));
      expect(
        (await sys.http().post(`/api/design/projects/${projectId}/approve`).set(sys.as(t.otherStreet))).status,
      ).toBe(404);
      expect((await sys.http().post(`/api/design/projects/${projectId}/approve`).set(sys.as(t.staff))).status).toBe(
        403,
      );
      expect((await sys.http().post(`/api/design/projects/${projectId}/approve`).set(sys.as(t.street))).status).toBe(
        200,
      );

      const own = await draft(t.admin, [FC1]);
      await sys.http().post(`/api/design/projects/${own.projectId}/submit`).set(sys.as(t.admin));
      const selfApproval = await sys.http().post(`/api/design/projects/${own.projectId}/approve`).set(sys.as(t.admin));
      expect(selfApproval.status).toBe(403);
      expect(selfApproval.body.detail).toMatch(/four eyes/);
      const fcStreet = await sys
        .http()
        .post(`/api/design/projects/${own.projectId}/approve`)
        .set(sys.as(t.otherStreet));
      expect(fcStreet.status).toBe(200);
    });

    test('only funders, officials and administrators open programmes; a second one for the same funder, year and mode is a 409', async () => {
      expect((await sys.http().post('/api/design/programmes').set(sys.as(t.staff)).send(programmeBody())).status).toBe(
        403,
      );
      const body = programmeBody();
      expect((await sys.http().post('/api/design/programmes').set(sys.as(t.funder)).send(body)).status).toBe(201);
      const twice = await sys.http().post('/api/design/programmes').set(sys.as(t.funder)).send(body);
      expect(twice.status).toBe(409);
      expect(twice.body.code).toBe('DESIGN.PROGRAMME_EXISTS');
      const purchaseWithMatching = await sys
        .http()
        .post('/api/design/programmes')
        .set(sys.as(t.funder))
        .send(programmeBody({ matchingPercent: 20 }));
      expect(purchaseWithMatching.status).toBe(400);
    });
  });

  describe('policy versions', () => {
    const values = {
      minPriceWeightPercent: 40,
      maxPriceWeightPercent: null,
      maxAdministrationSharePercent: 8,
      minServiceDays: 30,
      maxServiceMonths: 36,
      minJustificationChars: 20,
      minBidPeriodDays: {
        open_tender: 20,
        competitive_consultation: 10,
        competitive_negotiation: 3,
        single_source: 5,
        inquiry: 3,
      },
    };

    test('a version added for a future date applies from that date on; the linter uses the version in force when it runs', async () => {
      const { projectId } = await draft(t.staff);
      const lint = async () =>
        (await sys.http().post(`/api/design/projects/${projectId}/lint`).set(sys.as(t.staff))).body as {
          policy: { policyId: string };
          violations: Array<{ rule: string; field: string }>;
        };
      expect((await lint()).violations).toEqual([]);

      const added = await sys
        .http()
        .post('/api/design/policies')
        .set(sys.as(t.admin))
        .send({ effectiveFrom: '2026-03-10T00:00:00+08:00', values, note: '价格分权重不低于40%（示例）' });
      expect(added.status).toBe(201);
      expect(added.body).toMatchObject({ policyId: '2026-03-09T16:00:00.000Z', inForce: false });
      expect((await lint()).violations).toEqual([]);

      sys.clock.set('2026-03-09T16:00:00.000Z');
      const after = await lint();
      expect(after.policy.policyId).toBe('2026-03-09T16:00:00.000Z');
      expect(after.violations.map((v) => `${v.rule}@${v.field}`)).toEqual([
        'price-weight-min@evaluationCriteria.0.weight',
      ]);
      const listed = await sys.http().get('/api/design/policies').set(sys.as(t.staff));
      expect(
        (listed.body.items as Array<{ policyId: string; inForce: boolean }>)
          .filter((p) => p.inForce)
          .map((p) => p.policyId),
      ).toEqual(['2026-03-09T16:00:00.000Z']);
    });

    test('a version cannot take effect in the past, twice at one instant, or be added by anyone but an administrator', async () => {
      const past = await sys
        .http()
        .post('/api/design/policies')
        .set(sys.as(t.admin))
        .send({ effectiveFrom: '2020-01-01T00:00:00Z', values, note: '追溯' });
      expect(past.status).toBe(422);
      expect(past.body.code).toBe('DESIGN.POLICY_RETROACTIVE');
      const body = { effectiveFrom: '2027-01-01T00:00:00+08:00', values, note: '2027年版' };
      expect((await sys.http().post('/api/design/policies').set(sys.as(t.official)).send(body)).status).toBe(403);
      expect((await sys.http().post('/api/design/policies').set(sys.as(t.admin)).send(body)).status).toBe(201);
      expect((await sys.http().post('/api/design/policies').set(sys.as(t.admin)).send(body)).status).toBe(409);
      const inverted = await sys
        .http()
        .post('/api/design/policies')
        .set(sys.as(t.admin))
        .send({ ...body, effectiveFrom: '2028-01-01T00:00:00Z', values: { ...values, maxPriceWeightPercent: 30 } });
      expect(inverted.status).toBe(400);
      expect(inverted.body.errors[0].field).toBe('body.values.maxPriceWeightPercent');
    });
  });
});
