import { TenderClosed, TenderFailed, type EventEnvelope } from '@sanshe/contracts';
import { createEvent, updateWithEvents, type Cause, type Clock, type JobQueue } from '@sanshe/platform';
import { closingStatus, isPastDeadline } from '../domain/tender';
import type { Repositories, TenderDocument } from '../adapters/store/repositories';
import type { ProcurementSettings } from '../settings';
import { CLOSE_TENDER_JOB, SOURCE } from './source';

/**
 * Closes a tender once its deadline has passed. Run by the deadline job, and also
 * on demand by any action that needs a closed tender, so a late or lost job never
 * keeps bids sealed past the deadline. Idempotent.
 */
export async function closeTender(
  deps: { repos: Repositories; clock: Clock; jobs: JobQueue; settings: ProcurementSettings },
  tenderId: string,
  cause: Cause,
): Promise<TenderDocument | null> {
  const tender = await deps.repos.tenders.findOne({ _id: tenderId });
  if (!tender || tender.status !== 'tendering') return tender;
  const now = deps.clock.now();
  if (!isPastDeadline(tender.deadline, now)) {
    // The job fired early (clock skew between hosts): come back at the deadline.
    await deps.jobs.schedule({
      name: CLOSE_TENDER_JOB,
      payload: { tenderId },
      runAt: new Date(tender.deadline),
      jobId: `${CLOSE_TENDER_JOB}:${tenderId}:retry`,
    });
    return tender;
  }
  const bidCount = await deps.repos.bids.countDocuments({ tenderId });
  const status = closingStatus(bidCount, deps.settings.MIN_QUALIFIED_BIDS);
  const at = now.toISOString();
  const events: EventEnvelope[] = [
    createEvent(TenderClosed, {
      source: SOURCE,
      subject: tenderId,
      now,
      cause,
      data: { tenderId, bidCount, closedAt: at },
    }),
  ];
  if (status === 'unsuccessful') {
    events.push(
      createEvent(TenderFailed, {
        source: SOURCE,
        subject: tenderId,
        now,
        cause,
        data: {
          tenderId,
          projectId: tender.projectId,
          reason: `${bidCount} bids; at least ${deps.settings.MIN_QUALIFIED_BIDS} are needed`,
          failedAt: at,
        },
      }),
    );
  }
  const updated = await updateWithEvents(
    deps.repos.tenders,
    { _id: tenderId, version: tender.version, status: 'tendering' },
    { $set: { status, bidCount } },
    events,
  );
  // Null means a concurrent close won; read what it wrote.
  return updated ?? deps.repos.tenders.findOne({ _id: tenderId });
}
