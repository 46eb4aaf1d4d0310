import type { EventEnvelope } from '@sanshe/contracts';
import { conflict, notFound, updateWithEvents, type Update } from '@sanshe/platform';
import type { ContractDocument } from '../adapters/store/repositories';
import type { FulfilmentDeps } from './deps';

const ATTEMPTS = 8;

/**
 * Thrown by a `decide` that finds its change made already, by an earlier try of the same
 * request (an Idempotency-Key): nothing is written and the contract as read is the answer.
 */
export class AlreadyDone extends Error {
  constructor() {
    super('the change is made already');
    this.name = 'AlreadyDone';
  }
}

export async function loadContract(deps: Pick<FulfilmentDeps, 'repos'>, contractId: string): Promise<ContractDocument> {
  const contract = await deps.repos.contracts.findOne({ _id: contractId });
  if (!contract) throw notFound('FULFILMENT.CONTRACT_NOT_FOUND', 'no such contract');
  return contract;
}

/**
 * Reads the contract, lets `decide` check its rules on what it read and say what to write,
 * and writes it guarded by the version read: one single-document write of state and events.
 * When another write got there first, the rules are checked again on the new state, so
 * concurrent requests never act on a stale read (a second payment of a tranche sees it paid).
 * It relies on the store reading a document whole, as of one version (the store contract).
 */
export async function changeContract(
  deps: Pick<FulfilmentDeps, 'repos'>,
  contractId: string,
  decide: (contract: ContractDocument) => { update: Update; events: EventEnvelope[] },
): Promise<ContractDocument> {
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const contract = await loadContract(deps, contractId);
    let decided: ReturnType<typeof decide>;
    try {
      decided = decide(contract);
    } catch (error) {
      if (error instanceof AlreadyDone) return contract;
      throw error;
    }
    const { update, events } = decided;
    const updated = await updateWithEvents(
      deps.repos.contracts,
      { _id: contractId, version: contract.version },
      update,
      events,
    );
    if (updated) return updated;
  }
  throw conflict('FULFILMENT.CONCURRENT_UPDATE', 'the contract keeps changing meanwhile; retry');
}
