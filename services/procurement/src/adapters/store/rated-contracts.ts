import type { TerminationFault } from '@sanshe/contracts';
import type { DocumentStore } from '@sanshe/platform';
import type { OutcomeKind } from '../../domain/rating';

/**
 * Fulfilment's contracts as the ratings see them: who holds each (from `contract.signed` or
 * `grant.contracted`) and how it ended (`contract.completed` / `contract.terminated`; null
 * while it runs). One document per contract, written by commutative upserts, so the events
 * may arrive in any order and any number of times.
 */
export interface RatedContractDocument {
  _id: string;
  organisationId: string | null;
  outcome: OutcomeKind | null;
  score: number | null;
  closedAt: string | null;
  reason: string | null;
  /**
   * Whose fault a termination was; only the organisation's counts in its rating. Null (or absent)
   * for a termination published before the fault was recorded: counted, as before.
   */
  fault?: TerminationFault | null;
}

export function ratedContracts(store: DocumentStore) {
  const collection = store.collection<RatedContractDocument>('rated_contracts');
  return {
    collection,
    setup: () => collection.createIndex({ keys: { organisationId: 1, outcome: 1 } }),
  };
}
