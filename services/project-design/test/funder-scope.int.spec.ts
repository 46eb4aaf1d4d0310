import {
  completeProject,
  FUNDER_CODE,
  funderToken,
  HL1,
  needLogged,
  programmeBody,
  startDesign,
  tokens,
  type DesignSystem,
} from './support';

/** Object-level authorisation of funders: each sees and acts only for their own funder code. */
describe('a funder sees only their own programmes and the projects drawing on them (project-design, embedded)', () => {
  let sys: DesignSystem;
  let t: Awaited<ReturnType<typeof tokens>>;
  let otherFunder: string;
  let noCodeFunder: string;
  let ownProgramme: string;
  let othersProgramme: string;
  let ownProject: string;
  let othersProject: string;

  async function projectOn(programmeId: string): Promise<string> {
    const events = [needLogged(HL1)];
    await sys.publish(events);
    const res = await sys
      .http()
      .post('/api/design/projects')
      .set(sys.as(t.staff))
      .send(
        completeProject(
          events.map((e) => e.subject),
          programmeId,
        ),
      );
    expect(res.status).toBe(201);
    return res.body.projectId as string;
  }

  beforeAll(async () => {
    sys = await startDesign();
    t = await tokens(sys.issuer);
    otherFunder = await funderToken(sys.issuer, 'XZ-T-RIVAL');
    noCodeFunder = await sys.issuer.sign({ sub: 'funder-without-code', roles: ['funder'] });
    const open = async (token: string, funderCode: string) => {
      const res = await sys
        .http()
        .post('/api/design/programmes')
        .set(sys.as(token))
        .send(programmeBody({ funderCode }));
      expect(res.status).toBe(201);
      return res.body.programmeId as string;
    };
    ownProgramme = await open(t.funder, FUNDER_CODE);
    othersProgramme = await open(otherFunder, 'XZ-T-RIVAL');
    ownProject = await projectOn(ownProgramme);
    othersProject = await projectOn(othersProgramme);
  });
  afterAll(() => sys.host.close());

  const get = (path: string, token: string) => sys.http().get(`/api/design${path}`).set(sys.as(token));

  test('a funder opens programmes only under their own code; an official under any', async () => {
    const foreign = await sys
      .http()
      .post('/api/design/programmes')
      .set(sys.as(t.funder))
      .send(programmeBody({ funderCode: 'XZ-T-RIVAL', mode: 'venture_funding' }));
    expect(foreign.status).toBe(403);
    const listed = await get('/programmes', t.official);
    // The official sees every funder's (the seed's reference programmes too).
    expect(listed.body.items.map((p: { funderCode: string }) => p.funderCode)).toEqual(
      expect.arrayContaining([FUNDER_CODE, 'XZ-T-RIVAL']),
    );
  });

  test('programmes: a funder lists and reads only theirs; another funder’s looks absent', async () => {
    const listed = await get('/programmes', t.funder);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((p: { programmeId: string }) => p.programmeId)).toEqual([ownProgramme]);
    expect((await get(`/programmes/${ownProgramme}`, t.funder)).status).toBe(200);
    const foreign = await get(`/programmes/${othersProgramme}`, t.funder);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('DESIGN.PROGRAMME_NOT_FOUND');
    expect((await get(`/programmes/${othersProgramme}`, t.official)).status).toBe(200);
  });

  test('projects: a funder lists and reads only those drawing on their programmes', async () => {
    const listed = await get('/projects', t.funder);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((p: { projectId: string }) => p.projectId)).toEqual([ownProject]);
    expect((await get(`/projects/${ownProject}`, t.funder)).status).toBe(200);
    expect((await get(`/projects/${ownProject}/history`, t.funder)).status).toBe(200);
    expect((await get(`/projects/${othersProject}`, t.funder)).status).toBe(404);
    expect((await get(`/projects/${othersProject}/history`, t.funder)).status).toBe(404);
    expect((await get(`/projects/${othersProject}`, otherFunder)).status).toBe(200);
  });

  test('a funder token without a funder code is refused on every funder-scoped read (fail closed)', async () => {
    for (const path of ['/programmes', `/programmes/${ownProgramme}`, '/projects', `/projects/${ownProject}`]) {
      const res = await get(path, noCodeFunder);
      expect([path, res.status, res.body.code]).toEqual([path, 403, 'AUTH.NO_FUNDER_SCOPE']);
    }
    const open = await sys.http().post('/api/design/programmes').set(sys.as(noCodeFunder)).send(programmeBody());
    expect([open.status, open.body.code]).toEqual([403, 'AUTH.NO_FUNDER_SCOPE']);
  });
});
