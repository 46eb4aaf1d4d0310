import { ProjectPublished, usccCheckCharacter, type EventData } from '@sanshe/contracts';
import { createEvent, ManualClock, newId } from '@sanshe/platform';
import { startEmbedded, type EmbeddedSystem } from '@sanshe/embedded';
import request from 'supertest';

/** The embedded system with a manual clock, and shortcuts through procurement's HTTP API. */
export interface Harness {
  system: EmbeddedSystem;
  clock: ManualClock;
  http: () => ReturnType<typeof request>;
  as: (token: string) => { Authorization: string };
  tokens: Record<'official' | 'admin' | 'staff' | 'street' | 'funder', string>;
  sign: EmbeddedSystem['issuer']['sign'];
  settle: () => Promise<void>;
  /** A civil-affairs USCC with a valid check character (52…: private non-enterprise unit). */
  uscc: (serial: number, prefix?: string) => string;
  /** Registers and verifies an organisation; returns its id and an org-user token. */
  organisation: (
    name: string,
    extra?: Record<string, unknown>,
    options?: { verify?: boolean; workers?: Array<Record<string, unknown>> },
  ) => Promise<{ organisationId: string; token: string; worker: string }>;
  /** Publishes a government-purchase project as project design would, and returns its open tender. */
  tender: (extra?: Partial<EventData<typeof ProjectPublished>>) => Promise<TenderView>;
  bid: (token: string, tenderId: string, priceFen: number, proposal: string) => Promise<request.Response>;
  events: (type: string) => Array<{ data: Record<string, unknown>; subject: string }>;
  procurementJobs: () => { cancel(jobId: string): Promise<void> };
  close: () => Promise<void>;
}

export interface TenderView {
  tenderId: string;
  projectId: string;
  ocid: string;
  deadline: string;
  status: string;
  enquiryPeriod: { start: string; end: string };
  criteria: Array<{ code: string; kind: string; weight: number }>;
}

export async function startHarness(start = '2026-03-02T01:00:00.000Z', env: NodeJS.ProcessEnv = {}): Promise<Harness> {
  const clock = new ManualClock(start);
  const system = await startEmbedded({ clock, env: { TENDER_PERIOD_SECONDS: String(10 * 24 * 3600), ...env } });
  const sign = system.issuer.sign;
  const http = () => request(system.host.app);
  const as = (token: string) => ({ Authorization: `Bearer ${token}` });
  const tokens = {
    official: await sign({ sub: 'official-1', roles: ['official'] }),
    admin: await sign({ sub: 'admin-1', roles: ['admin'] }),
    staff: await sign({ sub: 'staff-1', roles: ['community_staff'], communities: ['XZ-GL-HL-01'] }),
    street: await sign({ sub: 'street-1', roles: ['street_official'], communities: ['XZ-GL-HL'] }),
    // Procurement does not know programmes' funders (rounds are not funder-scoped); the code is
    // there because every funder token names the funder it acts for.
    funder: await sign({ sub: 'funder-1', roles: ['funder'], funderCode: 'XZ-GL-MZJ' }),
  };
  const settle = () => system.host.settle();
  const uscc = (serial: number, prefix = '52320300MJ') => {
    const first17 = `${prefix}${String(serial).padStart(17 - prefix.length, '0')}`;
    return `${first17}${usccCheckCharacter(first17)}`;
  };
  let serial = 1;
  const harness: Harness = {
    system,
    clock,
    http,
    as,
    tokens,
    sign,
    settle,
    uscc,
    async organisation(name, extra = {}, options = {}) {
      const res = await http()
        .post('/api/procurement/organisations')
        .set(as(tokens.admin))
        .send({
          uscc: uscc(serial++),
          name,
          legalRepresentative: '张伟',
          registeredOn: '2019-05-20',
          categories: ['elderly_care'],
          serviceAreaCodes: ['XZ-GL-HL'],
          capacity: { staffCount: 12, maxConcurrentProjects: 3 },
          ...extra,
        });
      if (res.status !== 201) throw new Error(`registration failed: ${res.status} ${JSON.stringify(res.body)}`);
      const organisationId = res.body.organisationId as string;
      const token = await sign({ sub: `org-user-${organisationId}`, roles: ['org_user'], organisationId });
      const worker = await sign({ sub: `worker-${organisationId}`, roles: ['social_worker'], organisationId });
      if (options.workers) {
        const set = await http()
          .put(`/api/procurement/organisations/${organisationId}/social-workers`)
          .set(as(token))
          .send({ workers: options.workers });
        if (set.status !== 200) throw new Error(`workers: ${set.status} ${JSON.stringify(set.body)}`);
      }
      if (options.verify !== false) {
        const v = await http()
          .post(`/api/procurement/organisations/${organisationId}/verify`)
          .set(as(tokens.official))
          .send({});
        if (v.status !== 200) throw new Error(`verification failed: ${v.status}`);
      }
      await settle();
      return { organisationId, token, worker };
    },
    async tender(extra = {}) {
      const projectId = newId();
      const event = createEvent(ProjectPublished, {
        source: '/sanshe/project-design',
        subject: projectId,
        now: clock.now(),
        cause: { correlationId: `test-${projectId}`, causationId: null },
        data: {
          projectId,
          title: '黄楼社区居家养老服务项目',
          category: 'elderly_care',
          communityCodes: ['XZ-GL-HL-01'],
          needIds: [newId(), newId()],
          budgetFen: 120_000_00,
          fundingMode: 'government_purchase',
          tranches: [
            { percent: 30, milestone: 'signing' },
            { percent: 40, milestone: 'mid_term_evaluation' },
            { percent: 30, milestone: 'final_acceptance' },
          ],
          publishedAt: clock.now().toISOString(),
          ...extra,
        },
      });
      await system.host.bus.publish([event]);
      await settle();
      const res = await http().get(`/api/procurement/tenders?projectId=${projectId}`).set(as(tokens.official));
      const tender = (res.body.items as TenderView[])[0];
      if (!tender) throw new Error('no tender opened');
      return tender;
    },
    async bid(token, tenderId, priceFen, proposal) {
      const res = await http()
        .post(`/api/procurement/tenders/${tenderId}/bids`)
        .set(as(token))
        .send({ priceFen, proposal });
      await settle();
      return res;
    },
    events(type) {
      return system.host.inMemoryBus!.messages(type) as Array<{ data: Record<string, unknown>; subject: string }>;
    },
    procurementJobs() {
      const service = system.host.services.find((s) => s.definition.name === 'procurement');
      if (!service) throw new Error('procurement is not running');
      return service.deps.jobs;
    },
    close: () => system.host.close(),
  };
  return harness;
}

