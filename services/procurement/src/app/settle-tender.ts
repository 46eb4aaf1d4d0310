import { TenderAwarded, TenderClosed, TenderFailed, type EventEnvelope } from '@sanshe/contracts';
import { createEvent, type Cause } from '@sanshe/platform';
import { bidCommitment } from '../domain/commitment';
import { eligibilityChecks } from '../domain/organisation';
import { detectConflict } from '../domain/panel';
import { unseal } from '../domain/sealing';
import { isPastDeadline } from '../domain/tender';
import { minQualifiedBids, type OpenedBid, type PublishedCommitment, type Tender } from '../domain/tender-state';
import type { BidDocument, TenderDocument } from '../adapters/store/repositories';
import type { ProcurementDeps } from './deps';
import { retrying } from './retry';
import { SOURCE } from './source';
import { saveTender, withRelease } from './tender-store';

type Deps = Pick<ProcurementDeps, 'repos' | 'clock' | 'jobs' | 'settings' | 'keyring'>;

/** The associated data that ties a sealed box to its bid: a box cannot be moved to another bid. */
export const bidAad = (b: Pick<BidDocument, '_id' | 'tenderId' | 'organisationId'>) =>
  `sanshe-bid|${b.tenderId}|${b._id}|${b.organisationId}`;

/**
 * Applies whatever the clock has made due: closing at the deadline (the bids open
 * together) and the end of the standstill period (the award takes effect). Run by the
 * jobs, and also before any action or read of the tender, so a late or lost job never
 * keeps bids sealed or an award pending past its time. Idempotent.
 */
export function settleTender(
  deps: Deps,
  tenderId: string,
  cause: Cause,
  by: 'job' | 'clock' = 'clock',
): Promise<TenderDocument | null> {
  return retrying(async () => {
    const tender = await deps.repos.tenders.findOne({ _id: tenderId });
    if (!tender) return null;
    const now = deps.clock.now();
    if (tender.status === 'tendering' && isPastDeadline(tender.deadline, now))
      return closeTender(deps, tender, cause, by);
    if (
      tender.status === 'awarded' &&
      tender.award?.status === 'pending' &&
      isPastDeadline(tender.award.standstillEnd, now)
    )
      return finaliseAward(deps, tender, cause);
    return tender;
  });
}

async function openBid(deps: Deps, bid: BidDocument, privateKey: Buffer | null) {
  if (bid.opened) return bid.opened;
  if (!bid.sealed || !privateKey) throw new Error(`bid ${bid._id} has no sealed content`);
  const content = JSON.parse(unseal(privateKey, bid.sealed, bidAad(bid)).toString('utf8')) as {
    priceFen: number;
    proposal: string;
    nonce: string;
  };
  // Written before the tender moves on: a crash in between opens again, harmlessly.
  await deps.repos.bids.updateOne({ _id: bid._id }, { $set: { opened: content } });
  return content;
}

