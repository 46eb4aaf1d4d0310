import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { createLocalIssuer, createLogger, startHost, systemClock, type Host, type LocalIssuer } from '@sanshe/platform';
import { serviceFactories } from '@sanshe/embedded';
import { Kafka, logLevel } from 'kafkajs';
import { describeReal, REAL_INFRA } from '../support/infra';

// A critical need must be acknowledged within 4 seconds here, so the test can watch it pass.
const ENV = { INTAKE_ACK_SLA_MINUTES: JSON.stringify({ critical: 4 / 60, high: 240, normal: 1440, low: 4320 }) };

describeReal('first-responder SLA on real Kafka, MongoDB-wire server and Redis (BullMQ)', () => {
  const namespace = `sla${randomUUID().slice(0, 8)}`;
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
      services: [serviceFactories(ENV).intake],
      namespace,
      logger: createLogger({ name: 'sla-e2e', level: 'error' }),
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

    const deadline = Date.now() + 30_000;
    let sla: { state: string; escalatedAt: string | null } = { state: '', escalatedAt: null };
    while (Date.now() < deadline) {
      const res = await request(second.app).get(`/api/intake/needs/${needId}`).set('Authorization', `Bearer ${staff}`);
      sla = res.body.sla;
      if (sla.escalatedAt) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(sla).toMatchObject({ state: 'breached', escalatedAt: expect.any(String) });

    const kafka = new Kafka({
      clientId: `${namespace}-probe`,
      brokers: REAL_INFRA.kafkaBrokers,
      logLevel: logLevel.NOTHING,
    });
    const consumer = kafka.consumer({ groupId: `${namespace}-probe` });
    await consumer.connect();
    await consumer.subscribe({ topic: 'intake.need.escalated', fromBeginning: true });
    const escalatedTo = await new Promise<string>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          if (message.key?.toString() !== needId) return;
          const event = JSON.parse(message.value?.toString() ?? '{}') as { data: { escalatedTo: string } };
          resolve(event.data.escalatedTo);
        },
      });
    });
    await consumer.disconnect();
    expect(escalatedTo).toBe('XZ-QS-KY');
  }, 90_000);
});
