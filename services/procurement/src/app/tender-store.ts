import type { EventEnvelope } from '@sanshe/contracts';
import { notFound } from '@sanshe/platform';
import { buildRelease, type ReleaseTag } from '../domain/ocds';
import type { Tender } from '../domain/tender-state';
import type { TenderDocument } from '../adapters/store/repositories';
import type { ProcurementDeps } from './deps';
import { concurrentUpdate } from './retry';

export async function loadTender(deps: Pick<ProcurementDeps, 'repos'>, tenderId: string): Promise<TenderDocument> {
  const tender = await deps.repos.tenders.findOne({ _id: tenderId });
  if (!tender) throw notFound('PROCUREMENT.TENDER_NOT_FOUND', 'no such tender');
  return tender;
}

/** The next state with its OCDS release appended: the snapshot is stored by the same write as the change. */
export function withRelease<T extends Tender>(
  deps: Pick<ProcurementDeps, 'settings'>,
  next: T,
  tags: readonly ReleaseTag[],
  date: string,
): T {
  const publisher = { buyerId: deps.settings.ocds.buyerId, buyerName: deps.settings.ocds.buyerName };
  return { ...next, releases: [...next.releases, buildRelease(next, tags, date, publisher)] };
}

/** Saves a tender's next state; a lost race is a CONCURRENT_UPDATE that `retrying` runs again. */
export async function saveTender(
  deps: Pick<ProcurementDeps, 'repos'>,
  prev: TenderDocument,
  next: Tender,
  events: readonly EventEnvelope[] = [],
): Promise<TenderDocument> {
  const saved = await deps.repos.saveTender(prev, next, events);
  if (!saved) throw concurrentUpdate();
  return saved;
}

/**
 * A bid write counts only if the tender is still tendering once it is stored. The
 * check-in bumps the tender's version, so a closing that read the bids before it fails
 * its guarded write and reads them again; a check-in that finds the tender closed
 * tells the caller to undo its write and refuse (a submission racing the closing).
 */
export async function checkInBidChange(deps: Pick<ProcurementDeps, 'repos'>, tenderId: string): Promise<boolean> {
  const result = await deps.repos.tenders.updateOne({ _id: tenderId, status: 'tendering' }, { $inc: { version: 1 } });
  return result.matched > 0;
}
