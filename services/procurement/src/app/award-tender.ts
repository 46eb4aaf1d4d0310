import { conflict, newId, unprocessable, type Cause, type Principal } from '@sanshe/platform';
import type { Award } from '../domain/tender-state';
import type { TenderDocument } from '../adapters/store/repositories';
import type { ProcurementDeps } from './deps';
import { retrying } from './retry';
import { settleTender } from './settle-tender';
import { FINALISE_AWARD_JOB } from './source';
import { loadTender, saveTender, withRelease } from './tender-store';

/**
 * Proposes the award to the top-ranked bid and starts the standstill period, during
 * which bidders may complain; the award takes effect (tender.awarded) at its end,
 * by a job and by the server clock.
 */
export async function awardTender(
  deps: Pick<ProcurementDeps, 'repos' | 'clock' | 'jobs' | 'settings' | 'keyring'>,
  actor: Principal,
  tenderId: string,
  chosenBidId: string | undefined,
  cause: Cause,
): Promise<TenderDocument> {
  await settleTender(deps, tenderId, cause);
  const saved = await retrying(async () => {
    const tender = await loadTender(deps, tenderId);
    if (tender.status !== 'evaluation' || !tender.evaluation)
      throw conflict(
        'PROCUREMENT.INVALID_TRANSITION',
        `a ${tender.status} tender without an evaluation cannot be awarded`,
      );
    const winner = tender.evaluation.ranking[0];
    if (!winner) throw conflict('PROCUREMENT.NO_BIDS', 'nothing to award');
    if (chosenBidId !== undefined && chosenBidId !== winner.bidId)
      throw unprocessable('PROCUREMENT.NOT_TOP_RANKED', 'only the top-ranked bid can be awarded', [
        { field: 'bidId', reason: 'not the top-ranked bid' },
      ]);
    const bid = tender.openedBids.find((b) => b.bidId === winner.bidId);
    const now = deps.clock.now();
    const at = now.toISOString();
    const award: Award = {
      awardId: newId(),
      bidId: winner.bidId,
      organisationId: winner.organisationId,
      organisationName: winner.organisationName,
      uscc: bid?.uscc ?? '',
      amountFen: winner.priceFen,
      totalScore: winner.totalScore,
      status: 'pending',
      date: at,
      standstillEnd: new Date(now.getTime() + tender.policy.standstillSeconds * 1000).toISOString(),
      decidedBy: actor.sub,
      activatedAt: null,
      cancelledAt: null,
      cancelledReason: null,
    };
    return saveTender(deps, tender, withRelease(deps, { ...tender, status: 'awarded', award }, ['award'], at));
  });
  const award = saved.award as Award;
  await deps.jobs.schedule({
    name: FINALISE_AWARD_JOB,
    payload: { tenderId },
    runAt: new Date(award.standstillEnd),
    jobId: `${FINALISE_AWARD_JOB}:${tenderId}:${award.awardId}`,
  });
  // A standstill of zero takes effect at once.
  return (await settleTender(deps, tenderId, cause)) ?? saved;
}
