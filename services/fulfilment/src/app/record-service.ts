import { NeedFulfilled, ServiceRecorded, type EventEnvelope, type FulfilmentApi } from '@sanshe/contracts';
import {
  conflict,
  createEvent,
  forbidden,
  insertWithEvents,
  newId,
  notFound,
  unprocessable,
  type Cause,
  type Clock,
  type Principal,
} from '@sanshe/platform';
import type { z } from 'zod';
import type { Repositories, ServiceRecordDocument } from '../adapters/store/repositories';
import { SOURCE } from './source';

/**
 * A social worker of the contracted organisation records a delivered service.
 * The record and its events (and need.fulfilled when it completes the need) are
 * one write; the contract's list of fulfilled needs follows.
 */
export async function recordService(
  deps: { repos: Repositories; clock: Clock },
  actor: Principal,
  contractId: string,
  input: z.infer<typeof FulfilmentApi.RecordServiceRequest>,
  cause: Cause,
): Promise<ServiceRecordDocument> {
  const contract = await deps.repos.contracts.findOne({ _id: contractId });
  if (!contract) throw notFound('FULFILMENT.CONTRACT_NOT_FOUND', 'no such contract');
  if (actor.organisationId !== contract.organisationId)
    throw forbidden('only social workers of the contracted organisation record services');
  if (contract.status !== 'active')
    throw conflict('FULFILMENT.CONTRACT_NOT_ACTIVE', `the contract is ${contract.status}`);
  if (!contract.needIds.includes(input.needId)) {
    throw unprocessable('FULFILMENT.NEED_NOT_IN_CONTRACT', 'this need is not served by this contract', [
      { field: 'needId', reason: 'not one of the contract needs' },
    ]);
  }
  const now = deps.clock.now();
  const recordId = newId();
  const events: EventEnvelope[] = [
    createEvent(ServiceRecorded, {
      source: SOURCE,
      subject: contractId,
      now,
      cause,
      data: { contractId, recordId, needId: input.needId, hours: input.hours, deliveredOn: input.deliveredOn },
    }),
  ];
  const completes = input.completesNeed && !contract.fulfilledNeedIds.includes(input.needId);
  if (completes) {
    events.push(
      createEvent(NeedFulfilled, {
        source: SOURCE,
        subject: input.needId,
        now,
        cause,
        data: { needId: input.needId, contractId, fulfilledAt: now.toISOString() },
      }),
    );
  }
  const record = await insertWithEvents(
    deps.repos.records,
    { _id: recordId, contractId, ...input, recordedBy: actor.sub, recordedAt: now.toISOString() },
    events,
  );
  if (completes)
    await deps.repos.contracts.updateOne({ _id: contractId }, { $addToSet: { fulfilledNeedIds: input.needId } });
  return record;
}
