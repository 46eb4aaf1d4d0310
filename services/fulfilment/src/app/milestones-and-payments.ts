import { MilestoneAccepted, PaymentDisbursed } from '@sanshe/contracts';
import {
  conflict,
  createEvent,
  notFound,
  unprocessable,
  updateWithEvents,
  type Cause,
  type Clock,
} from '@sanshe/platform';
import { disbursementProblem } from '../domain/contract';
import type { ContractDocument, Repositories } from '../adapters/store/repositories';
import { SOURCE } from './source';

type Deps = { repos: Repositories; clock: Clock };

async function load(deps: Deps, contractId: string): Promise<ContractDocument> {
  const contract = await deps.repos.contracts.findOne({ _id: contractId });
  if (!contract) throw notFound('FULFILMENT.CONTRACT_NOT_FOUND', 'no such contract');
  return contract;
}

export async function acceptMilestone(
  deps: Deps,
  contractId: string,
  milestoneId: string,
  cause: Cause,
): Promise<ContractDocument> {
  const contract = await load(deps, contractId);
  const milestone = contract.milestones.find((m) => m.milestoneId === milestoneId);
  if (!milestone) throw notFound('FULFILMENT.MILESTONE_NOT_FOUND', 'no such milestone');
  if (milestone.status === 'accepted')
    throw conflict('FULFILMENT.MILESTONE_ACCEPTED', 'this milestone was already accepted');
  const now = deps.clock.now();
  const at = now.toISOString();
  const milestones = contract.milestones.map((m) =>
    m.milestoneId === milestoneId ? { ...m, status: 'accepted' as const, acceptedAt: at } : m,
  );
  const event = createEvent(MilestoneAccepted, {
    source: SOURCE,
    subject: contractId,
    now,
    cause,
    data: { contractId, milestoneId, kind: milestone.kind, acceptedAt: at },
  });
  const updated = await updateWithEvents(
    deps.repos.contracts,
    { _id: contractId, version: contract.version },
    { $set: { milestones } },
    [event],
  );
  if (!updated) throw conflict('FULFILMENT.CONCURRENT_UPDATE', 'the contract changed meanwhile; retry');
  return updated;
}

/** Pays a tranche whose gate has passed; the version guard makes a double click pay once. */
export async function disburseTranche(
  deps: Deps,
  contractId: string,
  trancheId: string,
  cause: Cause,
): Promise<ContractDocument> {
  const contract = await load(deps, contractId);
  const problem = disbursementProblem(contract, trancheId);
  if (problem === 'no such tranche') throw notFound('FULFILMENT.TRANCHE_NOT_FOUND', problem);
  if (problem) throw conflict('FULFILMENT.TRANCHE_NOT_PAYABLE', problem);
  const tranche = contract.tranches.find((t) => t.trancheId === trancheId);
  if (!tranche) throw unprocessable('FULFILMENT.TRANCHE_NOT_FOUND', 'no such tranche');
  const now = deps.clock.now();
  const at = now.toISOString();
  const disbursedFen = contract.disbursedFen + tranche.amountFen;
  const tranches = contract.tranches.map((t) =>
    t.trancheId === trancheId ? { ...t, status: 'disbursed' as const, disbursedAt: at } : t,
  );
  const event = createEvent(PaymentDisbursed, {
    source: SOURCE,
    subject: contractId,
    now,
    cause,
    data: { contractId, trancheId, amountFen: tranche.amountFen, disbursedTotalFen: disbursedFen, disbursedAt: at },
  });
  const updated = await updateWithEvents(
    deps.repos.contracts,
    { _id: contractId, version: contract.version },
    { $set: { tranches, disbursedFen } },
    [event],
  );
  if (!updated) throw conflict('FULFILMENT.CONCURRENT_UPDATE', 'the contract changed meanwhile; retry');
  return updated;
}
