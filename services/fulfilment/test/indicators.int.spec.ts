import { AreaChanged, NeedClosed, NeedLogged, usccCheckCharacter } from '@sanshe/contracts';
import { createEvent, newId } from '@sanshe/platform';
import { startHarness, type Harness } from './harness';

type Indicator = {
  key: string;
  value: number | null;
  numerator: number | null;
  denominator: number;
  target: { comparator: string; value: number } | null;
  met: boolean | null;
};
type Row = { code: string; name: string; indicators: Indicator[] };
type View = { level: string; period: string; total: { indicators: Indicator[] }; rows: Row[] };

const HOUR = 3_600_000;
const T0 = '2026-03-02T01:00:00.000Z';

/** The figures of one indicator, for compact expectations. */
const fig = (list: Indicator[], key: string) => {
  const i = list.find((x) => x.key === key)!;
  return [i.value, i.numerator, i.denominator, i.met];
};
const row = (view: View, code: string) => view.rows.find((r) => r.code === code)!.indicators;

/*
 * A district of our own (QA), built through intake's, procurement's and fulfilment's public
 * APIs on the embedded system, so the seeded demo areas do not mix into the figures:
 *
 *   QA ─ QA-S1 ─ QA-S1-C1 ─ G1 (worker), G2 (worker)
 *      │       └ QA-S1-C2 ─ G1 (worker assigned, then removed)
 *      └ QA-S2 ─ QA-S2-C1 ─ G1 (worker), G2 (worker, grid deactivated)
 */
