import request from 'supertest';
import { createLocalIssuer, type Host, type LocalIssuer } from '@sanshe/platform';
import { serviceFactories } from '@sanshe/embedded';
import { describeReal } from '../support/infra';
import { eventually, kafkaMessageFor, startDistributed } from '../support/distributed';

// A critical need must be acknowledged within 4 seconds here, so the test can watch it pass.
const ENV = { INTAKE_ACK_SLA_MINUTES: JSON.stringify({ critical: 4 / 60, high: 240, normal: 1440, low: 4320 }) };

describeReal('first-responder SLA on real Kafka, MongoDB-wire server and Redis (BullMQ)', () => {
  let issuer: LocalIssuer;
  let namespace: string;
  const hosts: Host[] = [];

  // Both hosts share one namespace: the second is the first one restarted.
  const start = async () => {
    const started = await startDistributed([serviceFactories(ENV).intake], {
      prefix: 'sla',
      issuer,
      ...(namespace ? { namespace } : {}),
    });
    namespace = started.namespace;
    hosts.push(started.host);
    return started.host;
  };

  beforeAll(async () => {
    issuer = await createLocalIssuer();
  });
  afterAll(async () => {
    for (const host of hosts) await host.close();
  });

  test('the escalation job survives a restart and escalates the unacknowledged need to its street through Kafka', async () => {
    const staff = await issuer.sign({ sub: 'staff-sla', roles: ['community_staff'], communities: ['XZ-QS-KY-01'] });
    const first = await start();
    const logged = await request(first.app).post('/api/intake/needs').set('Authorization', `Bearer ${staff}`).send({
      channel: 'grid_visit',
      category: 'safety',
      gridCode: 'XZ-QS-KY-01-G01',
      urgency: 'critical',
      beneficiaryCount: 3,
      description: '楼道堆放杂物存在消防隐患',
    });
    expect(logged.status).toBe(201);
    const needId = logged.body.needId as string;

    // The process stops before the deadline; the job waits in Redis for the next one.
    await first.close();
    hosts.pop();
    const second = await start();

    const sla = await eventually(
      async () => {
        const res = await request(second.app)
          .get(`/api/intake/needs/${needId}`)
          .set('Authorization', `Bearer ${staff}`);
        return res.body.sla?.escalatedAt ? (res.body.sla as { state: string; escalatedAt: string }) : undefined;
      },
      'the escalation',
      30_000,
    );
    expect(sla.state).toBe('breached');
    const event = await kafkaMessageFor('intake.need.escalated', needId, `${namespace}-probe`);
    expect(event.data.escalatedTo).toBe('XZ-QS-KY');
  }, 90_000);
});
