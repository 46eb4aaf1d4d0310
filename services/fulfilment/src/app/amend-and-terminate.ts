import { ContractAmended, ContractTerminated, type FulfilmentApi } from '@sanshe/contracts';
import { conflict, createEvent, type Cause, type Principal } from '@sanshe/platform';
import type { z } from 'zod';
import { amendContract, type Amendment } from '../domain/contract';
import type { ContractDocument } from '../adapters/store/repositories';
import { AlreadyDone, changeContract } from './contract-store';
import type { FulfilmentDeps } from './deps';
import { SOURCE } from './source';

type Deps = Pick<FulfilmentDeps, 'repos' | 'clock'>;

/** A new revision of the contract's value or period, with its reason; unpaid tranches are re-spread. */
export async function amend(
  deps: Deps,
  actor: Principal,
  contractId: string,
  input: z.infer<typeof FulfilmentApi.AmendContractRequest>,
  cause: Cause,
  /** The request's Idempotency-Key record: a try run again finds its amendment made. */
  idempotencyKey: string | null = null,
): Promise<ContractDocument> {
  return changeContract(deps, contractId, (contract) => {
    if (idempotencyKey && contract.amendmentKeys?.includes(idempotencyKey)) throw new AlreadyDone();
    const result = amendContract(contract, input);
    if ('problem' in result) throw conflict('FULFILMENT.AMENDMENT_REFUSED', result.problem);
    const now = deps.clock.now();
    const at = now.toISOString();
    const revision = contract.revision + 1;
    const amendment: Amendment = {
      revision,
      reason: input.reason,
      previousValueFen: contract.valueFen,
      valueFen: result.valueFen,
      previousEndDate: contract.period.endDate,
      endDate: result.endDate,
      amendedBy: actor.sub,
      amendedAt: at,
    };
    const event = createEvent(ContractAmended, {
      source: SOURCE,
      subject: contractId,
      now,
      cause,
      data: { contractId, ...amendment },
    });
    return {
      update: {
        $set: {
          valueFen: result.valueFen,
          'period.endDate': result.endDate,
          tranches: result.tranches,
          revision,
        },
        $push: { amendments: amendment, ...(idempotencyKey ? { amendmentKeys: idempotencyKey } : {}) },
      },
      events: [event],
    };
  });
}

/** Ends an active contract for a stated reason; its unpaid tranches are cancelled. */
export async function terminate(
  deps: Deps,
  actor: Principal,
  contractId: string,
  request: z.infer<typeof FulfilmentApi.TerminateContractRequest>,
  cause: Cause,
): Promise<ContractDocument> {
  return changeContract(deps, contractId, (contract) => {
    if (contract.status !== 'active')
      throw conflict('FULFILMENT.CONTRACT_NOT_ACTIVE', `the contract is ${contract.status}`);
    const now = deps.clock.now();
    const at = now.toISOString();
    const termination = { reason: request.reason, fault: request.fault, terminatedBy: actor.sub, terminatedAt: at };
    const tranches = contract.tranches.map((t) =>
      t.status === 'scheduled' ? { ...t, status: 'cancelled' as const } : t,
    );
    const event = createEvent(ContractTerminated, {
      source: SOURCE,
      subject: contractId,
      now,
      cause,
      data: {
        contractId,
        organisationId: contract.organisationId,
        ...termination,
        valueFen: contract.valueFen,
        disbursedFen: contract.disbursedFen,
      },
    });
    return { update: { $set: { status: 'terminated', termination, tranches } }, events: [event] };
  });
}
