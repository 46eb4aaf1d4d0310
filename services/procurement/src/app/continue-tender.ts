import type { ProcurementApi } from '@sanshe/contracts';
import { conflict, unprocessable, type Principal } from '@sanshe/platform';
import type { z } from 'zod';
import { METHOD_DETAILS } from '../domain/tender';
import type { Tender } from '../domain/tender-state';
import type { TenderDocument } from '../adapters/store/repositories';
import type { ProcurementDeps } from './deps';
import { retrying } from './retry';
import { loadTender, saveTender, withRelease } from './tender-store';

/**
 * After 流标, switches the failed tender to another method and continues with the bids
 * it has, with the reason recorded: e.g. competitive consultation for purchased services
 * may continue with 2 qualified bids where an open tender needed 3. Qualification picks
 * up where it stopped.
 */
export function continueTender(
  deps: Pick<ProcurementDeps, 'repos' | 'clock' | 'settings'>,
  actor: Principal,
  tenderId: string,
  input: z.infer<typeof ProcurementApi.ContinueTenderRequest>,
): Promise<TenderDocument> {
  return retrying(async () => {
    const tender = await loadTender(deps, tenderId);
    if (tender.status !== 'unsuccessful' || !tender.failure || tender.closedAt === null)
      throw conflict(
        'PROCUREMENT.INVALID_TRANSITION',
        'only a tender that failed for too few bids can continue under another method',
      );
    if (input.method === tender.method)
      throw unprocessable('PROCUREMENT.SAME_METHOD', 'choose another method', [
        { field: 'method', reason: `already ${tender.method}` },
      ]);
    const minimum = tender.policy.minQualifiedBids[input.method];
    const stillIn = tender.openedBids.filter((b) => b.qualification !== 'disqualified').length;
    if (stillIn < minimum)
      throw unprocessable(
        'PROCUREMENT.TOO_FEW_BIDS',
        `${METHOD_DETAILS[input.method]} needs at least ${minimum} bids; ${stillIn} remain`,
        [{ field: 'method', reason: `needs ${minimum} bids` }],
      );
    const at = deps.clock.now().toISOString();
    const pending = tender.openedBids.some((b) => b.qualification === 'pending');
    const next: Tender = {
      ...tender,
      method: input.method,
      methodChanges: [
        ...tender.methodChanges,
        { from: tender.method, to: input.method, reason: input.reason, by: actor.sub, at },
      ],
      status: pending ? 'closed' : 'evaluation',
      failure: null,
    };
    return saveTender(deps, tender, withRelease(deps, next, ['tenderAmendment'], at));
  });
}
