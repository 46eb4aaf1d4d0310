import { ManualClock } from '@sanshe/platform';
import { startEmbedded, type EmbeddedSystem } from '@sanshe/embedded';
import { runFlow } from './flow';

describe('the skeleton flow, embedded (one process, in-process adapters)', () => {
  const clock = new ManualClock('2026-03-02T01:00:00.000Z');
  let system: EmbeddedSystem;

  beforeAll(async () => {
    system = await startEmbedded({ clock });
  });
  afterAll(async () => {
    await system.host.close();
  });

  test('a need travels from intake to a paid contract and comes back fulfilled', async () => {
    const { host } = system;
    const result = await runFlow({
      app: host.app,
      issuer: system.issuer,
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
    await host.settle();
    const payments = host.inMemoryBus!.messages('fulfilment.payment.disbursed') as Array<{
      data: { contractId: string; trancheId: string };
    }>;
    // One event per tranche paid: the signing tranche and the mid-term one released by its remediation.
    expect(payments.map((p) => p.data.contractId)).toEqual([result.contractId, result.contractId]);
    expect(new Set(payments.map((p) => p.data.trancheId)).size).toBe(2);
    expect(host.inMemoryBus!.messages('dlq.needs-intake')).toEqual([]);
  });
});
