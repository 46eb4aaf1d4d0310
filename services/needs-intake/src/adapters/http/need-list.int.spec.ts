import request from 'supertest';
import { ManualClock } from '@sanshe/platform';
import { startEmbedded, type EmbeddedSystem } from '@sanshe/embedded';

const T0 = Date.parse('2026-03-02T01:00:00.000Z');
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

type Listed = { items: Array<{ needId: string; sla: { state: string } }>; total: number };

/**
 * Five needs logged a minute apart (default SLA: critical 30 min, high 4 h, normal 24 h,
 * low 72 h; reminders in the last quarter), looked at 3.5 hours after the first:
 * N1 黄楼 G01 elderly critical, acknowledged late (missed) · N2 黄楼 G02 after-school high, due soon ·
 * N3 黄楼 G01 psychological normal, acknowledged in time (met), handed to a colleague ·
 * N4 民主 G01 elderly critical, never acknowledged (breached) · N5 彭城 G01 elderly low, on time.
 */
describe('listing needs with filters, paging and scope', () => {
  const clock = new ManualClock(new Date(T0));
  let system: EmbeddedSystem;
  const t: Record<string, string> = {};
  const n: Record<string, string> = {};
  const list = async (who: string, query = ''): Promise<Listed> => {
    const res = await request(system.host.app)
      .get(`/api/intake/needs?${query}`)
      .set('Authorization', `Bearer ${t[who]}`);
    expect(res.status).toBe(200);
    return res.body as Listed;
  };
  const names = (listed: Listed) => listed.items.map((item) => Object.keys(n).find((k) => n[k] === item.needId));
  const at = async (minutes: number) => {
    clock.set(new Date(T0 + minutes * MINUTE));
    await system.host.settle();
  };
  const post = async (who: string, path: string, body: object) => {
    const res = await request(system.host.app)
      .post(`/api/intake${path}`)
      .set('Authorization', `Bearer ${t[who]}`)
      .send(body);
    expect(res.status).toBeLessThan(300);
    await system.host.settle();
    return res.body as { needId: string };
  };

  beforeAll(async () => {
    system = await startEmbedded({ clock });
    const sign = system.issuer.sign;
    t.hl01 = await sign({ sub: 'staff-hl01', roles: ['community_staff'], communities: ['XZ-GL-HL-01'] });
    t.hl02 = await sign({ sub: 'staff-hl02', roles: ['community_staff'], communities: ['XZ-GL-HL-02'] });
    t.yl = await sign({ sub: 'staff-yl', roles: ['community_staff'], communities: ['XZ-YL-PL-01'] });
    t.street = await sign({ sub: 'street-hl', roles: ['street_official'], communities: ['XZ-GL-HL'] });
    t.nowhere = await sign({ sub: 'staff-new', roles: ['community_staff'], communities: [] });
    t.official = await sign({ sub: 'official', roles: ['official'] });

    n.N1 = (
      await post('hl01', '/needs', need('XZ-GL-HL-01-G01', 'elderly_care', { care_type: 'home_visit' }, 'critical'))
    ).needId;
    await at(1);
    n.N2 = (await post('hl01', '/needs', need('XZ-GL-HL-01-G02', 'after_school_care', { grade: '2' }, 'high'))).needId;
    await at(2);
    n.N3 = (await post('hl01', '/needs', need('XZ-GL-HL-01-G01', 'psychological_care', {}, 'normal'))).needId;
    await at(3);
    n.N4 = (
      await post('hl02', '/needs', need('XZ-GL-HL-02-G01', 'elderly_care', { care_type: 'day_care' }, 'critical'))
    ).needId;
    await at(4);
    n.N5 = (
      await post('yl', '/needs', need('XZ-YL-PL-01-G01', 'elderly_care', { care_type: 'nursing' }, 'low'))
    ).needId;
    await at(5);
    await post('hl01', `/needs/${n.N3}/acknowledge`, {});
    await post('hl01', `/needs/${n.N3}/reassign`, { to: 'staff-colleague', reason: '同事负责该网格' });
    await at(40);
    await post('hl01', `/needs/${n.N1}/acknowledge`, {});
    await at(210);
  });
  afterAll(() => system.host.close());

  test('without filters, an official sees every need, newest first, with the total', async () => {
    const all = await list('official');
    expect(names(all)).toEqual(['N5', 'N4', 'N3', 'N2', 'N1']);
    expect(all.total).toBe(5);
  });

  test.each([
    ['area=XZ-GL', ['N4', 'N3', 'N2', 'N1']],
    ['area=XZ-GL-HL-01', ['N3', 'N2', 'N1']],
    ['area=XZ-GL-HL-01-G01', ['N3', 'N1']],
    ['area=XZ-YL', ['N5']],
    ['category=elderly_care', ['N5', 'N4', 'N1']],
    ['status=acknowledged', ['N3', 'N1']],
    ['status=logged', ['N5', 'N4', 'N2']],
    ['status=closed', []],
    ['urgency=critical', ['N4', 'N1']],
    ['ownerId=staff-colleague', ['N3']],
    ['ownerId=staff-hl01', ['N2', 'N1']],
    ['category=elderly_care&area=XZ-GL&urgency=critical', ['N4', 'N1']],
  ])('filtering by %s finds %j', async (query, expected) => {
    const found = await list('official', query);
    expect(names(found)).toEqual(expected);
    expect(found.total).toBe(expected.length);
  });

  test.each([
    ['met', ['N3']],
    ['missed', ['N1']],
    ['breached', ['N4']],
    ['due_soon', ['N2']],
    ['on_time', ['N5']],
  ])('the SLA state %s finds %j, and each need found shows that state', async (state, expected) => {
    const found = await list('official', `slaState=${state}`);
    expect(names(found)).toEqual(expected);
    for (const item of found.items) expect(item.sla.state).toBe(state);
  });

  test('the SLA filters agree with the shown state exactly at the reminder time and at the deadline', async () => {
    // N2 (high, logged at +1 min): reminder at +3 h 1 min, deadline at +4 h 1 min.
    await at(181);
    expect(names(await list('official', 'slaState=due_soon'))).toEqual(['N2']);
    await at(241);
    expect(names(await list('official', 'slaState=breached'))).toEqual(['N4', 'N2']);
    expect(names(await list('official', 'slaState=due_soon'))).toEqual([]);
    await at(210);
  });

  test('pages follow one another without gaps or repeats, and the total stays the whole count', async () => {
    const pages = [
      await list('official', 'limit=2&offset=0'),
      await list('official', 'limit=2&offset=2'),
      await list('official', 'limit=2&offset=4'),
    ];
    expect(pages.map(names)).toEqual([['N5', 'N4'], ['N3', 'N2'], ['N1']]);
    for (const page of pages) expect(page.total).toBe(5);
    expect(await list('official', 'limit=2&offset=10')).toEqual({ items: [], total: 5 });
  });

  test('community staff see only their own communities; another area within the filter finds nothing', async () => {
    const own = await list('hl01');
    expect(names(own)).toEqual(['N3', 'N2', 'N1']);
    expect(own.total).toBe(3);
    expect(await list('hl01', 'area=XZ-GL-HL-02')).toEqual({ items: [], total: 0 });
    expect(await list('hl01', 'area=XZ-GL')).toMatchObject({ total: 3 });
    expect(await list('nowhere')).toEqual({ items: [], total: 0 });
  });

  test("a street official sees every community of the street and no other street's", async () => {
    expect(names(await list('street'))).toEqual(['N4', 'N3', 'N2', 'N1']);
    expect(names(await list('street', 'category=elderly_care'))).toEqual(['N4', 'N1']);
  });

  test.each([
    ['limit=0', 'query.limit'],
    ['limit=201', 'query.limit'],
    ['offset=-1', 'query.offset'],
    ['limit=ten', 'query.limit'],
    ['status=lost', 'query.status'],
    ['urgency=urgent', 'query.urgency'],
    ['slaState=late', 'query.slaState'],
    ['area=xz-gl', 'query.area'],
    ['status=logged&status=closed', 'query.status'],
  ])('%s is refused with 400 problem+json naming %s', async (query, field) => {
    const res = await request(system.host.app)
      .get(`/api/intake/needs?${query}`)
      .set('Authorization', `Bearer ${t.official}`);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((res.body.errors as Array<{ field: string }>).map((e) => e.field)).toContain(field);
  });
});
