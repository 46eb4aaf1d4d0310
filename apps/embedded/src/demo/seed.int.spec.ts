import request from 'supertest';
import { startEmbedded, type EmbeddedSystem } from '../start';
import { DEMO_PASSWORD } from '../dev-auth';
import { createDemoClock, DemoAlreadySeededError, seedDemo } from './seed';

/**
 * `npm start -- --demo`: the seeded platform, read back through the HTTP APIs as each demo
 * account signs in, so every screen of the portal has something real to show.
 */
describe('the demo seed', () => {
  let system: EmbeddedSystem;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    system = await startEmbedded({ demo: true, portalDir: false });
  }, 300_000);
  afterAll(async () => {
    await system?.host.close();
  });

  async function as(username: string): Promise<string> {
    const known = tokens.get(username);
    if (known) return known;
    const res = await request(system.host.app).post('/api/auth/login').send({ username, password: DEMO_PASSWORD });
    expect(res.status).toBe(200);
    tokens.set(username, res.body.token as string);
    return res.body.token as string;
  }

  async function get<T = Record<string, unknown>>(username: string, path: string): Promise<T> {
    const res = await request(system.host.app)
      .get(path)
      .set('Authorization', `Bearer ${await as(username)}`);
    expect({ path, status: res.status }).toEqual({ path, status: 200 });
    return res.body as T;
  }

  type Need = { needId: string; ownerId: string; status: string; satisfaction: number | null; sla: { state: string } };
  type Project = { status: string };
  type Tender = { tenderId: string; status: string; bidCount: number | null };
  type Contract = { contractId: string; organisationId: string; disbursedFen: number; source: { kind: string } };

  test('it tells six months up to now, and its size is in the summary', () => {
    const demo = system.demo;
    expect(demo).not.toBeNull();
    expect(Date.now() - new Date(demo!.to).getTime()).toBeLessThan(10 * 60_000);
    expect(new Date(demo!.to).getTime() - new Date(demo!.from).getTime()).toBeGreaterThan(180 * 86_400_000);
    expect(demo!.counts.needs).toBeGreaterThanOrEqual(150);
    expect(demo!.counts.needs).toBeLessThanOrEqual(300);
  });

  test('staff.hl owns the needs of 黄楼社区, in every SLA state, some closed with satisfaction', async () => {
    const list = await get<{ items: Need[]; total: number }>(
      'staff.hl',
      '/api/intake/needs?area=XZ-GL-HL-01&limit=200',
    );
    expect(list.total).toBeGreaterThan(40);
    expect(new Set(list.items.map((n) => n.ownerId))).toEqual(new Set(['demo-staff-hl']));
    const states = new Set(list.items.map((n) => n.sla.state));
    for (const state of ['on_time', 'due_soon', 'breached', 'met']) expect(states).toContain(state);
    const statuses = new Set(list.items.map((n) => n.status));
    for (const status of ['logged', 'acknowledged', 'in_project', 'closed']) expect(statuses).toContain(status);
    expect(list.items.some((n) => n.status === 'closed' && n.satisfaction !== null)).toBe(true);
    const mz = await get<{ items: Need[] }>('staff.mz', '/api/intake/needs?area=XZ-GL-HL-02&limit=200');
    expect(mz.items.length).toBeGreaterThan(30);
    expect(new Set(mz.items.map((n) => n.ownerId))).toEqual(new Set(['demo-staff-mz']));
  });

  test('the street sees escalations, and the statistics have figures', async () => {
    const escalated = await get<{ items: Array<{ sla: { escalatedAt: string | null } }> }>(
      'street.hl',
      '/api/intake/needs?area=XZ-GL-HL&slaState=breached',
    );
    expect(escalated.items.some((n) => n.sla.escalatedAt !== null)).toBe(true);
    const stats = await get<{ totals: { total: number; satisfaction: { count: number }; resolved: number } }>(
      'official',
      '/api/intake/stats/needs?groupBy=community',
    );
    expect(stats.totals.total).toBeGreaterThan(150);
    expect(stats.totals.resolved).toBeGreaterThan(0);
    expect(stats.totals.satisfaction.count).toBeGreaterThan(0);
  });

  test('suggestions wait for staff, and projects stand in every state of the workflow', async () => {
    const suggestions = await get<{ suggestions: unknown[] }>('staff.hl', '/api/design/suggestions');
    expect(suggestions.suggestions.length).toBeGreaterThan(0);
    const mine = await get<{ items: Project[] }>('staff.hl', '/api/design/projects?limit=200');
    const all = await get<{ items: Project[] }>('official', '/api/design/projects?limit=200');
    const statuses = new Set(all.items.map((p) => p.status));
    for (const status of ['draft', 'submitted', 'returned', 'approved', 'in_procurement', 'in_delivery', 'cancelled'])
      expect(statuses).toContain(status);
    expect(new Set(mine.items.map((p) => p.status))).toEqual(
      new Set(['draft', 'returned', 'in_procurement', 'in_delivery']),
    );
    const programmes = await get<{ items: Array<{ funderCode: string; reservedFen: number }> }>(
      'funder',
      '/api/design/programmes',
    );
    expect(programmes.items.some((p) => p.funderCode === 'XZ-SSLD-FUND' && p.reservedFen > 0)).toBe(true);
  });

  test('tenders stand in every state; the awarded one has a pending complaint', async () => {
    const tenders = await get<{ items: Tender[] }>('official', '/api/procurement/tenders');
    const statuses = new Set(tenders.items.map((t) => t.status));
    for (const status of [
      'enquiry',
      'tendering',
      'closed',
      'evaluation',
      'awarded',
      'complete',
      'unsuccessful',
      'cancelled',
    ])
      expect(statuses).toContain(status);
    const awarded = tenders.items.find((t) => t.status === 'awarded')!;
    const complaints = await get<{ items: Array<{ status: string }> }>(
      'official',
      `/api/procurement/tenders/${awarded.tenderId}/complaints`,
    );
    expect(complaints.items.map((c) => c.status)).toContain('pending');
    const organisations = await get<{ items: Array<{ status: string }> }>('official', '/api/procurement/organisations');
    expect(organisations.items.filter((o) => o.status === 'verified')).toHaveLength(4);
    expect(organisations.items.filter((o) => o.status === 'registered')).toHaveLength(1);
    const rounds = await get<{ items: Array<{ status: string; grants: unknown[] | null }> }>(
      'funder',
      '/api/procurement/rounds',
    );
    expect(rounds.items.some((r) => r.status === 'awarded' && (r.grants?.length ?? 0) > 0)).toBe(true);
    expect(rounds.items.some((r) => r.status === 'open')).toBe(true);
  });

  test('the evaluator has a panel waiting for his scores', async () => {
    const tenders = await get<{ items: Tender[] }>('evaluator', '/api/procurement/tenders?status=evaluation');
    const panels = await Promise.all(
      tenders.items.map((t) =>
        get<{ evaluators: Array<{ evaluatorId: string; sheetSubmittedAt: string | null }> }>(
          'evaluator',
          `/api/procurement/tenders/${t.tenderId}/panel`,
        ),
      ),
    );
    // An evaluator sees only his own line: 钱伟's sheet is still to come.
    const waiting = tenders.items.filter((_, i) =>
      panels[i]!.evaluators.some((e) => e.evaluatorId === 'demo-evaluator' && e.sheetSubmittedAt === null),
    );
    expect(waiting).not.toHaveLength(0);
    // The official sees the panel: his two colleagues have scored.
    const panel = await get<{ evaluators: Array<{ evaluatorId: string; sheetSubmittedAt: string | null }> }>(
      'official',
      `/api/procurement/tenders/${waiting[0]!.tenderId}/panel`,
    );
    expect(panel.evaluators.filter((e) => e.sheetSubmittedAt !== null)).toHaveLength(2);
  });

  test('org.user acts for 彭城社工: its roster, its bids and its contracts', async () => {
    const login = await request(system.host.app)
      .post('/api/auth/login')
      .send({ username: 'org.user', password: DEMO_PASSWORD });
    const organisationId = login.body.principal.organisationId as string;
    expect(organisationId).toEqual(expect.any(String));
    const org = await get<{ name: string; workers: Array<{ workerId: string; certificateLevel: string }> }>(
      'org.user',
      `/api/procurement/organisations/${organisationId}`,
    );
    expect(org.name).toBe('徐州市鼓楼区彭城社会工作服务中心');
    expect(org.workers.map((w) => w.workerId)).toContain('demo-social-worker');
    const contracts = await get<{ items: Contract[] }>('org.user', '/api/fulfilment/contracts');
    expect(contracts.items.length).toBeGreaterThanOrEqual(2);
    expect(contracts.items.every((c) => c.organisationId === organisationId)).toBe(true);
    // Its bids on opened tenders, by their published commitments.
    const tenders = await get<{ items: Tender[] }>('org.user', '/api/procurement/tenders');
    let bids = 0;
    for (const t of tenders.items.filter((x) => x.bidCount !== null)) {
      const commitments = await get<{ items: Array<{ organisationId: string }> }>(
        'org.user',
        `/api/procurement/tenders/${t.tenderId}/commitments`,
      );
      bids += commitments.items.filter((c) => c.organisationId === organisationId).length;
    }
    expect(bids).toBeGreaterThanOrEqual(3);
    const budgets = await Promise.all(
      contracts.items
        .filter((c) => c.source.kind === 'tender')
        .map((c) =>
          get<{ lines: Array<{ overspent: boolean }>; reports: unknown[] }>(
            'org.user',
            `/api/fulfilment/contracts/${c.contractId}/budget`,
          ),
        ),
    );
    expect(budgets.every((b) => b.reports.length > 0)).toBe(true);
    expect(budgets.some((b) => b.lines.some((l) => l.overspent))).toBe(true);
  });

  test('social.worker finds the records he made, some confirmed by the resident', async () => {
    const contracts = await get<{ items: Contract[] }>('social.worker', '/api/fulfilment/contracts');
    const records = (
      await Promise.all(
        contracts.items.map((c) =>
          get<{ items: Array<{ recordedBy: string; confirmed: boolean }> }>(
            'social.worker',
            `/api/fulfilment/contracts/${c.contractId}/service-records`,
          ),
        ),
      )
    ).flatMap((r) => r.items);
    const his = records.filter((r) => r.recordedBy === 'demo-social-worker');
    expect(his.length).toBeGreaterThan(10);
    expect(his.some((r) => r.confirmed)).toBe(true);
    expect(his.some((r) => !r.confirmed)).toBe(true);
  });

  test('the funder’s figures are not zero', async () => {
    for (const query of ['', '?funderCode=XZ-SSLD-FUND&by=community']) {
      const funding = await get<{ totals: Record<string, number | null> }>('funder', `/api/fulfilment/funding${query}`);
      expect(funding.totals.committedFen).toBeGreaterThan(0);
      expect(funding.totals.disbursedFen).toBeGreaterThan(0);
      expect(funding.totals.serviceHours).toBeGreaterThan(0);
      expect(funding.totals.spentFen).toBeGreaterThan(0);
    }
  });

  test('the seed refuses to run a second time on the same data', async () => {
    const before = await get<{ total: number }>('official', '/api/intake/needs?limit=1');
    await expect(
      seedDemo({ host: system.host, clock: createDemoClock(), linkAccount: () => undefined }),
    ).rejects.toBeInstanceOf(DemoAlreadySeededError);
    const after = await get<{ total: number }>('official', '/api/intake/needs?limit=1');
    expect(after.total).toBe(before.total);
  });
});
