import { BidWithdrawn } from '@sanshe/contracts';
import { conflict, createEvent, notFound, updateWithEvents, type Cause, type Principal } from '@sanshe/platform';
import { isPastDeadline } from '../domain/tender';
import type { BidDocument } from '../adapters/store/repositories';
import type { ProcurementDeps } from './deps';
import { actingOrganisation } from './access';
import { concurrentUpdate, retrying } from './retry';
import { SOURCE } from './source';
import { checkInBidChange, loadTender } from './tender-store';

/** Withdraws the caller's own bid before the deadline; its sealed content is discarded, its commitments kept. */
export function withdrawBid(
  deps: Pick<ProcurementDeps, 'repos' | 'clock'>,
  actor: Principal,
  tenderId: string,
  bidId: string,
  cause: Cause,
): Promise<BidDocument> {
  return retrying(async () => {
    const organisationId = actingOrganisation(actor);
    const bid = await deps.repos.bids.findOne({ _id: bidId, tenderId });
    // Another organisation's bid looks absent: its existence is not confirmed.
    if (!bid || bid.organisationId !== organisationId) throw notFound('PROCUREMENT.BID_NOT_FOUND', 'no such bid');
    const tender = await loadTender(deps, tenderId);
    const now = deps.clock.now();
    if (tender.status !== 'tendering' || isPastDeadline(tender.deadline, now))
      throw conflict('PROCUREMENT.TENDER_CLOSED', `bids closed at ${tender.deadline}`);
    if (bid.status === 'withdrawn') throw conflict('PROCUREMENT.BID_WITHDRAWN', 'the bid is already withdrawn');
    const at = now.toISOString();
    const event = createEvent(BidWithdrawn, {
      source: SOURCE,
      subject: tenderId,
      now,
      cause,
      data: { tenderId, bidId, organisationId, withdrawnAt: at },
    });
    const updated = await updateWithEvents(
      deps.repos.bids,
      { _id: bid._id, version: bid.version },
      {
        $set: {
          status: 'withdrawn',
          sealed: null,
          withdrawnAt: at,
          updatedAt: at,
          commitmentHistory: bid.commitmentHistory.map((h) => ({ ...h, superseded: true })),
        },
      },
      [event],
    );
    if (!updated) throw concurrentUpdate();
    if (!(await checkInBidChange(deps, tenderId))) {
      // The closing won the race and opened the bid as it was: the withdrawal did not happen.
      const { status, sealed, withdrawnAt, updatedAt, commitmentHistory } = bid;
      await deps.repos.bids.updateOne(
        { _id: bid._id },
        { $set: { status, sealed, withdrawnAt, updatedAt, commitmentHistory }, $pull: { outbox: { id: event.id } } },
      );
      throw conflict('PROCUREMENT.TENDER_CLOSED', `bids closed at ${tender.deadline}`);
    }
    return updated;
  });
}
