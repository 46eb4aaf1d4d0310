import type { ProcurementApi } from '@sanshe/contracts';
import { conflict, keyedId, notFound, type Cause, type Principal } from '@sanshe/platform';
import type { z } from 'zod';
import { isPastDeadline } from '../domain/tender';
import type { Complaint, Tender } from '../domain/tender-state';
import type { TenderDocument } from '../adapters/store/repositories';
import type { ProcurementDeps } from './deps';
import { actingOrganisation } from './access';
import { retrying } from './retry';
import { settleTender } from './settle-tender';
import { loadTender, saveTender, withRelease } from './tender-store';

type Deps = Pick<ProcurementDeps, 'repos' | 'clock' | 'jobs' | 'settings' | 'keyring'>;

/**
 * A bidder complains during the standstill period; while a complaint is pending the award cannot
 * take effect. With the request's Idempotency-Key record, a try run again finds the complaint the
 * first one filed.
 */
export async function fileComplaint(
  deps: Deps,
  actor: Principal,
  tenderId: string,
  input: z.infer<typeof ProcurementApi.FileComplaintRequest>,
  cause: Cause,
  idempotencyKey: string | null = null,
): Promise<Complaint> {
  const organisationId = actingOrganisation(actor);
  const complaintId = keyedId(idempotencyKey, 'complaint');
  await settleTender(deps, tenderId, cause);
  return retrying(async () => {
    const tender = await loadTender(deps, tenderId);
    const filed = tender.complaints.find((c) => c.complaintId === complaintId);
    if (filed) return filed;
    const bid = tender.openedBids.find((b) => b.organisationId === organisationId);
    if (!bid) throw notFound('PROCUREMENT.TENDER_NOT_FOUND', 'only bidders of this tender may complain');
    const award = tender.award;
    if (
      tender.status !== 'awarded' ||
      !award ||
      award.status !== 'pending' ||
      isPastDeadline(award.standstillEnd, deps.clock.now())
    )
      throw conflict(
        'PROCUREMENT.STANDSTILL_OVER',
        'complaints are taken during the standstill period of a proposed award',
      );
    const complaint: Complaint = {
      complaintId,
      organisationId,
      bidId: bid.bidId,
      awardId: award.awardId,
      title: input.title,
      description: input.description,
      status: 'pending',
      filedAt: deps.clock.now().toISOString(),
      filedBy: actor.sub,
      resolution: null,
      resolvedBy: null,
      resolvedAt: null,
    };
    await saveTender(deps, tender, { ...tender, complaints: [...tender.complaints, complaint] });
    return complaint;
  });
}

/**
 * The buyer (or review body) decides. Upheld: the award is cancelled and the evaluation
 * reopens (the old one is kept in the history); rejected: the award takes effect once
 * the standstill is over and no other complaint is pending.
 */
export async function resolveComplaint(
  deps: Deps,
  actor: Principal,
  tenderId: string,
  complaintId: string,
  input: z.infer<typeof ProcurementApi.ResolveComplaintRequest>,
  cause: Cause,
): Promise<TenderDocument> {
  await retrying(async () => {
    const tender = await loadTender(deps, tenderId);
    const complaint = tender.complaints.find((c) => c.complaintId === complaintId);
    if (!complaint) throw notFound('PROCUREMENT.COMPLAINT_NOT_FOUND', 'no such complaint');
    if (complaint.status !== 'pending') throw conflict('PROCUREMENT.COMPLAINT_RESOLVED', `already ${complaint.status}`);
    const at = deps.clock.now().toISOString();
    const complaints = tender.complaints.map((c) =>
      c.complaintId === complaintId
        ? { ...c, status: input.decision, resolution: input.resolution, resolvedBy: actor.sub, resolvedAt: at }
        : c,
    );
    let next: Tender = { ...tender, complaints };
    if (
      input.decision === 'upheld' &&
      tender.award &&
      tender.award.awardId === complaint.awardId &&
      tender.award.status === 'pending'
    ) {
      const reason = `complaint upheld: ${input.resolution}`;
      next = {
        ...next,
        status: 'evaluation',
        award: null,
        awardHistory: [
          ...tender.awardHistory,
          { ...tender.award, status: 'cancelled', cancelledAt: at, cancelledReason: reason },
        ],
        evaluation: null,
        evaluationHistory: tender.evaluation
          ? [...tender.evaluationHistory, { ...tender.evaluation, supersededAt: at, supersededReason: reason }]
          : tender.evaluationHistory,
      };
      next = withRelease(deps, next, ['awardCancellation'], at);
    }
    return saveTender(deps, tender, next);
  });
  return (await settleTender(deps, tenderId, cause)) ?? loadTender(deps, tenderId);
}
