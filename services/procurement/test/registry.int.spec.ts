import { startHarness, type Harness } from './harness';

describe('organisation registry (embedded)', () => {
  let h: Harness;
  const base = {
    name: '徐州市测试社工中心',
    legalRepresentative: '李娜',
    registeredOn: '2020-01-01',
    categories: ['elderly_care'],
  };

  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(() => h.close());

  const register = (token: string, body: Record<string, unknown>) =>
    h
      .http()
      .post('/api/procurement/organisations')
      .set(h.as(token))
      .send({ ...base, ...body });

  test('a wrong check character is a 400 naming the field and the expected character', async () => {
    const good = h.uscc(900);
    const bad = `${good.slice(0, 17)}${good.endsWith('0') ? '1' : '0'}`;
    const res = await register(h.tokens.official, { uscc: bad });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION.INVALID_INPUT' });
    expect(res.body.errors[0]).toEqual({
      field: 'body.uscc',
      reason: `invalid Unified Social Credit Code: check character should be '${good.charAt(17)}', not '${bad.charAt(17)}'`,
    });
  });

  test('a company code (91…) is not a civil-affairs registration', async () => {
    const res = await register(h.tokens.official, { uscc: h.uscc(901, '91320300MA') });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].reason).toContain('starts with 51, 52 or 53');
  });

  test('an official may record an override of a failed check, with the reason, in the audit trail', async () => {
    const good = h.uscc(902);
    const bad = `${good.slice(0, 17)}${good.endsWith('0') ? '1' : '0'}`;
    const res = await register(h.tokens.official, {
      uscc: bad,
      name: '历史登记机构',
      usccOverride: { reason: '2015年前换证，民政登记簿核对一致' },
    });
    expect(res.status).toBe(201);
    expect(res.body.usccCheck).toMatchObject({
      ok: false,
      override: { by: 'official-1', reason: '2015年前换证，民政登记簿核对一致' },
    });
    const audit = await h
      .http()
      .get(`/api/procurement/organisations/${res.body.organisationId}/audit`)
      .set(h.as(h.tokens.admin));
    expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['registered', 'uscc_override']);
    await h.settle();
    const event = h
      .events('procurement.organisation.registered')
      .find((e) => e.data.organisationId === res.body.organisationId);
    expect(event?.data.usccOverridden).toBe(true);
  });

  test('an organisation user not yet linked registers its organisation, unverified; one already linked cannot', async () => {
    const newcomer = await h.sign({ sub: 'org-user-new', roles: ['org_user'] });
    const res = await register(newcomer, { uscc: h.uscc(905), name: '新登记机构' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: '新登记机构', status: 'registered' }); // not verified: it cannot bid yet
    const org = await h.organisation('已登记机构甲');
    const again = await register(org.token, { uscc: h.uscc(903) });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('PROCUREMENT.ALREADY_LINKED');
  });

  test('organisation users cannot override a failed check', async () => {
    const newcomer = await h.sign({ sub: 'org-user-override', roles: ['org_user'] });
    const res = await register(newcomer, { uscc: '91320300MA0000000X', usccOverride: { reason: '登记证书已核对' } });
    expect(res.status).toBe(403);
  });

  test('a duplicate code is a 409', async () => {
    const uscc = h.uscc(904);
    expect((await register(h.tokens.admin, { uscc })).status).toBe(201);
    expect((await register(h.tokens.admin, { uscc, name: '同码机构' })).status).toBe(409);
  });

  test('verification by an official; social workers set by the organisation give its certified share', async () => {
    const org = await h.organisation('待核验机构', {}, { verify: false });
    const before = await h.http().get(`/api/procurement/organisations/${org.organisationId}`).set(h.as(org.token));
    expect(before.body.status).toBe('registered');
    const workers = await h
      .http()
      .put(`/api/procurement/organisations/${org.organisationId}/social-workers`)
      .set(h.as(org.token))
      .send({
        workers: [
          { workerId: 'w1', name: '王芳', certificateLevel: 'senior', certificateNumber: 'GZ2019001' },
          { workerId: 'w2', name: '李强', certificateLevel: 'assistant', certificateNumber: 'ZL2021002' },
          { workerId: 'w3', name: '赵敏', certificateLevel: 'none' },
        ],
      });
    expect(workers.status).toBe(200);
    expect(workers.body.socialWorkers).toEqual({
      total: 3,
      certified: 2,
      certifiedPercent: 66,
      byLevel: { senior: 1, assistant: 1, none: 1 },
    });
    const noNumber = await h
      .http()
      .put(`/api/procurement/organisations/${org.organisationId}/social-workers`)
      .set(h.as(org.token))
      .send({ workers: [{ workerId: 'w1', name: '王芳', certificateLevel: 'senior' }] });
    expect(noNumber.status).toBe(422);
    expect(
      (await h.http().post(`/api/procurement/organisations/${org.organisationId}/verify`).set(h.as(org.token)).send({}))
        .status,
    ).toBe(403);
    const verified = await h
      .http()
      .post(`/api/procurement/organisations/${org.organisationId}/verify`)
      .set(h.as(h.tokens.official))
      .send({ note: '与登记证书核对一致' });
    expect(verified.body).toMatchObject({ status: 'verified', verifiedAt: expect.any(String) });
    await h.settle();
    expect(h.events('procurement.organisation.verified').map((e) => e.data.organisationId)).toContain(
      org.organisationId,
    );
  });

  test('organisation A never sees or changes organisation B', async () => {
    const a = await h.organisation('机构A');
    const b = await h.organisation('机构B');
    expect((await h.http().get(`/api/procurement/organisations/${b.organisationId}`).set(h.as(a.token))).status).toBe(
      404,
    );
    expect((await h.http().get(`/api/procurement/organisations/${b.organisationId}`).set(h.as(a.worker))).status).toBe(
      404,
    );
    expect(
      (await h.http().get(`/api/procurement/organisations/${b.organisationId}/audit`).set(h.as(a.token))).status,
    ).toBe(403);
    expect(
      (
        await h
          .http()
          .patch(`/api/procurement/organisations/${b.organisationId}`)
          .set(h.as(a.token))
          .send({ categories: ['hijacked'] })
      ).status,
    ).toBe(404);
    expect(
      (
        await h
          .http()
          .put(`/api/procurement/organisations/${b.organisationId}/social-workers`)
          .set(h.as(a.token))
          .send({ workers: [] })
      ).status,
    ).toBe(404);
    const list = await h.http().get('/api/procurement/organisations').set(h.as(a.token));
    expect(list.body.items.map((o: { organisationId: string }) => o.organisationId)).toEqual([a.organisationId]);
    const own = await h
      .http()
      .patch(`/api/procurement/organisations/${a.organisationId}`)
      .set(h.as(a.token))
      .send({ serviceAreaCodes: ['XZ-GL'] });
    expect(own.body.serviceAreaCodes).toEqual(['XZ-GL']);
    // Officials see the names of social workers; other readers only the counts.
    const asFunder = await h
      .http()
      .get(`/api/procurement/organisations/${a.organisationId}`)
      .set(h.as(h.tokens.funder));
    expect(asFunder.body).not.toHaveProperty('workers');
  });

  test('a suspension with its period and reason stops bidding while in force; a ban until lifted', async () => {
    const org = await h.organisation('受处分机构');
    const tender = await h.tender();
    const suspend = await h
      .http()
      .post(`/api/procurement/organisations/${org.organisationId}/sanctions`)
      .set(h.as(h.tokens.official))
      .send({
        kind: 'suspension',
        reason: '提供虚假材料，暂停参与政府购买服务三天',
        until: new Date(h.clock.now().getTime() + 3 * 86400_000).toISOString(),
      });
    expect(suspend.status).toBe(201);
    expect(suspend.body.status).toBe('suspended');
    const refused = await h.bid(org.token, tender.tenderId, 90_000_00, '服务方案：每周上门两次，配备持证社工。');
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe('your organisation is suspended');
    h.clock.advance(3 * 86400_000 + 1000);
    expect((await h.bid(org.token, tender.tenderId, 90_000_00, '服务方案：每周上门两次，配备持证社工。')).status).toBe(
      201,
    );
    const noEnd = await h
      .http()
      .post(`/api/procurement/organisations/${org.organisationId}/sanctions`)
      .set(h.as(h.tokens.official))
      .send({ kind: 'suspension', reason: '没有期限的暂停' });
    expect(noEnd.status).toBe(400);
    const ban = await h
      .http()
      .post(`/api/procurement/organisations/${org.organisationId}/sanctions`)
      .set(h.as(h.tokens.admin))
      .send({ kind: 'ban', reason: '串通投标，列入黑名单' });
    expect(ban.body.status).toBe('banned');
    const sanctionId = (ban.body.sanctions as Array<{ sanctionId: string; kind: string }>).find(
      (s) => s.kind === 'ban',
    )!.sanctionId;
    const lifted = await h
      .http()
      .post(`/api/procurement/organisations/${org.organisationId}/sanctions/${sanctionId}/lift`)
      .set(h.as(h.tokens.official))
      .send({ reason: '行政复议撤销处罚决定' });
    expect(lifted.body.status).toBe('verified');
    await h.settle();
    expect(h.events('procurement.organisation.sanctioned').map((e) => e.data.kind)).toEqual(['suspension', 'ban']);
    expect(h.events('procurement.organisation.reinstated').map((e) => e.data.reason)).toEqual(['行政复议撤销处罚决定']);
  });
});
