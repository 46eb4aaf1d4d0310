import { MilestoneAccepted, PaymentDisbursed } from '@sanshe/contracts';
import { conflict, createEvent, notFound, type Cause, type Principal } from '@sanshe/platform';
import { disbursementProblem, EVALUATED_GATES } from '../domain/contract';
import type { ContractDocument } from '../adapters/store/repositories';
import { changeContract } from './contract-store';
import type { FulfilmentDeps } from './deps';
import { SOURCE } from './source';

type Deps = Pick<FulfilmentDeps, 'repos' | 'clock'>;

/** Accepts a gate that needs no evaluation (signing); evaluated gates open only by an evaluation. */
export async function acceptMilestone(
  deps: Deps,
  contractId: string,
  milestoneId: string,
  cause: Cause,
): Promise<ContractDocument> {
  return changeContract(deps, contractId, (contract) => {
    if (contract.status !== 'active')
      throw conflict('FULFILMENT.CONTRACT_NOT_ACTIVE', `the contract is ${contract.status}`);
    const milestone = contract.milestones.find((m) => m.milestoneId === milestoneId);
    if (!milestone) throw notFound('FULFILMENT.MILESTONE_NOT_FOUND', 'no such milestone');
    if (EVALUATED_GATES.includes(milestone.kind))
      throw conflict('FULFILMENT.GATE_NEEDS_EVALUATION', `the ${milestone.kind} gate opens only by an evaluation`);
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
    return { update: { $set: { milestones } }, events: [event] };
  });
}

/**
 * A funder or official approves and disburses a tranche whose gate has passed. The checks
 * run again on every retry of the guarded write, so concurrent approvals pay a tranche once
 * and the total never passes the contract value.
 */
export async function disburseTranche(
  deps: Deps,
  actor: Principal,
  contractId: string,
  trancheId: string,
  cause: Cause,
): Promise<ContractDocument> {
  return changeContract(deps, contractId, (contract) => {
    const problem = disbursementProblem(contract, trancheId);
    if (problem === 'no such tranche') throw notFound('FULFILMENT.TRANCHE_NOT_FOUND', problem);
    if (problem) throw conflict('FULFILMENT.TRANCHE_NOT_PAYABLE', problem);
    const tranche = contract.tranches.find((t) => t.trancheId === trancheId)!;
    const now = deps.clock.now();
    const at = now.toISOString();
    const disbursedFen = contract.disbursedFen + tranche.amountFen;
    const tranches = contract.tranches.map((t) =>
      t.trancheId === trancheId ? { ...t, status: 'disbursed' as const, disbursedAt: at, approvedBy: actor.sub } : t,
    );
    const event = createEvent(PaymentDisbursed, {
      source: SOURCE,
      subject: contractId,
      now,
      cause,
      data: { contractId, trancheId, amountFen: tranche.amountFen, disbursedTotalFen: disbursedFen, disbursedAt: at },
    });
    return { update: { $set: { tranches, disbursedFen } }, events: [event] };
  });
}
