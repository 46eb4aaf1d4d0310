import { AppError, notFound, type Principal } from '@sanshe/platform';
import type { ContractDocument } from '../adapters/store/repositories';
import { canSeeContract, isFunderScoped, lacksFunderScope } from '../domain/access';
import type { FulfilmentDeps } from './deps';

type Deps = Pick<FulfilmentDeps, 'repos'>;

/** A funder token without a funder code may not reach funder-scoped data at all (fail closed). */
export function assertFunderScope(actor: Principal): void {
  if (lacksFunderScope(actor)) {
    throw new AppError('AUTH.NO_FUNDER_SCOPE', 403, 'the funder token does not name the funder it acts for');
  }
}

/**
 * The funder of a contract's programme: from the funding projection, or (before it has the
 * contract) through the grant's or project's programme. Null when no programme is known, so
 * that no funder is taken to fund it.
 */
export async function funderOfContract(
  deps: Deps,
  contract: Pick<ContractDocument, '_id' | 'source' | 'projectId'>,
): Promise<string | null> {
  const projected = await deps.repos.funding.contracts.findOne({ _id: contract._id });
  // The projection files contracts of no (or an unknown) programme under 'none' / 'unknown'.
  if (projected)
    return projected.programmeId === 'none' || projected.funderCode === 'unknown' ? null : projected.funderCode;
  const programmeId =
    contract.source.kind === 'grant' && contract.source.programmeId
      ? contract.source.programmeId
      : contract.projectId
        ? ((await deps.repos.funding.projects.findOne({ _id: contract.projectId }))?.programmeId ?? null)
        : null;
  if (!programmeId) return null;
  return (await deps.repos.funding.programmes.findOne({ _id: programmeId }))?.funderCode ?? null;
}

/** Whether the actor may see the contract (a funder's lookup of its programme happens only for funders). */
export async function maySeeContract(deps: Deps, actor: Principal, contract: ContractDocument): Promise<boolean> {
  if (canSeeContract(actor, contract, null)) return true;
  return actor.roles.includes('funder') && canSeeContract(actor, contract, await funderOfContract(deps, contract));
}

/** Loads a contract the actor may see; anything else looks absent, so its id is not confirmed. */
export async function visibleContract(deps: Deps, actor: Principal, contractId: string): Promise<ContractDocument> {
  if (!actor.organisationId) assertFunderScope(actor);
  const contract = await deps.repos.contracts.findOne({ _id: contractId });
  if (!contract || !(await maySeeContract(deps, actor, contract))) {
    throw notFound('FULFILMENT.CONTRACT_NOT_FOUND', 'no such contract');
  }
  return contract;
}

/** The ids of the contracts drawn on a funder-scoped actor's programmes. */
export async function fundedContractIds(deps: Deps, actor: Principal): Promise<string[]> {
  assertFunderScope(actor);
  return (await deps.repos.funding.contracts.find({ funderCode: actor.funderCode })).map((c) => c._id);
}

/**
 * A funder's funding view is forced to their own funder code; naming another funder or another
 * funder's programme answers 404, as an unknown one would for them.
 */
export async function scopeFundingQuery<Q extends { programmeId?: string; funderCode?: string }>(
  deps: Deps,
  actor: Principal,
  query: Q,
): Promise<Q> {
  assertFunderScope(actor);
  if (!isFunderScoped(actor)) return query;
  const funderCode = actor.funderCode!;
  if (query.funderCode !== undefined && query.funderCode !== funderCode) {
    throw notFound('FULFILMENT.FUNDER_NOT_FOUND', 'no such funder');
  }
  if (query.programmeId !== undefined) {
    const programme = await deps.repos.funding.programmes.findOne({ _id: query.programmeId });
    if (programme?.funderCode !== funderCode) throw notFound('FULFILMENT.PROGRAMME_NOT_FOUND', 'no such programme');
  }
  return { ...query, funderCode };
}
