/**
 * Broken object-level authorisation (OWASP API1) first: after the skeleton flow has built a
 * world (needs of one community, a project, three organisations bidding, a panel, a contract
 * with records, gates and payments), every resource with an owner is asked for by someone who
 * holds the right role but not the object: another community's staff, another street's
 * official, another organisation's user and social worker, an evaluator outside the panel,
 * another funder (a funder acts only for the programmes of their own funder code).
 * Each case first checks that the owner gets through on the same request, so a refusal
 * proves the object check and not a wrong path.
 */
import request from 'supertest';
import { ManualClock } from '@sanshe/platform';
import { startEmbedded, type EmbeddedSystem } from '@sanshe/embedded';
import { runFlow } from '../e2e/flow';
import { fingerprint } from './fingerprint';

jest.setTimeout(180_000);

type Method = 'get' | 'post' | 'put' | 'patch';
interface Case {
  what: string;
  method: Method;
  path: string;
  body?: object;
  owner: string;
  intruder: string;
  /** Reads answer 200 to the owner; writes are checked for the intruder only (the owner's write would change the world). */
  ownerStatus?: number;
}

describe('object-level authorisation on every owned resource', () => {
  const clock = new ManualClock('2026-03-02T01:00:00.000Z');
  let system: EmbeddedSystem;
  const tokens: Record<string, string> = {};
  const cases: Case[] = [];

  beforeAll(async () => {
    system = await startEmbedded({ clock });
    const { host, issuer } = system;
    const { caseNumbers, contractId } = await runFlow({
      app: host.app,
      issuer,
      async eventually(probe, what) {
        await host.settle();
        const value = await probe();
        if (value === undefined) throw new Error(`after the system settled, still no ${what}`);
        return value;
      },
      async passDeadline(deadline) {
        clock.set(new Date(new Date(deadline).getTime() + 1000));
        await host.settle();
      },
      now: () => clock.now(),
      bidPeriodDays: 30,
    });
    const admin = await issuer.sign({ sub: 'bola-admin', roles: ['admin'] });
    const get = async (path: string) =>
      (await request(host.app).get(path).set('Authorization', `Bearer ${admin}`)).body;
    const contract = await get(`/api/fulfilment/contracts/${contractId}`);
    const owner = contract.organisationId as string;
    const organisations = (await get('/api/procurement/organisations')).items as Array<{ organisationId: string }>;
    const other = organisations.find((o) => o.organisationId !== owner)!.organisationId;
    const tenderId = contract.tenderId as string;
    const bids = (await get(`/api/procurement/tenders/${tenderId}/bids`)).items as Array<{
      bidId: string;
      organisationId: string;
    }>;
    const ownBid = bids.find((b) => b.organisationId === owner)!.bidId;
    const needId = (contract.needIds as string[])[0]!;
    const projectId = contract.projectId as string;
    const project = await get(`/api/design/projects/${projectId}`);
    const programmeId = project.programmeId as string;
    const programme = await get(`/api/design/programmes/${programmeId}`);
    const trancheId = (contract.tranches as Array<{ trancheId: string }>)[0]!.trancheId;
    const midTerm = (contract.milestones as Array<{ milestoneId: string; kind: string }>).find(
      (m) => m.kind === 'final_acceptance',
    )!;

    const sign = (sub: string, roles: string[], extra: object = {}) =>
      issuer.sign({ sub, roles: roles as never, ...extra });
    Object.assign(tokens, {
      staff: await sign('staff-1', ['community_staff'], { communities: ['XZ-GL-HL-01'] }),
      otherStaff: await sign('staff-9', ['community_staff'], { communities: ['XZ-YL-PL-01'] }),
      street: await sign('street-1', ['street_official'], { communities: ['XZ-GL-HL'] }),
      otherStreet: await sign('street-9', ['street_official'], { communities: ['XZ-YL-PL'] }),
      orgUser: await sign('org-user-1', ['org_user'], { organisationId: owner }),
      otherOrgUser: await sign('org-user-9', ['org_user'], { organisationId: other }),
      worker: await sign('worker-1', ['social_worker'], { organisationId: owner }),
      otherWorker: await sign('worker-9', ['social_worker'], { organisationId: other }),
      evaluator: await sign('evaluator-1', ['evaluator']),
      outsideEvaluator: await sign('evaluator-9', ['evaluator']),
      // The flow's programme is this funder's; the other acts for a funder of no programme here.
      funder: await sign('funder-1', ['funder'], { funderCode: programme.funderCode as string }),
      otherFunder: await sign('funder-9', ['funder'], { funderCode: 'XZ-RIVAL-FUND' }),
    });

    const c = `/api/fulfilment/contracts/${contractId}`;
    cases.push(
      // Community scope (intake, design)
      {
        what: 'a need of another community',
        method: 'get',
        path: `/api/intake/needs/${needId}`,
        owner: 'staff',
        intruder: 'otherStaff',
      },
      {
        what: 'a need by case number',
        method: 'get',
        path: `/api/intake/cases/${caseNumbers[0]}`,
        owner: 'staff',
        intruder: 'otherStaff',
      },
      {
        what: 'similar needs of another community',
        method: 'get',
        path: `/api/intake/needs/${needId}/similar`,
        owner: 'staff',
        intruder: 'otherStaff',
      },
      {
        what: 'a need of another street',
        method: 'get',
        path: `/api/intake/needs/${needId}`,
        owner: 'street',
        intruder: 'otherStreet',
      },
      {
        what: 'closing a need of another community',
        method: 'post',
        path: `/api/intake/needs/${needId}/close`,
        body: { satisfaction: 5 },
        owner: 'staff',
        intruder: 'otherStaff',
        ownerStatus: 0,
      },
      {
        what: 'editing a project of another community',
        method: 'patch',
        path: `/api/design/projects/${projectId}`,
        body: { title: '改名' },
        owner: 'staff',
        intruder: 'otherStaff',
        ownerStatus: 0,
      },
      // Organisation scope (procurement)
      {
        what: "another organisation's profile",
        method: 'patch',
        path: `/api/procurement/organisations/${owner}`,
        body: { legalRepresentative: '冒名者' },
        owner: 'orgUser',
        intruder: 'otherOrgUser',
        ownerStatus: 0,
      },
      {
        what: "another organisation's social workers",
        method: 'put',
        path: `/api/procurement/organisations/${owner}/social-workers`,
        body: { workers: [] },
        owner: 'orgUser',
        intruder: 'otherOrgUser',
        ownerStatus: 0,
      },
      {
        what: "another organisation's bid",
        method: 'get',
        path: `/api/procurement/tenders/${tenderId}/bids/${ownBid}`,
        owner: 'orgUser',
        intruder: 'otherOrgUser',
      },
      // Evaluator assignment
      {
        what: 'scoring by an evaluator outside the panel',
        method: 'put',
        path: `/api/procurement/tenders/${tenderId}/panel/scores`,
        body: { scores: [{ subjectId: ownBid, criterionCode: 'technical', score: 100 }] },
        owner: 'evaluator',
        intruder: 'outsideEvaluator',
        ownerStatus: 0,
      },
      {
        what: 'a declaration by an evaluator outside the panel',
        method: 'post',
        path: `/api/procurement/tenders/${tenderId}/panel/declaration`,
        body: { conflictOfInterest: false, statement: '与投标人无利害关系' },
        owner: 'evaluator',
        intruder: 'outsideEvaluator',
        ownerStatus: 0,
      },
      // Organisation scope (fulfilment)
      { what: "another organisation's contract", method: 'get', path: c, owner: 'orgUser', intruder: 'otherOrgUser' },
      {
        what: "another organisation's contract, to its social worker",
        method: 'get',
        path: c,
        owner: 'worker',
        intruder: 'otherWorker',
      },
      {
        what: "another organisation's service records",
        method: 'get',
        path: `${c}/service-records`,
        owner: 'orgUser',
        intruder: 'otherOrgUser',
      },
      {
        what: "another organisation's budget",
        method: 'get',
        path: `${c}/budget`,
        owner: 'orgUser',
        intruder: 'otherOrgUser',
      },
      {
        what: "a record on another organisation's contract",
        method: 'post',
        path: `${c}/service-records`,
        body: { needId, deliveredOn: '2026-03-02', hours: 1, serviceType: 'home_visit' },
        owner: 'worker',
        intruder: 'otherWorker',
        ownerStatus: 0,
      },
      {
        what: "a day of records on another organisation's contract",
        method: 'post',
        path: `${c}/service-records/day`,
        body: { deliveredOn: '2026-03-02', records: [{ needId, hours: 1, serviceType: 'home_visit' }] },
        owner: 'worker',
        intruder: 'otherWorker',
        ownerStatus: 0,
      },
      {
        what: "a remediation on another organisation's contract",
        method: 'post',
        path: `${c}/milestones/${midTerm.milestoneId}/remediations`,
        body: { plan: '每周增加一次入户走访，补录服务台账' },
        owner: 'orgUser',
        intruder: 'otherOrgUser',
        ownerStatus: 0,
      },
      {
        what: "another organisation's budget lines",
        method: 'put',
        path: `${c}/budget`,
        body: { lines: [{ code: 'staff', name: '人员', amountFen: contract.valueFen as number }] },
        owner: 'orgUser',
        intruder: 'otherOrgUser',
        ownerStatus: 0,
      },
      {
        what: "an expense report on another organisation's contract",
        method: 'post',
        path: `${c}/expense-reports`,
        body: { period: '2026-03', lines: [{ code: 'staff', amountFen: 100, vouchers: ['V-1'] }] },
        owner: 'orgUser',
        intruder: 'otherOrgUser',
        ownerStatus: 0,
      },
      // Funder scope (design, fulfilment)
      {
        what: "another funder's programme",
        method: 'get',
        path: `/api/design/programmes/${programmeId}`,
        owner: 'funder',
        intruder: 'otherFunder',
      },
      {
        what: "a project of another funder's programme",
        method: 'get',
        path: `/api/design/projects/${projectId}`,
        owner: 'funder',
        intruder: 'otherFunder',
      },
      { what: "another funder's contract", method: 'get', path: c, owner: 'funder', intruder: 'otherFunder' },
      {
        what: "another funder's budget and spending",
        method: 'get',
        path: `${c}/budget`,
        owner: 'funder',
        intruder: 'otherFunder',
      },
      {
        what: "another funder's funding view",
        method: 'get',
        path: `/api/fulfilment/funding?programmeId=${programmeId}`,
        owner: 'funder',
        intruder: 'otherFunder',
      },
      {
        what: "another funder's funding view by funder code",
        method: 'get',
        path: `/api/fulfilment/funding?funderCode=${programme.funderCode as string}&by=community`,
        owner: 'funder',
        intruder: 'otherFunder',
      },
      {
        what: "another funder's funding export",
        method: 'get',
        path: `/api/fulfilment/funding.csv?programmeId=${programmeId}`,
        owner: 'funder',
        intruder: 'otherFunder',
      },
      {
        what: "paying a tranche of another funder's contract",
        method: 'post',
        path: `${c}/tranches/${trancheId}/disburse`,
        owner: 'funder',
        intruder: 'otherFunder',
        ownerStatus: 0,
      },
    );
  }, 180_000);
  afterAll(() => system.host.close());

  const call = (c: Case, who: string) => {
    const req = request(system.host.app)[c.method](c.path).set('Authorization', `Bearer ${tokens[who]}`);
    return c.body ? req.send(c.body) : req;
  };

  test('the owner gets each readable resource, so a refusal below is about the object', async () => {
    const reads = cases.filter((c) => c.ownerStatus === undefined);
    expect(reads.length).toBeGreaterThanOrEqual(9);
    for (const c of reads)
      expect({ what: c.what, status: (await call(c, c.owner)).status }).toEqual({ what: c.what, status: 200 });
  });

  test('someone with the right role but not the object is refused (403 or 404) and nothing changes', async () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
    const wrong: string[] = [];
    await system.host.settle();
    const before = await fingerprint(system.host.stores);
    for (const c of cases) {
      const res = await call(c, c.intruder);
      if (![403, 404].includes(res.status))
        wrong.push(`${c.what}: ${c.intruder} got ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`);
    }
    expect(wrong).toEqual([]);
    await system.host.settle();
    expect(await fingerprint(system.host.stores)).toBe(before);
  });

  test('lists only ever show the caller’s own objects', async () => {
    const list = async (path: string, who: string) =>
      (await request(system.host.app).get(path).set('Authorization', `Bearer ${tokens[who]}`)).body.items as unknown[];
    expect(await list('/api/intake/needs', 'otherStaff')).toEqual([]);
    expect((await list('/api/intake/needs', 'staff')).length).toBeGreaterThan(0);
    expect(await list('/api/fulfilment/contracts', 'otherOrgUser')).toEqual([]);
    expect(await list('/api/fulfilment/contracts', 'orgUser')).toHaveLength(1);
    expect(await list('/api/fulfilment/contracts', 'otherFunder')).toEqual([]);
    expect(await list('/api/fulfilment/contracts', 'funder')).toHaveLength(1);
    expect(await list('/api/design/programmes', 'otherFunder')).toEqual([]);
    expect(await list('/api/design/programmes', 'funder')).toHaveLength(1);
    expect(await list('/api/design/projects', 'otherFunder')).toEqual([]);
    expect(await list('/api/design/projects', 'funder')).toHaveLength(1);
  });
});
