import type { ContractSigned, EventData, MilestoneAccepted, NeedFulfilled } from '@sanshe/contracts';
import { DuplicateKeyError } from '@sanshe/platform';
import type { ProcurementDeps } from './deps';
import { retrying } from './retry';
import { saveTender, withRelease } from './tender-store';

/**
 * Procurement's view of fulfilment, built from its events: which organisation holds
 * which contract, its accepted milestones and fulfilled needs (past performance for
 * recommendations), and the contract section of the tender's OCDS record.
 * There is no `fulfilment.contract.completed` event yet: the final-acceptance milestone
 * stands in for completion.
 */
export async function contractSigned(
  deps: Pick<ProcurementDeps, 'repos' | 'settings'>,
  data: EventData<typeof ContractSigned>,
): Promise<void> {
  try {
    await deps.repos.contracts.insertOne({
      _id: data.contractId,
      organisationId: data.organisationId,
      tenderId: data.tenderId,
      signedAt: data.signedAt,
      milestonesAccepted: [],
      completed: false,
      needsFulfilled: [],
    });
  } catch (error) {
    if (!(error instanceof DuplicateKeyError)) throw error;
  }
  await retrying(async () => {
    const tender = await deps.repos.tenders.findOne({ _id: data.tenderId });
    if (!tender || tender.contract || !tender.award || tender.award.status !== 'active') return;
    const contract = {
      contractId: data.contractId,
      awardId: tender.award.awardId,
      valueFen: data.valueFen,
      signedAt: data.signedAt,
    };
    await saveTender(deps, tender, withRelease(deps, { ...tender, contract }, ['contract'], data.signedAt));
  });
}

export async function milestoneAccepted(
  deps: Pick<ProcurementDeps, 'repos'>,
  data: EventData<typeof MilestoneAccepted>,
): Promise<void> {
  await deps.repos.contracts.updateOne(
    { _id: data.contractId },
    {
      $addToSet: { milestonesAccepted: data.milestoneId },
      ...(data.kind === 'final_acceptance' ? { $set: { completed: true } } : {}),
    },
  );
}

export async function needFulfilled(
  deps: Pick<ProcurementDeps, 'repos'>,
  data: EventData<typeof NeedFulfilled>,
): Promise<void> {
  await deps.repos.contracts.updateOne({ _id: data.contractId }, { $addToSet: { needsFulfilled: data.needId } });
}
