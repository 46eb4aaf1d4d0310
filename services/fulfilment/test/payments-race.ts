import { TenderAwarded, type EventData } from '@sanshe/contracts';
import {
  ManualClock,
  newId,
  type BaseDocument,
  type Collection,
  type DocumentStore,
  type Principal,
} from '@sanshe/platform';
import { amend } from '../src/app/amend-and-terminate';
import { createContract } from '../src/app/create-contract';
import { acceptMilestone, disburseTranche } from '../src/app/milestones-and-payments';
import { evaluateGate } from '../src/app/evaluate-gate';
import { createRepositories } from '../src/adapters/store/repositories';
import { defaultFulfilmentSettings } from '../src/settings';

const funder: Principal = {
  sub: 'funder-1',
  roles: ['funder'],
  communities: [],
  organisationId: null,
  funderCode: 'GL-MZJ',
} as unknown as Principal;
const official: Principal = {
  sub: 'official-1',
  roles: ['official'],
  communities: [],
  organisationId: null,
} as unknown as Principal;
const evaluator: Principal = {
  sub: 'ev-1',
  roles: ['evaluator'],
  communities: [],
  organisationId: null,
} as unknown as Principal;
const cause = { correlationId: 'race', causationId: null };

/**
 * Many approvals of the same tranches at once, and an amendment lowering the value among
 * them, straight on the use cases over the given store: each tranche is paid once, the
 * total never passes the value, and one payment event exists per paid tranche.
 */
export async function raceApprovals(store: DocumentStore): Promise<void> {
  const repos = createRepositories(store);
  await repos.setup();
  const deps = { repos, clock: new ManualClock('2026-03-02T01:00:00.000Z'), settings: defaultFulfilmentSettings };
  const award: EventData<typeof TenderAwarded> = {
    tenderId: newId(),
    projectId: newId(),
    awardId: newId(),
    title: '并发支付',
    category: 'elderly_care',
    needIds: [newId()],
    organisationId: newId(),
    organisationName: '机构',
    amountFen: 100_000_00,
    fundingMode: 'government_purchase',
    tranches: [
      { percent: 30, milestone: 'signing' },
      { percent: 30, milestone: 'signing' },
      { percent: 40, milestone: 'mid_term_evaluation' },
    ],
    awardedAt: '2026-03-02T01:00:00.000Z',
  };
  await createContract(deps, award, cause);
  const contract = (await repos.contracts.findOne({ awardKey: `tender:${award.tenderId}` }))!;
  const signing = contract.milestones.find((m) => m.kind === 'signing')!;
  const midTerm = contract.milestones.find((m) => m.kind === 'mid_term_evaluation')!;
  await acceptMilestone(deps, contract._id, signing.milestoneId, cause);
  await evaluateGate(
    deps,
    evaluator,
    contract._id,
    midTerm.milestoneId,
    { score: 85, passed: true, summary: 'ok' },
    cause,
  );

  const attempts = contract.tranches.flatMap((t) =>
    Array.from({ length: 8 }, () => disburseTranche(deps, funder, contract._id, t.trancheId, cause)),
  );
  const amendment = amend(deps, official, contract._id, { reason: '预算调整', valueFen: 65_000_00 }, cause);
  const settled = await Promise.allSettled([...attempts, amendment]);
  const payments = settled.slice(0, -1);
  const ok = payments.filter((r) => r.status === 'fulfilled');
  for (const r of payments) if (r.status === 'rejected') expect((r.reason as { status?: number }).status).toBe(409);

  const after = (await repos.contracts.findOne({ _id: contract._id }))!;
  const paid = after.tranches.filter((t) => t.status === 'disbursed');
  expect(ok).toHaveLength(paid.length);
  expect(paid.length).toBeGreaterThan(0);
  expect(after.disbursedFen).toBe(paid.reduce((s, t) => s + t.amountFen, 0));
  expect(after.disbursedFen).toBeLessThanOrEqual(after.valueFen);
  expect(after.tranches.reduce((s, t) => s + t.amountFen, 0)).toBe(after.valueFen);
  const events = (after.outbox ?? []).filter((e) => e.type === 'fulfilment.payment.disbursed');
  expect(events).toHaveLength(paid.length);
  expect(new Set(events.map((e) => (e.data as { trancheId: string }).trancheId)).size).toBe(paid.length);
}

/** The embedded store with a random pause before every read and write, so requests interleave. */
export function interleaving(store: DocumentStore): DocumentStore {
  const pause = () => new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
  return {
    ...store,
    collection<T extends BaseDocument>(name: string): Collection<T> {
      const inner = store.collection<T>(name);
      return new Proxy(inner, {
        get(target, prop, receiver) {
          const value = Reflect.get(target, prop, receiver) as unknown;
          if (typeof value !== 'function') return value;
          return async (...args: unknown[]) => {
            await pause();
            return (value as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      }) as typeof inner;
    },
  };
}
