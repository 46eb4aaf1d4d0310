import request from 'supertest';
import { ManualClock } from '@sanshe/platform';
import { startEmbedded, type EmbeddedSystem } from '@sanshe/embedded';
import { createRegistryRepository, type AreaDocument } from '../src/adapters/store/registry-repository';
import { announceAreas } from '../src/app/area-events';

type AreaEvent = {
  subject: string;
  data: { code: string; revision: number; gridWorkerCount: number; active: boolean };
};

describe('the area registry announces every change (embedded)', () => {
  const clock = new ManualClock('2026-03-02T01:00:00.000Z');
  let system: EmbeddedSystem;
  const t: Record<string, string> = {};
  const http = () => request(system.host.app);
  const as = (who: string) => ({ Authorization: `Bearer ${t[who]}` });
  const events = (code: string) =>
    (system.host.inMemoryBus!.messages('intake.area.changed') as AreaEvent[]).filter((e) => e.data.code === code);
  const registry = () => createRegistryRepository(system.host.stores['needs-intake']!);

  beforeAll(async () => {
    system = await startEmbedded({ clock });
    t.admin = await system.issuer.sign({ sub: 'admin', roles: ['admin'] });
    t.street = await system.issuer.sign({ sub: 'street-hl', roles: ['street_official'], communities: ['XZ-GL-HL'] });
    await system.host.settle();
  });
  afterAll(() => system.host.close());

  test('seeded areas are announced once at start-up, grid workers as a count without names', async () => {
    const grid = events('XZ-GL-HL-01-G01');
    expect(grid.map((e) => e.data)).toEqual([
      expect.objectContaining({
        code: 'XZ-GL-HL-01-G01',
        kind: 'grid',
        path: ['XZ-GL', 'XZ-GL-HL', 'XZ-GL-HL-01', 'XZ-GL-HL-01-G01'],
        gridWorkerCount: 1,
        revision: 1,
        active: true,
      }),
    ]);
    expect(JSON.stringify(grid)).not.toContain('李敏');
    expect(events('XZ-GL')).toHaveLength(1);
    // Announcing again (another replica starting, a restart) finds nothing left to announce.
    expect(await announceAreas({ registry: registry(), clock })).toBe(0);
  });

  test('adding, staffing and deactivating a grid publish its revisions 1, 2, 3', async () => {
    expect(
      (
        await http().post('/api/intake/areas').set(as('admin')).send({
          code: 'XZ-GL-HL-01-G07',
          kind: 'grid',
          name: '黄楼社区第7网格',
          parentCode: 'XZ-GL-HL-01',
        })
      ).status,
    ).toBe(201);
    const staffed = await http()
      .put('/api/intake/areas/XZ-GL-HL-01-G07/grid-workers')
      .set(as('street'))
      .send({ gridWorkers: [{ staffId: 'gw-7', name: '新网格员' }] });
    expect(staffed.status).toBe(200);
    const patched = await http().patch('/api/intake/areas/XZ-GL-HL-01-G07').set(as('admin')).send({ active: false });
    expect(patched.body).toMatchObject({ active: false, gridWorkers: [{ staffId: 'gw-7', name: '新网格员' }] });
    await system.host.settle();
    expect(events('XZ-GL-HL-01-G07').map((e) => [e.data.revision, e.data.gridWorkerCount, e.data.active])).toEqual([
      [1, 0, true],
      [2, 1, true],
      [3, 1, false],
    ]);
    expect(JSON.stringify(patched.body)).not.toContain('outbox');
  });

  test('an area stored before areas carried events is announced at the next start-up', async () => {
    // As the first release stored it: no version, no outbox.
    await registry().areas.insertOne({
      _id: 'XZ-GL-HL-09',
      kind: 'community',
      name: '旧社区',
      parentCode: 'XZ-GL-HL',
      path: ['XZ-GL', 'XZ-GL-HL', 'XZ-GL-HL-09'],
      demo: true,
      gridWorkers: [],
      active: true,
    } as unknown as AreaDocument);
    expect(await announceAreas({ registry: registry(), clock })).toBe(1);
    await system.host.settle();
    expect(events('XZ-GL-HL-09').map((e) => e.data.revision)).toEqual([1]);
  });
});
