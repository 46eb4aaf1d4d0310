import type {
  ContractAmended,
  ContractSigned,
  ContractTerminated,
  EventData,
  ExpenseReported,
  GrantContracted,
  PaymentDisbursed,
  ProgrammeOpened,
  ProjectPublished,
  ServiceRecorded,
} from '@sanshe/contracts';
import { DuplicateKeyError } from '@sanshe/platform';
import { bucketUpdates, monthOf, UNKNOWN, type ContractFacts, type Counters } from '../domain/funding';
import type { FulfilmentDeps } from './deps';

type Deps = Pick<FulfilmentDeps, 'repos'>;
const NO_PROGRAMME = 'none';

/**
 * The bucket updates of many events merged: one upsert per bucket, whose `$inc` adds up what
 * every event added and whose `$set` carries every label they set (labels and a programme's
 * funder are the same in every event of one bucket, so the merged update ends where applying
 * the events one by one would).
 */
class MergedBuckets {
  private readonly byId = new Map<string, { set: Record<string, unknown>; inc: Record<string, number> }>();

  add(facts: ContractFacts, month: string | null, delta: Partial<Counters>): void {
    if (!Object.values(delta).some((v) => v !== 0)) return;
    for (const { _id, update } of bucketUpdates(facts, month, delta)) {
      const merged = this.byId.get(_id) ?? { set: {}, inc: {} };
      Object.assign(merged.set, update.$set);
      for (const [field, value] of Object.entries(update.$inc)) merged.inc[field] = (merged.inc[field] ?? 0) + value;
      this.byId.set(_id, merged);
    }
  }

  async write(deps: Deps): Promise<void> {
    await Promise.all(
      [...this.byId].map(([_id, { set, inc }]) =>
        deps.repos.funding.buckets.updateOne({ _id }, { $set: set, $inc: inc }, { upsert: true }),
      ),
    );
  }
}

/** Adds to the month's and the all-time bucket of the contract's programme: two single-document upserts. */
async function count(deps: Deps, facts: ContractFacts, month: string | null, delta: Partial<Counters>): Promise<void> {
  if (!Object.values(delta).some((v) => v !== 0)) return;
  await Promise.all(
    bucketUpdates(facts, month, delta).map(({ _id, update }) =>
      deps.repos.funding.buckets.updateOne({ _id }, update, { upsert: true }),
    ),
  );
}

type Pending = { kind: 'amended' | 'terminated' | 'payment' | 'service' | 'expense'; data: unknown };

/**
 * Applies an event about a contract to its buckets; when the contract's facts are not
 * projected yet (events of different topics arrive in any order), the event is parked
 * under a deterministic id and applied when the facts arrive.
 */
async function withFacts(
  deps: Deps,
  contractId: string,
  pendingId: string,
  pending: Pending,
  apply: (facts: ContractFacts) => Promise<void>,
): Promise<void> {
  const facts = await deps.repos.funding.contracts.findOne({ _id: contractId });
  if (facts) return apply(facts);
  await deps.repos.funding.pending.updateOne(
    { _id: pendingId },
    { $set: { contractId, ...pending } },
    { upsert: true },
  );
  // The facts may have arrived meanwhile; whoever deletes the parked event applies it, once.
  const arrived = await deps.repos.funding.contracts.findOne({ _id: contractId });
  if (arrived && (await deps.repos.funding.pending.deleteOne({ _id: pendingId })) === 1) await apply(arrived);
}

async function funderOf(deps: Deps, programmeId: string | null): Promise<{ programmeId: string; funderCode: string }> {
  if (!programmeId) return { programmeId: NO_PROGRAMME, funderCode: NO_PROGRAMME };
  const programme = await deps.repos.funding.programmes.findOne({ _id: programmeId });
  return { programmeId, funderCode: programme?.funderCode ?? UNKNOWN };
}

