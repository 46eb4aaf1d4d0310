import { TenderAwarded, type ProcurementApi } from '@sanshe/contracts';
import {
  conflict,
  createEvent,
  notFound,
  unprocessable,
  updateWithEvents,
  type Cause,
  type Clock,
  type JobQueue,
} from '@sanshe/platform';
import type { z } from 'zod';
import { rankBids } from '../domain/scoring';
import type { Repositories, TenderDocument } from '../adapters/store/repositories';
import type { ProcurementSettings } from '../settings';
import { closeTender } from './close-tender';
import { SOURCE } from './source';

type Deps = { repos: Repositories; clock: Clock; jobs: JobQueue; settings: ProcurementSettings };

/** A tender whose bids may be read: its deadline has passed and it has been closed. */
export async function openedTender(deps: Deps, tenderId: string, cause: Cause): Promise<TenderDocument> {
  const tender = await closeTender(deps, tenderId, cause);
  if (!tender) throw notFound('PROCUREMENT.TENDER_NOT_FOUND', 'no such tender');
  if (tender.status === 'tendering')
    throw conflict('PROCUREMENT.BID_SEALED', `bids stay sealed until ${tender.deadline}`);
  return tender;
}

export async function evaluateTender(
  deps: Deps,
  tenderId: string,
  input: z.infer<typeof ProcurementApi.EvaluateTenderRequest>,
  cause: Cause,
) {
  const tender = await openedTender(deps, tenderId, cause);
  if (tender.status !== 'closed' && tender.status !== 'evaluated') {
    throw conflict('PROCUREMENT.INVALID_TRANSITION', `a ${tender.status} tender cannot be evaluated`);
  }
  if (input.priceWeight < deps.settings.MIN_PRICE_WEIGHT) {
    throw unprocessable('PROCUREMENT.PRICE_WEIGHT_TOO_LOW', 'the price weight is below policy', [
      { field: 'priceWeight', reason: `must be at least ${deps.settings.MIN_PRICE_WEIGHT} for service procurement` },
    ]);
  }
  const bids = await deps.repos.bids.find({ tenderId });
  const scores = new Map(input.technicalScores.map((s) => [s.bidId, s.score]));
  const missing = bids.filter((b) => !scores.has(b._id));
  const unknown = input.technicalScores.filter((s) => !bids.some((b) => b._id === s.bidId));
  if (missing.length > 0 || unknown.length > 0) {
    throw unprocessable('PROCUREMENT.SCORES_INCOMPLETE', 'score every opened bid, and only those', [
      ...missing.map((b) => ({ field: 'technicalScores', reason: `no score for bid ${b._id}` })),
      ...unknown.map((s) => ({ field: 'technicalScores', reason: `bid ${s.bidId} is not a bid of this tender` })),
    ]);
  }
  const { basePriceFen, ranking } = rankBids(
    bids.map((b) => ({
      bidId: b._id,
      organisationId: b.organisationId,
      priceFen: b.priceFen,
      technicalScore: scores.get(b._id) ?? 0,
    })),
    input.priceWeight,
  );
  const evaluation = { priceWeight: input.priceWeight, basePriceFen, ranking };
  const updated = await updateWithEvents(
    deps.repos.tenders,
    { _id: tenderId, version: tender.version },
    { $set: { status: 'evaluated', evaluation } },
    [],
  );
  if (!updated) throw conflict('PROCUREMENT.CONCURRENT_UPDATE', 'the tender changed meanwhile; retry');
  return { tenderId, basePriceFen, ranking };
}

export async function awardTender(
  deps: Deps,
  tenderId: string,
  chosenBidId: string | undefined,
  cause: Cause,
): Promise<TenderDocument> {
  const tender = await deps.repos.tenders.findOne({ _id: tenderId });
  if (!tender) throw notFound('PROCUREMENT.TENDER_NOT_FOUND', 'no such tender');
  if (tender.status !== 'evaluated' || !tender.evaluation)
    throw conflict('PROCUREMENT.INVALID_TRANSITION', `a ${tender.status} tender cannot be awarded`);
  const winner = tender.evaluation.ranking[0];
  if (!winner) throw conflict('PROCUREMENT.NO_BIDS', 'nothing to award');
  if (chosenBidId !== undefined && chosenBidId !== winner.bidId) {
    // Awarding anyone but the top-ranked bid needs a recorded procedure (complaints, issue 5).
    throw unprocessable('PROCUREMENT.NOT_TOP_RANKED', 'only the top-ranked bid can be awarded', [
      { field: 'bidId', reason: 'not the top-ranked bid' },
    ]);
  }
  const organisation = await deps.repos.organisations.findOne({ _id: winner.organisationId });
  const now = deps.clock.now();
  const event = createEvent(TenderAwarded, {
    source: SOURCE,
    subject: tenderId,
    now,
    cause,
    data: {
      tenderId,
      projectId: tender.projectId,
      awardId: winner.bidId,
      title: tender.title,
      category: tender.category,
      needIds: tender.needIds,
      organisationId: winner.organisationId,
      organisationName: organisation?.name ?? '',
      amountFen: winner.priceFen,
      fundingMode: tender.fundingMode,
      tranches: tender.tranches,
      awardedAt: now.toISOString(),
    },
  });
  const updated = await updateWithEvents(
    deps.repos.tenders,
    { _id: tenderId, version: tender.version, status: 'evaluated' },
    { $set: { status: 'awarded', awardedBidId: winner.bidId } },
    [event],
  );
  if (!updated) throw conflict('PROCUREMENT.CONCURRENT_UPDATE', 'the tender changed meanwhile; retry');
  return updated;
}
