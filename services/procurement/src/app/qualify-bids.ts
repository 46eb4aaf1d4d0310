import { TenderFailed, type EventEnvelope, type ProcurementApi } from '@sanshe/contracts';
import { conflict, createEvent, unprocessable, type Cause, type Principal } from '@sanshe/platform';
import type { z } from 'zod';
import { minQualifiedBids, type Tender } from '../domain/tender-state';
import type { TenderDocument } from '../adapters/store/repositories';
import type { ProcurementDeps } from './deps';
import { retrying } from './retry';
import { settleTender } from './settle-tender';
import { SOURCE } from './source';
import { loadTender, saveTender, withRelease } from './tender-store';

/**
 * Manual qualification after the automatic checks: each opened bid is qualified, or
 * disqualified with its reason. Once none is pending, the tender goes to evaluation,
 * or fails (流标) with fewer qualified bids than its method needs. While an upheld
 * complaint has reopened the evaluation, a bid may still be disqualified.
 */
export async function qualifyBids(
  deps: Pick<ProcurementDeps, 'repos' | 'clock' | 'jobs' | 'settings' | 'keyring'>,
  actor: Principal,
  tenderId: string,
  input: z.infer<typeof ProcurementApi.QualifyBidsRequest>,
  cause: Cause,
): Promise<TenderDocument> {
  await settleTender(deps, tenderId, cause);
  return retrying(async () => {
    const tender = await loadTender(deps, tenderId);
    const reopened = tender.status === 'evaluation' && tender.evaluation === null;
    if (tender.status !== 'closed' && !reopened)
      throw conflict('PROCUREMENT.INVALID_TRANSITION', `bids of a ${tender.status} tender cannot be qualified now`);
    const now = deps.clock.now();
    const at = now.toISOString();
    const problems: Array<{ field: string; reason: string }> = [];
    const decided = new Map(input.decisions.map((d) => [d.bidId, d]));
    for (const d of input.decisions) {
      const bid = tender.openedBids.find((b) => b.bidId === d.bidId);
      if (!bid) problems.push({ field: 'decisions.bidId', reason: `${d.bidId} is not an opened bid of this tender` });
      else if (bid.decidedBy === 'automatic' && d.qualified)
        problems.push({
          field: 'decisions.qualified',
          reason: `${d.bidId} failed the automatic checks: ${bid.reason ?? ''}`,
        });
      else if (reopened && d.qualified && bid.qualification !== 'qualified')
        problems.push({
          field: 'decisions.qualified',
          reason: `${d.bidId}: only disqualifications while evaluation is reopened`,
        });
    }
    if (problems.length > 0)
      throw unprocessable('PROCUREMENT.INVALID_QUALIFICATION', 'some decisions cannot be applied', problems);
    const openedBids = tender.openedBids.map((b) => {
      const d = decided.get(b.bidId);
      if (!d) return b;
      return {
        ...b,
        qualification: d.qualified ? ('qualified' as const) : ('disqualified' as const),
        reason: d.qualified ? null : (d.reason ?? null),
        decidedBy: actor.sub,
        decidedAt: at,
      };
    });
    let next: Tender = { ...tender, openedBids };
    const events: EventEnvelope[] = [];
    if (!openedBids.some((b) => b.qualification === 'pending')) {
      const qualified = openedBids.filter((b) => b.qualification === 'qualified').length;
      const minimum = minQualifiedBids(tender);
      if (qualified < minimum) {
        const reason = `${qualified} qualified bids; the ${tender.method} procedure needs at least ${minimum}`;
        next = { ...next, status: 'unsuccessful', failure: { stage: 'qualification', reason, at } };
        events.push(
          createEvent(TenderFailed, {
            source: SOURCE,
            subject: tenderId,
            now,
            cause,
            data: {
              tenderId,
              projectId: tender.projectId,
              reason,
              failedAt: at,
              stage: 'qualification',
              qualifiedBids: qualified,
            },
          }),
        );
      } else next = { ...next, status: 'evaluation' };
    }
    next = withRelease(deps, next, ['tenderUpdate'], at);
    return saveTender(deps, tender, next, events);
  });
}
