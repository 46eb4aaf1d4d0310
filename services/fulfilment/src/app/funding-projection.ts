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

  expenseReported: (deps: Deps, d: EventData<typeof ExpenseReported>) =>
    withFacts(deps, d.contractId, `${d.contractId}|expense|${d.reportId}`, { kind: 'expense', data: d }, (f) =>
      apply.expense(deps, d, f),
    ),
};

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
    let first = true;
    try {
      await deps.repos.funding.served.insertOne({ _id: `${d.contractId}|${d.needId}` });
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
      first = false;
    }
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
