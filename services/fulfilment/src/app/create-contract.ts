import { ContractSigned, type EventData, type TenderAwarded } from '@sanshe/contracts';
import { createEvent, DuplicateKeyError, insertWithEvents, newId, type Cause, type Clock } from '@sanshe/platform';
import { planContract } from '../domain/contract';
import type { Repositories } from '../adapters/store/repositories';
import { SOURCE } from './source';

/** A contract for an awarded tender; the unique tender index makes a redelivered award a no-op. */
export async function createContract(
  deps: { repos: Repositories; clock: Clock },
  award: EventData<typeof TenderAwarded>,
  cause: Cause,
): Promise<void> {
  if (await deps.repos.contracts.findOne({ tenderId: award.tenderId })) return;
  const now = deps.clock.now();
  const contractId = newId();
  const plan = planContract(award.amountFen, award.tranches, newId);
  const signedAt = now.toISOString();
  const event = createEvent(ContractSigned, {
    source: SOURCE,
    subject: contractId,
    now,
    cause,
    data: {
      contractId,
      tenderId: award.tenderId,
      projectId: award.projectId,
      organisationId: award.organisationId,
      needIds: award.needIds,
      valueFen: award.amountFen,
      signedAt,
    },
  });
  try {
    await insertWithEvents(
      deps.repos.contracts,
      {
        _id: contractId,
        tenderId: award.tenderId,
        projectId: award.projectId,
        organisationId: award.organisationId,
        organisationName: award.organisationName,
        title: award.title,
        needIds: award.needIds,
        valueFen: award.amountFen,
        disbursedFen: 0,
        status: 'active',
        ...plan,
        fulfilledNeedIds: [],
        signedAt,
      },
      [event],
    );
  } catch (error) {
    if (!(error instanceof DuplicateKeyError)) throw error;
  }
}
