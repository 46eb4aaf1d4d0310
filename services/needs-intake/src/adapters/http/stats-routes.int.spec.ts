import request from 'supertest';
import { ManualClock } from '@sanshe/platform';
import { startEmbedded, type EmbeddedSystem } from '@sanshe/embedded';

const T0 = '2026-03-02T01:00:00.000Z';
const MINUTE = 60_000;

const need = (gridCode: string, category: string, attributes: Record<string, unknown>, urgency: string) => ({
  channel: 'window',
  category,
  attributes,
  gridCode,
  urgency,
  beneficiaryCount: 1,
  description: '需求描述',
});

/**
 * One morning in three communities (default SLA: critical 30 min, high 4 h, normal 24 h):
 * A (黄楼 G01, elderly care, critical) acknowledged after 10 min, resolved after 2 h, closed with 4 stars;
 * B (黄楼 G02, after-school care, high) acknowledged after 5 h (missed), referred after 6 h;
 * C (民主 G01, elderly care, critical) never acknowledged; D (彭城 G01, psychological care, normal) waiting.
 */
describe('need statistics by area and category', () => {
  const clock = new ManualClock(T0);
  let system: EmbeddedSystem;
  const t: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const http = () => request(system.host.app);
  const stats = (who: string, query: string) =>
    http().get(`/api/intake/stats/needs?${query}`).set('Authorization', `Bearer ${t[who]}`);
  const at = async (minutes: number) => {
    clock.set(new Date(Date.parse(T0) + minutes * MINUTE));
    await system.host.settle();
  };
  const command = async (id: string, action: string, body: object) => {
    const res = await http()
      .post(`/api/intake/needs/${ids[id]}/${action}`)
      .set('Authorization', `Bearer ${t.admin}`)
      .send(body);
    expect(res.status).toBe(200);
    await system.host.settle();
  };

  beforeAll(async () => {
    system = await startEmbedded({ clock });
    const sign = system.issuer.sign;
    t.admin = await sign({ sub: 'admin', roles: ['admin'] });
    t.official = await sign({ sub: 'official', roles: ['official'] });
    t.funder = await sign({ sub: 'funder', roles: ['funder'], funderCode: 'XZ-GL-MZJ' });
    t.staffHl01 = await sign({ sub: 'staff-hl01', roles: ['community_staff'], communities: ['XZ-GL-HL-01'] });
    t.street = await sign({ sub: 'street-hl', roles: ['street_official'], communities: ['XZ-GL-HL'] });
    t.org = await sign({ sub: 'org', roles: ['org_user'] });

    const bodies = {
      A: need('XZ-GL-HL-01-G01', 'elderly_care', { care_type: 'home_visit' }, 'critical'),
      B: need('XZ-GL-HL-01-G02', 'after_school_care', { grade: '3' }, 'high'),
      C: need('XZ-GL-HL-02-G01', 'elderly_care', { care_type: 'meal_assistance' }, 'critical'),
      D: need('XZ-YL-PL-01-G01', 'psychological_care', {}, 'normal'),
    };
    for (const [id, body] of Object.entries(bodies)) {
      const res = await http().post('/api/intake/needs').set('Authorization', `Bearer ${t.admin}`).send(body);
      expect(res.status).toBe(201);
      ids[id] = res.body.needId;
    }
    await system.host.settle();
  });
  afterAll(() => system.host.close());

  test('before any deadline passes, only the need acknowledged in time is measured and nothing is resolved yet', async () => {
    await at(10);
    await command('A', 'acknowledge', {});
    const res = await stats('official', 'groupBy=district');
    expect(res.status).toBe(200);
    expect(res.body.totals).toMatchObject({
      total: 4,
      open: 4,
      resolved: 0,
      resolutionHours: { median: null, mean: null },
      acknowledgementSla: { met: 1, missed: 0, breached: 0, complianceRate: 1 },
    });
    expect(res.body.groups.map((g: { key: string; label: { zh: string } }) => [g.key, g.label.zh])).toEqual([
      ['XZ-GL', '鼓楼区'],
      ['XZ-YL', '云龙区'],
    ]);
  });

  test('as the clock passes deadlines and needs are resolved, grids show resolution times and SLA compliance', async () => {
    await at(120);
    await command('A', 'resolve', { how: 'resolved_directly', outcome: '已安排志愿者上门' });
    await at(180);
    await command('A', 'close', { satisfaction: 4 });
    await at(300);
    await command('B', 'acknowledge', {});
    await at(360);
    await command('B', 'resolve', { how: 'referred', referredTo: '社区托管中心', outcome: '已转介' });

    const res = await stats('official', 'groupBy=grid');

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      groupBy: 'grid',
      area: null,
      from: null,
      to: null,
      generatedAt: '2026-03-02T07:00:00.000Z',
    });
    const byKey = Object.fromEntries((res.body.groups as Array<{ key: string }>).map((g) => [g.key, g]));
    expect(Object.keys(byKey)).toEqual(['XZ-GL-HL-01-G01', 'XZ-GL-HL-01-G02', 'XZ-GL-HL-02-G01', 'XZ-YL-PL-01-G01']);
    expect(byKey['XZ-GL-HL-01-G01']).toMatchObject({
      label: { zh: '黄楼社区第1网格', en: null },
      total: 1,
      open: 0,
      byStatus: { closed: 1, logged: 0 },
      byUrgency: { critical: 1, high: 0 },
      resolved: 1,
      resolutionHours: { median: 2, mean: 2 },
      acknowledgementSla: { met: 1, missed: 0, breached: 0, complianceRate: 1 },
      satisfaction: { mean: 4, count: 1 },
    });
    expect(byKey['XZ-GL-HL-01-G02']).toMatchObject({
      byStatus: { referred: 1 },
      resolutionHours: { median: 6 },
      acknowledgementSla: { met: 0, missed: 1, complianceRate: 0 },
    });
    expect(byKey['XZ-GL-HL-02-G01']).toMatchObject({
      open: 1,
      resolved: 0,
      acknowledgementSla: { breached: 1, complianceRate: 0 },
    });
    expect(byKey['XZ-YL-PL-01-G01']).toMatchObject({
      open: 1,
      acknowledgementSla: { met: 0, missed: 0, breached: 0, complianceRate: null },
    });
    expect(res.body.totals).toMatchObject({
      total: 4,
      open: 2,
      resolved: 2,
      resolutionHours: { median: 4, mean: 4 },
      acknowledgementSla: { met: 1, missed: 1, breached: 1, complianceRate: 0.3333 },
      satisfaction: { mean: 4, count: 1 },
    });
  });

  test('by community, the grids of a community add up', async () => {
    const res = await stats('official', 'groupBy=community');
    const hl01 = (res.body.groups as Array<{ key: string }>).find((g) => g.key === 'XZ-GL-HL-01');
    expect(hl01).toMatchObject({
      label: { zh: '黄楼社区' },
      total: 2,
      resolved: 2,
      resolutionHours: { median: 4, mean: 4 },
      acknowledgementSla: { met: 1, missed: 1, breached: 0, complianceRate: 0.5 },
    });
  });

  test('by category, groups carry the category names in Chinese and English', async () => {
    const res = await stats('official', 'groupBy=category');
    expect(
      res.body.groups.map((g: { key: string; label: object; total: number }) => [g.key, g.label, g.total]),
    ).toEqual([
      ['after_school_care', { zh: '小学生托管看护', en: 'After-school care for primary pupils' }, 1],
      ['elderly_care', { zh: '养老服务', en: 'Elderly care' }, 2],
      ['psychological_care', { zh: '精神关爱', en: 'Psychological care' }, 1],
    ]);
  });

  test('an area narrows the statistics to the needs under it', async () => {
    const res = await stats('official', 'groupBy=street&area=XZ-GL-HL-01');
    expect(res.body.groups).toHaveLength(1);
    expect(res.body.groups[0]).toMatchObject({ key: 'XZ-GL-HL', label: { zh: '黄楼街道' }, total: 2 });
  });

  test('a period counts the needs logged from its start up to, not including, its end', async () => {
    expect((await stats('official', `groupBy=district&from=${T0}`)).body.totals.total).toBe(4);
    expect((await stats('official', `groupBy=district&to=${T0}`)).body.totals.total).toBe(0);
    expect((await stats('official', 'groupBy=district&from=2026-03-02T09:00:01%2B08:00')).body.totals.total).toBe(0);
  });

  test('community staff see only their own communities, whatever area they ask for', async () => {
    const own = await stats('staffHl01', 'groupBy=community');
    expect(own.status).toBe(200);
    expect(own.body.groups.map((g: { key: string }) => g.key)).toEqual(['XZ-GL-HL-01']);
    expect(own.body.totals.total).toBe(2);
    const elsewhere = await stats('staffHl01', 'groupBy=grid&area=XZ-YL');
    expect(elsewhere.body).toMatchObject({
      groups: [],
      totals: { total: 0, acknowledgementSla: { complianceRate: null } },
    });
  });

  test('a street official sees the communities of their street; a funder sees every area', async () => {
    const street = await stats('street', 'groupBy=community');
    expect(street.body.groups.map((g: { key: string }) => g.key)).toEqual(['XZ-GL-HL-01', 'XZ-GL-HL-02']);
    const funder = await stats('funder', 'groupBy=district');
    expect(funder.status).toBe(200);
    expect(funder.body.totals.total).toBe(4);
  });

  test('the statistics carry no personal data', async () => {
    const res = await stats('official', 'groupBy=grid');
    const json = JSON.stringify(res.body);
    for (const id of Object.values(ids)) expect(json).not.toContain(id);
    expect(json).not.toContain('需求描述');
  });

  test('without a token the statistics are 401, for an organisation user 403', async () => {
    expect((await http().get('/api/intake/stats/needs?groupBy=grid')).status).toBe(401);
    expect((await stats('org', 'groupBy=grid')).status).toBe(403);
  });

  test.each([
    { name: 'a missing groupBy', query: 'area=XZ-GL', field: 'query.groupBy' },
    { name: 'grouping by city', query: 'groupBy=city', field: 'query.groupBy' },
    { name: 'a lower-case area code', query: 'groupBy=grid&area=xz-gl', field: 'query.area' },
    { name: 'a date that is not ISO 8601', query: 'groupBy=grid&from=yesterday', field: 'query.from' },
    {
      name: 'a period that ends before it starts',
      query: `groupBy=grid&from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z`,
      field: 'query.to',
    },
  ])('$name is refused with 400 problem+json naming $field', async ({ query, field }) => {
    const res = await stats('official', query);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe('VALIDATION.INVALID_INPUT');
    expect((res.body.errors as Array<{ field: string }>).map((e) => e.field)).toContain(field);
  });
});