/** Moves the clock just past a moment and lets jobs and events run. */
export async function pass(h: Harness, moment: string, ms = 1000): Promise<void> {
  h.clock.set(new Date(new Date(moment).getTime() + ms));
  await h.settle();
}

/** Qualifies every opened bid, assigns a panel of three that declares no conflict, and scores. */
export async function evaluate(
  h: Harness,
  tenderId: string,
  scores: Record<string, number>,
  evaluators = ['ev-1', 'ev-2', 'ev-3'],
): Promise<request.Response> {
  const http = h.http;
  const opened = await http().get(`/api/procurement/tenders/${tenderId}/bids`).set(h.as(h.tokens.official));
  const bids = opened.body.items as Array<{ bidId: string; organisationId: string; qualification: { status: string } }>;
  const pending = bids.filter((b) => b.qualification.status === 'pending');
  if (pending.length > 0) {
    const q = await http()
      .post(`/api/procurement/tenders/${tenderId}/qualification`)
      .set(h.as(h.tokens.official))
      .send({ decisions: pending.map((b) => ({ bidId: b.bidId, qualified: true })) });
    if (q.status !== 200) throw new Error(`qualification: ${q.status} ${JSON.stringify(q.body)}`);
  }
  await http()
    .put(`/api/procurement/tenders/${tenderId}/panel`)
    .set(h.as(h.tokens.official))
    .send({ evaluators: evaluators.map((evaluatorId) => ({ evaluatorId, name: evaluatorId })) });
  const tender = await http().get(`/api/procurement/tenders/${tenderId}`).set(h.as(h.tokens.official));
  const criteria = (tender.body.criteria as Array<{ code: string; kind: string }>).filter((c) => c.kind !== 'price');
  const qualifiedBids = bids.filter((b) => b.qualification.status !== 'disqualified');
  for (const evaluatorId of evaluators) {
    const token = await h.sign({ sub: evaluatorId, roles: ['evaluator'] });
    await http()
      .post(`/api/procurement/tenders/${tenderId}/panel/declaration`)
      .set(h.as(token))
      .send({ conflictOfInterest: false, statement: '与投标人无利害关系' });
    const sheet = await http()
      .put(`/api/procurement/tenders/${tenderId}/panel/scores`)
      .set(h.as(token))
      .send({
        scores: qualifiedBids.flatMap((b) =>
          criteria.map((c) => ({ subjectId: b.bidId, criterionCode: c.code, score: scores[b.organisationId] ?? 70 })),
        ),
      });
    if (sheet.status !== 200) throw new Error(`sheet: ${sheet.status} ${JSON.stringify(sheet.body)}`);
  }
  return http().post(`/api/procurement/tenders/${tenderId}/evaluation`).set(h.as(h.tokens.official));
}