describe('policy indicators from intake, procurement and fulfilment events (embedded)', () => {
  let h: Harness;
  let t: Record<'admin' | 'staff' | 'street' | 'otherStreet' | 'communityStaff', string>;
  const needs: Record<string, string> = {};

  const intake = (method: 'post' | 'put' | 'patch', path: string, token: string, body: object) =>
    h.http()[method](`/api/intake${path}`).set(h.as(token)).send(body);
  const procurement = (method: 'post' | 'put', path: string, token: string, body: object) =>
    h.http()[method](`/api/procurement${path}`).set(h.as(token)).send(body);
  const ok = async (res: Promise<{ status: number; body: unknown }>, status = 200) => {
    const r = await res;
    if (r.status !== status) throw new Error(`${r.status}: ${JSON.stringify(r.body)}`);
    return r.body as Record<string, unknown>;
  };
  const view = async (query: string, token = h.tokens.official): Promise<View> => {
    await h.settle();
    const res = await h.get(`/indicators?${query}`, token);
    if (res.status !== 200) throw new Error(`${res.status}: ${JSON.stringify(res.body)}`);
    return res.body as View;
  };

  async function area(code: string, kind: string, parentCode: string | null) {
    await ok(intake('post', '/areas', t.admin, { code, kind, name: `${code}名`, parentCode, demo: true }), 201);
  }
  const gridWorkers = (code: string, staff: string[]) =>
    ok(
      intake('put', `/areas/${code}/grid-workers`, t.admin, {
        gridWorkers: staff.map((s) => ({ staffId: s, name: '网格员' })),
      }),
    );

  let serial = 700;
  async function organisation(serviceAreaCodes: string[], workers: object[]) {
    const first17 = `52320300MJ${String(serial++).padStart(7, '0')}`;
    const org = await ok(
      procurement('post', '/organisations', t.admin, {
        uscc: `${first17}${usccCheckCharacter(first17)}`,
        name: `指标测试社工机构${serial}`,
        legalRepresentative: '张伟',
        registeredOn: '2019-05-20',
        categories: ['elderly_care'],
        serviceAreaCodes,
      }),
      201,
    );
    const id = org.organisationId as string;
    await ok(procurement('put', `/organisations/${id}/social-workers`, t.admin, { workers }));
    return id;
  }

  async function logNeed(name: string, gridCode: string) {
    const body = await ok(
      intake('post', '/needs', t.staff, {
        channel: 'window',
        category: 'psychological_care',
        attributes: {},
        gridCode,
        urgency: 'low',
        beneficiaryCount: 1,
        beneficiaryGroups: ['elderly'],
        description: '需要心理关爱',
        contact: { name: '居民', phone: '13812345678', consent: true },
      }),
      201,
    );
    needs[name] = body.needId as string;
  }
  const resolve = (name: string, how: object = { how: 'resolved_directly', outcome: '已上门解决' }) =>
    ok(intake('post', `/needs/${needs[name]}/resolve`, t.staff, how));
  const close = (name: string, satisfaction: number | null) =>
    ok(intake('post', `/needs/${needs[name]}/close`, t.staff, { satisfaction }));

  beforeAll(async () => {
    h = await startHarness();
    t = {
      admin: await h.sign({ sub: 'admin-ind', roles: ['admin'] }),
      staff: await h.sign({ sub: 'staff-ind', roles: ['community_staff'], communities: ['QA'] }),
      street: await h.sign({ sub: 'street-s1', roles: ['street_official'], communities: ['QA-S1'] }),
      otherStreet: await h.sign({ sub: 'street-gl', roles: ['street_official'], communities: ['XZ-GL-HL'] }),
      communityStaff: await h.sign({ sub: 'staff-c1', roles: ['community_staff'], communities: ['QA-S1-C1'] }),
    };
    await area('QA', 'district', null);
    for (const s of ['QA-S1', 'QA-S2']) await area(s, 'street', 'QA');
    for (const c of ['QA-S1-C1', 'QA-S1-C2', 'QA-S2-C1']) await area(c, 'community', c.slice(0, 5));
    for (const g of ['QA-S1-C1-G1', 'QA-S1-C1-G2', 'QA-S1-C2-G1', 'QA-S2-C1-G1', 'QA-S2-C1-G2'])
      await area(g, 'grid', g.slice(0, 8));
    for (const g of ['QA-S1-C1-G1', 'QA-S1-C1-G2', 'QA-S1-C2-G1', 'QA-S2-C1-G1', 'QA-S2-C1-G2'])
      await gridWorkers(g, [`gw-${g}`]);
    // The later change wins: this grid ends up without a worker, that one inactive.
    await gridWorkers('QA-S1-C2-G1', []);
    await ok(intake('patch', '/areas/QA-S2-C1-G2', t.admin, { active: false }));

    await organisation(
      ['QA-S1'],
      [
        {
          workerId: 'w1',
          name: '王芳',
          certificateLevel: 'senior',
          certificateNumber: 'GZ1',
          generalist: true,
          communityCodes: ['QA-S1-C1'],
        },
        { workerId: 'w2', name: '李强', certificateLevel: 'none', communityCodes: ['QA-S1-C1', 'QA-S1-C2'] },
        {
          workerId: 'w3',
          name: '赵敏',
          certificateLevel: 'assistant',
          certificateNumber: 'ZL3',
          communityCodes: ['QA-S1-C2'],
        },
        { workerId: 'w4', name: '钱多', certificateLevel: 'senior', certificateNumber: 'GZ4' },
      ],
    );
    const second = await organisation(['QA'], [{ workerId: 'w9', name: '孙丽', certificateLevel: 'none' }]);
    // Replaced: only the second roster counts (the same local id w1 here is another person).
    await ok(
      procurement('put', `/organisations/${second}/social-workers`, t.admin, {
        workers: [
          {
            workerId: 'w1',
            name: '周杰',
            certificateLevel: 'intermediate',
            certificateNumber: 'ZJ1',
            generalist: true,
            communityCodes: ['QA-S2-C1'],
          },
          { workerId: 'w5', name: '吴刚', certificateLevel: 'none', communityCodes: ['QA-S2-C1'] },
        ],
      }),
    );

    // Needs, all logged at T0; resolution hours 2, 4, 10 (referred) and 20 (fulfilled by a contract) in March, 744 in April.
    for (const [name, grid] of [
      ['n1', 'QA-S1-C1-G1'],
      ['n2', 'QA-S1-C1-G2'],
      ['n3', 'QA-S1-C2-G1'],
      ['n4', 'QA-S2-C1-G1'],
      ['n5', 'QA-S2-C1-G1'],
      ['n6', 'QA-S1-C1-G1'],
    ] as const)
      await logNeed(name, grid);
    h.clock.advance(2 * HOUR);
    await resolve('n1');
    h.clock.advance(2 * HOUR);
    await resolve('n3');
    await ok(intake('post', `/needs/${needs.n4}/withdraw`, t.staff, { reason: '居民撤回' }));
    h.clock.advance(6 * HOUR);
    await resolve('n2', { how: 'referred', referredTo: '区心理援助中心', outcome: '已转介' });
    const contract = await h.tenderContract({ needIds: [needs.n5!] });
    h.clock.advance(10 * HOUR);
    await ok(
      h.post(`/contracts/${contract.contractId}/service-records`, h.tokens.workerA, {
        needId: needs.n5,
        deliveredOn: '2026-03-02',
        hours: 2,
        serviceType: 'counselling',
        completesNeed: true,
      }),
      201,
    );
    await h.settle();
    await close('n1', 5);
    await close('n2', 3);
    await close('n3', 4);
    await close('n5', 4);
    h.clock.set('2026-04-02T01:00:00.000Z');
    await resolve('n6');
    await close('n6', 1);
    await h.settle();
  });
  afterAll(() => h.close());

  test('per street: each indicator with its value, numerator, denominator, target and whether it is met', async () => {
    const v = await view('level=street&code=QA&period=2026-03');
    expect(v.rows.map((r) => [r.code, r.name])).toEqual([
      ['QA-S1', 'QA-S1名'],
      ['QA-S2', 'QA-S2名'],
    ]);
    const s1 = row(v, 'QA-S1');
    // w1, w2 and w3 are stationed in S1 (w2 in two communities, counted once); w4 nowhere.
    expect(fig(s1, 'certified_social_workers')).toEqual([66.7, 2, 3, true]);
    expect(s1.find((i) => i.key === 'certified_social_workers')!.target).toMatchObject({
      comparator: 'at_least',
      value: 60,
    });
    expect(fig(s1, 'grid_coverage')).toEqual([66.7, 2, 3, false]);
    expect(fig(s1, 'generalist_coverage')).toEqual([50, 1, 2, true]);
    expect(fig(s1, 'resolution_hours_median')).toEqual([4, null, 3, null]);
    expect(fig(s1, 'resolution_hours_p90')).toEqual([10, null, 3, null]);
    expect(fig(s1, 'satisfaction_mean')).toEqual([4, 12, 3, null]);
    expect(fig(s1, 'satisfaction_share_4_plus')).toEqual([66.7, 2, 3, null]);

    const s2 = row(v, 'QA-S2');
    // The deactivated grid drops out; the withdrawn need is no resolution; the fulfilled one is.
    expect(fig(s2, 'certified_social_workers')).toEqual([50, 1, 2, false]);
    expect(fig(s2, 'grid_coverage')).toEqual([100, 1, 1, true]);
    expect(fig(s2, 'generalist_coverage')).toEqual([100, 1, 1, true]);
    expect(fig(s2, 'resolution_hours_median')).toEqual([20, null, 1, null]);
    expect(fig(s2, 'satisfaction_mean')).toEqual([4, 4, 1, null]);

    // The total pools the rows (each worker, grid and need once).
    expect(fig(v.total.indicators, 'certified_social_workers')).toEqual([60, 3, 5, true]);
    expect(fig(v.total.indicators, 'grid_coverage')).toEqual([75, 3, 4, false]);
    expect(fig(v.total.indicators, 'generalist_coverage')).toEqual([66.7, 2, 3, true]);
    expect(fig(v.total.indicators, 'resolution_hours_median')).toEqual([7, null, 4, null]);
    expect(fig(v.total.indicators, 'resolution_hours_p90')).toEqual([20, null, 4, null]);
    expect(fig(v.total.indicators, 'satisfaction_mean')).toEqual([4, 16, 4, null]);
    expect(fig(v.total.indicators, 'satisfaction_share_4_plus')).toEqual([75, 3, 4, null]);
  });

  test('per community and district; the period picks the needs resolved and rated in it', async () => {
    const communities = await view('level=community&code=QA-S1&period=2026-03');
    expect(communities.rows.map((r) => r.code)).toEqual(['QA-S1-C1', 'QA-S1-C2']);
    expect(fig(row(communities, 'QA-S1-C1'), 'certified_social_workers')).toEqual([50, 1, 2, false]);
    expect(fig(row(communities, 'QA-S1-C2'), 'grid_coverage')).toEqual([0, 0, 1, false]);
    expect(fig(row(communities, 'QA-S1-C2'), 'generalist_coverage')).toEqual([0, 0, 1, false]);
    expect(fig(row(communities, 'QA-S1-C1'), 'resolution_hours_median')).toEqual([6, null, 2, null]);

    const april = await view('level=district&code=QA&period=2026-04');
    expect(april.rows.map((r) => r.code)).toEqual(['QA']);
    expect(fig(row(april, 'QA'), 'resolution_hours_median')).toEqual([744, null, 1, null]);
    expect(fig(row(april, 'QA'), 'satisfaction_mean')).toEqual([1, 1, 1, null]);
    // Stock figures do not depend on the period.
    expect(fig(row(april, 'QA'), 'certified_social_workers')).toEqual([60, 3, 5, true]);

    const all = await view('level=district&code=QA');
    expect(fig(row(all, 'QA'), 'resolution_hours_median')).toEqual([10, null, 5, null]);
    expect(fig(row(all, 'QA'), 'resolution_hours_p90')).toEqual([744, null, 5, null]);
    expect(fig(row(all, 'QA'), 'satisfaction_share_4_plus')).toEqual([60, 3, 5, null]);
  });

  test('a street official sees only their own street; funders see all; community staff and org users are refused', async () => {
    expect((await view('level=street', t.street)).rows.map((r) => r.code)).toEqual(['QA-S1']);
    expect((await view('level=community', t.street)).rows.map((r) => r.code)).toEqual(['QA-S1-C1', 'QA-S1-C2']);
    // The district and the other street are outside the token's areas: nothing, not a partial figure.
    expect((await view('level=district&code=QA', t.street)).rows).toEqual([]);
    const other = await view('level=street&code=QA-S2', t.street);
    expect(other.rows).toEqual([]);
    expect(fig(other.total.indicators, 'grid_coverage')).toEqual([null, 0, 0, null]);
    expect((await view('level=street&code=QA', t.otherStreet)).rows).toEqual([]);
    expect((await view('level=street&code=QA', h.tokens.funder)).rows).toHaveLength(2);
    expect((await h.get('/indicators?level=street', t.communityStaff)).status).toBe(403);
    expect((await h.get('/indicators?level=street', h.tokens.orgA)).status).toBe(403);
  });

  test('bad queries are 400s naming the field', async () => {
    const grid = await h.get('/indicators?level=grid', h.tokens.official);
    expect(grid.status).toBe(400);
    expect(JSON.stringify(grid.body.errors)).toContain('level');
    const month = await h.get('/indicators?period=2026-13', h.tokens.official);
    expect(month.status).toBe(400);
    expect(JSON.stringify(month.body.errors)).toContain('period');
  });

  test('the CSV has a line per area and indicator, and the total', async () => {
    const res = await h.get('/indicators.csv?level=street&code=QA&period=2026-03', h.tokens.official);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    const lines = res.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'level,code,name,period,indicator,unit,value,numerator,denominator,comparator,target,effectiveFrom,met',
    );
    expect(lines).toHaveLength(1 + 3 * 7);
    expect(lines).toContain(
      'street,QA-S1,QA-S1名,2026-03,grid_coverage,percent,66.7,2,3,at_least,100,2000-01-01,false',
    );
    expect(lines).toContain('street,TOTAL,合计,2026-03,satisfaction_mean,rating,4,16,4,,,,');
  });

  test('events carry no names or certificate numbers; an older or early event never spoils the figures', async () => {
    const rosters = JSON.stringify(h.events('procurement.organisation.social-workers-changed'));
    for (const secret of ['王芳', 'GZ1', 'ZJ1']) expect(rosters).not.toContain(secret);
    expect(JSON.stringify(h.events('intake.area.changed'))).not.toContain('网格员');

    // An old revision of a grid (no worker) replayed late leaves the newer one in place.
    await h.publish(
      createEvent(AreaChanged, {
        source: '/sanshe/needs-intake',
        subject: 'QA-S1-C1-G1',
        now: h.clock.now(),
        cause: { correlationId: 'replay', causationId: null },
        data: {
          code: 'QA-S1-C1-G1',
          kind: 'grid',
          name: 'old',
          parentCode: 'QA-S1-C1',
          path: ['QA', 'QA-S1', 'QA-S1-C1', 'QA-S1-C1-G1'],
          active: true,
          gridWorkerCount: 0,
          revision: 1,
          changedAt: T0,
        },
      }),
    );
    // A need's closing arrives before its logging (other topic): it counts once both are in.
    const needId = newId();
    const cause = { correlationId: 'early', causationId: null };
    const now = new Date('2026-04-03T01:00:00.000Z');
    await h.publish(
      createEvent(NeedClosed, {
        source: '/sanshe/needs-intake',
        subject: needId,
        now,
        cause,
        data: { needId, satisfaction: 5, closedAt: now.toISOString() },
      }),
    );
    const before = await view('level=street&code=QA-S2&period=2026-04');
    expect(fig(row(before, 'QA-S2'), 'satisfaction_mean')).toEqual([null, 0, 0, null]);
    await h.publish(
      createEvent(NeedLogged, {
        source: '/sanshe/needs-intake',
        subject: needId,
        now,
        cause,
        data: {
          needId,
          caseNumber: 'NEED-20260403-7K3M9Q',
          category: 'psychological_care',
          communityCode: 'QA-S2-C1',
          gridCode: 'QA-S2-C1-G1',
          urgency: 'low',
          beneficiaryCount: 1,
          loggedAt: '2026-04-02T13:00:00.000+08:00',
        },
      }),
    );
    const after = await view('level=street&code=QA&period=2026-04');
    expect(fig(row(after, 'QA-S2'), 'satisfaction_mean')).toEqual([5, 5, 1, null]);
    // Closed 20 hours after logging (the +08:00 offset counted), with no earlier resolving step.
    expect(fig(row(after, 'QA-S2'), 'resolution_hours_median')).toEqual([20, null, 1, null]);
    expect(fig(row(after, 'QA-S1'), 'grid_coverage')).toEqual([66.7, 2, 3, false]);
  });
});
