import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { ProjectPublished } from '@sanshe/contracts';
import {
  createEvent,
  createLocalIssuer,
  createLogger,
  newId,
  startHost,
  systemClock,
  type Host,
  type LocalIssuer,
} from '@sanshe/platform';
import { serviceFactories } from '@sanshe/embedded';
import { describeReal, REAL_INFRA } from '../../../tests/support/infra';

const ENV = { TENDER_PERIOD_SECONDS: '6', PROCUREMENT_STANDSTILL_SECONDS: '2' };

async function until<T>(probe: () => Promise<T | undefined | null>, what: string, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describeReal('tender deadlines on real BullMQ (Redis), Kafka and the MongoDB-wire server', () => {
  const namespace = `proc${randomUUID().slice(0, 8)}`;
  let issuer: LocalIssuer;
  const hosts: Host[] = [];

  const start = async () => {
    const host = await startHost({
      mode: {
        kind: 'distributed',
        kafkaBrokers: REAL_INFRA.kafkaBrokers,
        mongoUrl: REAL_INFRA.mongoUrl,
        redisUrl: REAL_INFRA.redisUrl,
      },
      services: [serviceFactories(ENV).procurement],
      namespace,
      logger: createLogger({ name: 'procurement-real', level: 'error' }),
      clock: systemClock,
      verifier: issuer.verifier,
      relayPollMs: 200,
    });
    hosts.push(host);
    return host;
  };

  beforeAll(async () => {
    issuer = await createLocalIssuer();
  });
  afterAll(async () => {
    for (const host of hosts) await host.close();
  });

  test('the closing job survives a restart and opens the bids at the deadline without any request touching the tender', async () => {
    const official = await issuer.sign({ sub: 'official-real', roles: ['official'] });
    const first = await start();
    const projectId = newId();
    const now = new Date();
    await first.bus.publish([
      createEvent(ProjectPublished, {
        source: '/sanshe/project-design',
        subject: projectId,
        now,
        cause: { correlationId: `real-${projectId}`, causationId: null },
        data: {
          projectId,
          title: '真实基础设施测试项目',
          category: 'elderly_care',
          communityCodes: ['XZ-GL-HL-01'],
          needIds: [newId()],
          budgetFen: 100_000_00,
          fundingMode: 'government_purchase',
          tranches: [{ percent: 100, milestone: 'final_acceptance' }],
          publishedAt: now.toISOString(),
        },
      }),
    ]);
    const tenders = first.stores.procurement!.collection<{
      _id: string;
      projectId: string;
      deadline: string;
      status: string;
      closedBy: string | null;
      bidCount: number | null;
    }>('tenders');
    const tender = await until(() => tenders.findOne({ projectId }), 'the tender opened from Kafka');
    const bearer = (t: string) => ({ Authorization: `Bearer ${t}` });
    for (const i of [1, 2, 3]) {
      const org = await request(first.app)
        .post('/api/procurement/organisations')
        .set(bearer(official))
        .send({
          uscc: ['52320300MJ1234567U', '52320300MJ7654321Q', '51320300MJ0000001A'][i - 1],
          name: `真实测试机构${i}`,
          legalRepresentative: '张伟',
          registeredOn: '2019-05-20',
          categories: ['elderly_care'],
        });
      expect(org.status).toBe(201);
      await request(first.app)
        .post(`/api/procurement/organisations/${org.body.organisationId}/verify`)
        .set(bearer(official))
        .send({})
        .expect(200);
      const token = await issuer.sign({
        sub: `org-${i}`,
        roles: ['org_user'],
        organisationId: org.body.organisationId,
      });
      const bid = await request(first.app)
        .post(`/api/procurement/tenders/${tender._id}/bids`)
        .set(bearer(token))
        .send({ priceFen: 90_000_00 + i, proposal: `真实基础设施上的密封投标方案 ${i}` });
      expect(bid.status).toBe(201);
    }
    // The process stops before the deadline; the job waits in Redis for the next one.
    expect(Date.now()).toBeLessThan(new Date(tender.deadline).getTime());
    await first.close();
    hosts.pop();
    const second = await start();
    const closed = await until(async () => {
      const t = await second.stores.procurement!.collection<typeof tender>('tenders').findOne({ _id: tender._id });
      return t && t.status !== 'tendering' ? t : undefined;
    }, 'the tender closed by its job');
    expect(closed).toMatchObject({ status: 'closed', closedBy: 'job', bidCount: 3 });
    expect(Date.now()).toBeGreaterThanOrEqual(new Date(tender.deadline).getTime());
    const opened = await request(second.app).get(`/api/procurement/tenders/${tender._id}/bids`).set(bearer(official));
    expect(opened.status).toBe(200);
    expect(opened.body.items.map((b: { proposal: string }) => b.proposal).sort()).toEqual(
      [1, 2, 3].map((i) => `真实基础设施上的密封投标方案 ${i}`),
    );
  }, 90_000);
});
