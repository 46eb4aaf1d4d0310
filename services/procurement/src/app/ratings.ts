import type { ContractCompleted, ContractTerminated, EventData, GrantContracted } from '@sanshe/contracts';
import { rate, type Outcome, type Rating } from '../domain/rating';
import type { RatedContractDocument } from '../adapters/store/rated-contracts';
import type { ProcurementDeps } from './deps';

type Deps = Pick<ProcurementDeps, 'repos'>;

/**
 * Organisations' performance ratings from fulfilment's events. Each contract is one
 * document; every handler is an upsert of the fields its event knows, so the events
 * commute (a termination may be read before its `contract.signed` when a new group
 * replays history topic by topic) and a redelivery rewrites the same values. The
 * rating itself is computed when read, from the closed contracts, so it never drifts
 * from them.
 */

/** Who holds a contract: from `contract.signed` (tender contracts) or `grant.contracted`. */
export async function linkRatedContract(deps: Deps, contractId: string, organisationId: string): Promise<void> {
  await deps.repos.ratedContracts.updateOne(
    { _id: contractId },
    {
      $set: { organisationId },
      $setOnInsert: { outcome: null, score: null, closedAt: null, reason: null },
    },
    { upsert: true },
  );
}

export const grantContracted = (deps: Deps, data: EventData<typeof GrantContracted>) =>
  linkRatedContract(deps, data.contractId, data.organisationId);

/** The final gate passed: the contract counts with fulfilment's performance score. */
export async function contractCompleted(deps: Deps, data: EventData<typeof ContractCompleted>): Promise<void> {
  await deps.repos.ratedContracts.updateOne(
    { _id: data.contractId },
    {
      $set: {
        organisationId: data.organisationId,
        outcome: 'completed',
        score: data.performanceScore,
        closedAt: data.completedAt,
        reason: null,
      },
    },
    { upsert: true },
  );
}

/**
 * A termination for the organisation's fault counts against it; one for the purchaser's or
 * nobody's is recorded but left out of the rating. The event names the organisation; an event
 * published before it did takes it from the contract's own link, or from procurement's older
 * read model of tender contracts (signed before ratings existed), or later from the link's event.
 */
export async function contractTerminated(deps: Deps, data: EventData<typeof ContractTerminated>): Promise<void> {
  const organisationId =
    data.organisationId ?? (await deps.repos.contracts.findOne({ _id: data.contractId }))?.organisationId;
  const closed = {
    outcome: 'terminated',
    score: null,
    closedAt: data.terminatedAt,
    reason: data.reason,
    fault: data.fault ?? null,
  };
  await deps.repos.ratedContracts.updateOne(
    { _id: data.contractId },
    organisationId ? { $set: { ...closed, organisationId } } : { $set: closed, $setOnInsert: { organisationId: null } },
    { upsert: true },
  );
}

/** Only a termination for the organisation's fault (or of unknown fault, from older events) counts against it. */
const countsInRating = (c: RatedContractDocument) =>
  c.outcome !== 'terminated' || c.fault === undefined || c.fault === null || c.fault === 'organisation';

const CLOSED = { $in: ['completed', 'terminated'] };

/** Ratings of these organisations (one query); an organisation without a closed contract gets an empty rating. */
export async function ratingsOf(deps: Deps, organisationIds: readonly string[]): Promise<Map<string, Rating>> {
  const closed =
    organisationIds.length === 0
      ? []
      : await deps.repos.ratedContracts.find(
          { organisationId: { $in: [...organisationIds] }, outcome: CLOSED },
          { limit: 100_000 },
        );
  return rateByOrganisation(closed, organisationIds);
}

/** Every rated organisation's rating, and which contracts were terminated (recommendations). */
export async function allRatings(deps: Deps): Promise<{ ratings: Map<string, Rating>; terminated: Set<string> }> {
  const closed = await deps.repos.ratedContracts.find({ outcome: CLOSED }, { limit: 100_000 });
  return {
    ratings: rateByOrganisation(closed, []),
    terminated: new Set(closed.filter((c) => c.outcome === 'terminated').map((c) => c._id)),
  };
}

function rateByOrganisation(closed: readonly RatedContractDocument[], include: readonly string[]): Map<string, Rating> {
  const byOrganisation = new Map<string, Outcome[]>(include.map((id) => [id, []]));
  for (const c of closed) {
    // A termination whose organisation is not known yet waits for its link.
    if (!c.organisationId || !c.outcome || !c.closedAt || !countsInRating(c)) continue;
    const list = byOrganisation.get(c.organisationId) ?? [];
    list.push({ contractId: c._id, outcome: c.outcome, score: c.score, at: c.closedAt, reason: c.reason });
    byOrganisation.set(c.organisationId, list);
  }
  return new Map([...byOrganisation].map(([id, outcomes]) => [id, rate(outcomes)]));
}

/** The ratings of these organisations as the organisation API shows them, by id. */
export async function ratingLookup(deps: Deps, organisationIds: readonly string[]) {
  const ratings = await ratingsOf(deps, organisationIds);
  return (organisationId: string) => toRatingView(ratings.get(organisationId) ?? rate([]));
}

/** The rating as the organisation API shows it (the weight is internal). */
export function toRatingView(r: Rating) {
  return {
    completedContracts: r.completedContracts,
    terminatedContracts: r.terminatedContracts,
    meanScore: r.meanScore,
    score: r.score,
    recent: r.recent.map((o) => ({
      contractId: o.contractId,
      outcome: o.outcome,
      score: o.score,
      at: o.at,
      reason: o.reason,
    })),
  };
}