/** Inserted once per contract (a redelivery is a no-op), then committed counts. */
async function contractProjected(deps: Deps, facts: ContractFacts & { _id: string }, valueFen: number, at: string) {
  try {
    await deps.repos.funding.contracts.insertOne(facts);
  } catch (error) {
    if (error instanceof DuplicateKeyError) return;
    throw error;
  }
  await count(deps, facts, monthOf(at), { committedFen: valueFen });
  const parked = await deps.repos.funding.pending.find({ contractId: facts._id });
  for (const p of parked)
    if ((await deps.repos.funding.pending.deleteOne({ _id: p._id })) === 1)
      await (apply[p.kind] as (deps: Deps, data: unknown) => Promise<void>)(deps, p.data);
}

export const fundingProjection = {
  async programmeOpened(deps: Deps, d: EventData<typeof ProgrammeOpened>) {
    const { programmeId, name, funderCode, funderName, fiscalYear, budgetFen } = d;
    await deps.repos.funding.programmes.updateOne(
      { _id: programmeId },
      { $set: { name, funderCode, funderName, fiscalYear, budgetFen } },
      { upsert: true },
    );
  },

  async projectPublished(deps: Deps, d: EventData<typeof ProjectPublished>) {
    await deps.repos.funding.projects.updateOne(
      { _id: d.projectId },
      { $set: { programmeId: d.programmeId ?? null, category: d.category, communityCodes: d.communityCodes } },
      { upsert: true },
    );
  },

  async contractSigned(deps: Deps, d: EventData<typeof ContractSigned>) {
    const project = await deps.repos.funding.projects.findOne({ _id: d.projectId });
    const funder = await funderOf(deps, project?.programmeId ?? null);
    await contractProjected(
      deps,
      {
        _id: d.contractId,
        ...funder,
        category: d.category ?? project?.category ?? UNKNOWN,
        organisationId: d.organisationId,
        organisationName: d.organisationName ?? d.organisationId,
        communityCode: project?.communityCodes[0] ?? UNKNOWN,
      },
      d.valueFen,
      d.signedAt,
    );
  },

  async grantContracted(deps: Deps, d: EventData<typeof GrantContracted>) {
    const project = d.projectId ? await deps.repos.funding.projects.findOne({ _id: d.projectId }) : null;
    await contractProjected(
      deps,
      {
        _id: d.contractId,
        ...(await funderOf(deps, d.programmeId)),
        category: d.category,
        organisationId: d.organisationId,
        organisationName: d.organisationName,
        communityCode: project?.communityCodes[0] ?? UNKNOWN,
      },
      d.valueFen,
      d.signedAt,
    );
  },

  contractAmended: (deps: Deps, d: EventData<typeof ContractAmended>) =>
    withFacts(deps, d.contractId, `${d.contractId}|amended|${d.revision}`, { kind: 'amended', data: d }, (f) =>
      apply.amended(deps, d, f),
    ),

  contractTerminated: (deps: Deps, d: EventData<typeof ContractTerminated>) =>
    withFacts(deps, d.contractId, `${d.contractId}|terminated`, { kind: 'terminated', data: d }, (f) =>
      apply.terminated(deps, d, f),
    ),

  paymentDisbursed: (deps: Deps, d: EventData<typeof PaymentDisbursed>) =>
    withFacts(deps, d.contractId, `${d.contractId}|payment|${d.trancheId}`, { kind: 'payment', data: d }, (f) =>
      apply.payment(deps, d, f),
    ),

  serviceRecorded: (deps: Deps, d: EventData<typeof ServiceRecorded>) =>
    withFacts(deps, d.contractId, `${d.contractId}|service|${d.recordId}`, { kind: 'service', data: d }, (f) =>
      apply.service(deps, d, f),
    ),

  /**
   * Many service records at once (a consumer reading a batch of `fulfilment.service.recorded`,
   * or a rebuild): the same buckets as projecting them one by one, in the same order, but one
   * upsert per bucket for the whole batch instead of two per record. A record whose contract
   * is not projected yet is parked, as one by one. Like one by one, it is not idempotent by
   * itself: the caller hands each record over once (the consumer's processed-event marks).
   */
  async serviceRecordedBatch(deps: Deps, batch: ReadonlyArray<EventData<typeof ServiceRecorded>>): Promise<void> {
    const contractIds = [...new Set(batch.map((d) => d.contractId))];
    const facts = new Map(
      (await deps.repos.funding.contracts.find({ _id: { $in: contractIds } })).map((f) => [f._id, f]),
    );
    // Needs this batch's contracts already served, read at once; a need served twice in the batch counts once.
    const pairs = batch.filter((d) => facts.has(d.contractId)).map((d) => `${d.contractId}|${d.needId}`);
    const known = await deps.repos.funding.served.find({ _id: { $in: [...new Set(pairs)] } });
    const servedNow = new Set(known.map((s) => s._id));
    const merged = new MergedBuckets();
    for (const d of batch) {
      const contract = facts.get(d.contractId);
      if (!contract) {
        await fundingProjection.serviceRecorded(deps, d);
        continue;
      }
      const served = `${d.contractId}|${d.needId}`;
      const first = !servedNow.has(served) && (await firstService(deps, served));
      servedNow.add(served);
      merged.add(contract, monthOf(d.deliveredOn), {
        serviceHours: d.hours,
        serviceRecords: 1,
        beneficiaries: first ? 1 : 0,
      });
    }
    await merged.write(deps);
  },

  expenseReported: (deps: Deps, d: EventData<typeof ExpenseReported>) =>
    withFacts(deps, d.contractId, `${d.contractId}|expense|${d.reportId}`, { kind: 'expense', data: d }, (f) =>
      apply.expense(deps, d, f),
    ),
};

