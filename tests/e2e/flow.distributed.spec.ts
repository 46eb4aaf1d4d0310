import type { Host, LocalIssuer } from '@sanshe/platform';
import { serviceFactories } from '@sanshe/embedded';
import { describeReal } from '../support/infra';
import { eventually, kafkaMessageFor, startDistributed } from '../support/distributed';
import { runFlow } from './flow';

const TENDER_PERIOD_SECONDS = 8;
const STANDSTILL_SECONDS = 3;

describeReal('the skeleton flow, distributed (real Kafka, MongoDB-wire server, Redis)', () => {
  let host: Host;
  let issuer: LocalIssuer;
  let namespace: string;

  beforeAll(async () => {
    const factories = serviceFactories({
      TENDER_PERIOD_SECONDS: String(TENDER_PERIOD_SECONDS),
      PROCUREMENT_STANDSTILL_SECONDS: String(STANDSTILL_SECONDS),
    });
    ({ host, issuer, namespace } = await startDistributed(
      [factories.intake, factories.design, factories.procurement, factories.fulfilment],
      { prefix: 'e2e' },
    ));
  }, 120_000);

  afterAll(async () => {
    await host?.close();
  });

  test('a need travels from intake to a paid contract and comes back fulfilled', async () => {
    const { contractId } = await runFlow({
      app: host.app,
      issuer,
      eventually,
      async passDeadline(deadline) {
        const wait = new Date(deadline).getTime() - Date.now() + 200;
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      },
      now: () => new Date(),
    });
    // payment.disbursed really went through Kafka, keyed by the contract.
    const event = await kafkaMessageFor('fulfilment.payment.disbursed', contractId, `${namespace}-probe`);
    expect(event.type).toBe('fulfilment.payment.disbursed');
  }, 180_000);
});