async function closeTender(deps: Deps, tender: TenderDocument, cause: Cause, by: 'job' | 'clock') {
  const now = deps.clock.now();
  const at = now.toISOString();
  const all = await deps.repos.bids.find({ tenderId: tender._id }, { sort: { submittedAt: 1 } });
  const active = all.filter((b) => b.status === 'submitted');
  const privateKey = active.length > 0 ? await deps.keyring.privateKey(tender._id) : null;
  const organisations = await deps.repos.organisations.find({ _id: { $in: all.map((b) => b.organisationId) } });
  const orgs = new Map(organisations.map((o) => [o._id, o]));
  const deadline = new Date(tender.deadline);

  const openedBids: OpenedBid[] = [];
  for (const bid of active) {
    const content = await openBid(deps, bid, privateKey);
    const org = orgs.get(bid.organisationId);
    const intact =
      bidCommitment({ tenderId: tender._id, organisationId: bid.organisationId, ...content }, content.nonce) ===
      bid.commitment;
    const checks = [
      {
        check: 'commitment',
        passed: intact,
        detail: intact ? 'content matches the commitment receipt' : 'content does not match its commitment',
      },
      {
        check: 'price_ceiling',
        passed: content.priceFen <= tender.budgetCeilingFen,
        detail: `price ${content.priceFen} fen; ceiling ${tender.budgetCeilingFen} fen`,
      },
      // Standing and eligibility as they were at the deadline.
      ...(org
        ? eligibilityChecks(org, { eligibility: tender.eligibility }, deadline)
        : [{ check: 'registered', passed: false, detail: 'organisation not in the registry' }]),
    ];
    const failed = checks.filter((c) => !c.passed);
    openedBids.push({
      bidId: bid._id,
      organisationId: bid.organisationId,
      organisationName: org?.name ?? '',
      uscc: org?.uscc ?? '',
      priceFen: content.priceFen,
      submittedAt: bid.updatedAt,
      revision: bid.revision,
      commitment: bid.commitment,
      checks,
      qualification: failed.length > 0 ? 'disqualified' : 'pending',
      reason: failed.length > 0 ? `automatic checks: ${failed.map((c) => c.detail).join('; ')}` : null,
      decidedBy: failed.length > 0 ? 'automatic' : null,
      decidedAt: failed.length > 0 ? at : null,
    });
  }
  privateKey?.fill(0);
  const commitments: PublishedCommitment[] = all.map((b) => ({
    bidId: b._id,
    organisationId: b.organisationId,
    organisationName: orgs.get(b.organisationId)?.name ?? '',
    status: b.status,
    commitment: b.commitment,
    history: b.commitmentHistory,
  }));
  const stillIn = openedBids.filter((b) => b.qualification !== 'disqualified').length;
  const minimum = minQualifiedBids(tender);
  const failed = stillIn < minimum;
  const panel = {
    ...tender.panel,
    members: tender.panel.members.map((m) => ({
      ...m,
      detectedConflict:
        m.detectedConflict ??
        detectConflict(
          m,
          openedBids.map((b) => ({ subjectId: b.bidId, organisationId: b.organisationId })),
          null,
        ),
    })),
  };
  let next: Tender = {
    ...tender,
    status: failed ? 'unsuccessful' : 'closed',
    closedAt: at,
    closedBy: by,
    bidCount: active.length,
    openedBids,
    commitments,
    panel,
    failure: failed
      ? {
          stage: 'closing',
          reason: `${stillIn} eligible bids; the ${tender.method} procedure needs at least ${minimum}`,
          at,
        }
      : null,
  };
  next = withRelease(deps, next, ['tenderUpdate'], at);
  const events: EventEnvelope[] = [
    createEvent(TenderClosed, {
      source: SOURCE,
      subject: tender._id,
      now,
      cause,
      data: {
        tenderId: tender._id,
        bidCount: active.length,
        closedAt: at,
        commitments: active.map((b) => ({ bidId: b._id, organisationId: b.organisationId, commitment: b.commitment })),
      },
    }),
  ];
  if (failed && next.failure)
    events.push(
      createEvent(TenderFailed, {
        source: SOURCE,
        subject: tender._id,
        now,
        cause,
        data: {
          tenderId: tender._id,
          projectId: tender.projectId,
          reason: next.failure.reason,
          failedAt: at,
          stage: 'closing',
          qualifiedBids: stillIn,
        },
      }),
    );
  return saveTender(deps, tender, next, events);
}

async function finaliseAward(deps: Deps, tender: TenderDocument, cause: Cause) {
  const award = tender.award;
  if (!award || tender.complaints.some((c) => c.status === 'pending' && c.awardId === award.awardId)) return tender;
  const now = deps.clock.now();
  const at = now.toISOString();
  const next = withRelease(
    deps,
    { ...tender, status: 'complete' as const, award: { ...award, status: 'active' as const, activatedAt: at } },
    ['awardUpdate'],
    at,
  );
  const event = createEvent(TenderAwarded, {
    source: SOURCE,
    subject: tender._id,
    now,
    cause,
    data: {
      tenderId: tender._id,
      projectId: tender.projectId,
      awardId: award.awardId,
      title: tender.title,
      category: tender.category,
      needIds: tender.needIds,
      organisationId: award.organisationId,
      organisationName: award.organisationName,
      amountFen: award.amountFen,
      fundingMode: tender.fundingMode,
      tranches: tender.tranches,
      awardedAt: at,
      bidId: award.bidId,
      totalScore: award.totalScore,
    },
  });
  return saveTender(deps, tender, next, [event]);
}