/** Whether this is the first service a contract gave a need (that counts a beneficiary); remembered once. */
async function firstService(deps: Deps, served: string): Promise<boolean> {
  try {
    await deps.repos.funding.served.insertOne({ _id: served });
    return true;
  } catch (error) {
    if (!(error instanceof DuplicateKeyError)) throw error;
    return false;
  }
}

/** What each event adds, given its contract's facts (looked up again when a parked event is replayed). */
const apply = {
  async amended(deps: Deps, d: EventData<typeof ContractAmended>, facts?: ContractFacts) {
    facts ??= (await deps.repos.funding.contracts.findOne({ _id: d.contractId }))!;
    await count(deps, facts, monthOf(d.amendedAt), { committedFen: d.valueFen - d.previousValueFen });
  },
  /** What was not paid is no longer committed. */
  async terminated(deps: Deps, d: EventData<typeof ContractTerminated>, facts?: ContractFacts) {
    facts ??= (await deps.repos.funding.contracts.findOne({ _id: d.contractId }))!;
    await count(deps, facts, monthOf(d.terminatedAt), { committedFen: d.disbursedFen - d.valueFen });
  },
  async payment(deps: Deps, d: EventData<typeof PaymentDisbursed>, facts?: ContractFacts) {
    facts ??= (await deps.repos.funding.contracts.findOne({ _id: d.contractId }))!;
    await count(deps, facts, monthOf(d.disbursedAt), { disbursedFen: d.amountFen });
  },
  async service(deps: Deps, d: EventData<typeof ServiceRecorded>, facts?: ContractFacts) {
    facts ??= (await deps.repos.funding.contracts.findOne({ _id: d.contractId }))!;
    const first = await firstService(deps, `${d.contractId}|${d.needId}`);
    await count(deps, facts, monthOf(d.deliveredOn), {
      serviceHours: d.hours,
      serviceRecords: 1,
      beneficiaries: first ? 1 : 0,
    });
  },
  async expense(deps: Deps, d: EventData<typeof ExpenseReported>, facts?: ContractFacts) {
    facts ??= (await deps.repos.funding.contracts.findOne({ _id: d.contractId }))!;
    await count(deps, facts, d.period, { spentFen: d.totalFen });
  },
} satisfies Record<Pending['kind'], unknown>;
