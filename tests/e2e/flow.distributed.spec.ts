import { randomUUID } from 'node:crypto';
import { createLocalIssuer, createLogger, startHost, systemClock, type Host, type LocalIssuer } from '@sanshe/platform';
import { serviceFactories } from '@sanshe/embedded';
import { Kafka, logLevel } from 'kafkajs';
import { describeReal, REAL_INFRA } from '../support/infra';
import { runFlow } from './flow';

const TENDER_PERIOD_SECONDS = 8;

describeReal('the skeleton flow, distributed (real Kafka, MongoDB-wire server, Redis)', () => {
  // Each run gets its own databases and queues; the topics are the real, shared ones.
  const namespace = `e2e${randomUUID().slice(0, 8)}`;
  let host: Host;
  let issuer: LocalIssuer;

  beforeAll(async () => {
    issuer = await createLocalIssuer();
    const factories = serviceFactories({ TENDER_PERIOD_SECONDS: String(TENDER_PERIOD_SECONDS) });
    host = await startHost({
      mode: {
        kind: 'distributed',
        kafkaBrokers: REAL_INFRA.kafkaBrokers,
        mongoUrl: REAL_INFRA.mongoUrl,
        redisUrl: REAL_INFRA.redisUrl,
      },
      services: [factories.intake, factories.design, factories.procurement, factories.fulfilment],
      namespace,
      logger: createLogger({ name: 'e2e', level: 'error' }),
      clock: systemClock,
      verifier: issuer.verifier,
      relayPollMs: 200,
    });
  }, 120_000);

  afterAll(async () => {
    await host?.close();
  });

  test('a need travels from intake to a paid contract and comes back fulfilled', async () => {
    const { contractId } = await runFlow({
      app: host.app,
      issuer,
      async eventually(probe, what) {
        const deadline = Date.now() + 45_000;
        for (;;) {
          const value = await probe();
          if (value !== undefined) return value;
          if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
          await new Promise((resolve) => setTimeout(resolve, 150));
        }
      },
      async passDeadline(deadline) {
        const wait = new Date(deadline).getTime() - Date.now() + 200;
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      },
    });

    // payment.disbursed really went through Kafka, keyed by the contract.
    const kafka = new Kafka({
      clientId: `${namespace}-probe`,
      brokers: REAL_INFRA.kafkaBrokers,
      logLevel: logLevel.NOTHING,
    });
    const consumer = kafka.consumer({ groupId: `${namespace}-probe` });
    await consumer.connect();
    await consumer.subscribe({ topic: 'fulfilment.payment.disbursed', fromBeginning: true });
    const seen = new Promise<string>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message }) => {
          if (message.key?.toString() === contractId)
            resolve(JSON.parse(message.value?.toString() ?? '{}').type as string);
        },
      });
    });
    await expect(seen).resolves.toBe('fulfilment.payment.disbursed');
    await consumer.disconnect();
  }, 180_000);
});
