import { TenderCancelled } from '@sanshe/contracts';
import { conflict, createEvent, type Cause } from '@sanshe/platform';
import type { TenderDocument } from '../adapters/store/repositories';
import type { ProcurementDeps } from './deps';
import { retrying } from './retry';
import { CLOSE_TENDER_JOB, SOURCE } from './source';
import { loadTender, saveTender, withRelease } from './tender-store';

const FINAL = ['complete', 'unsuccessful', 'cancelled'];

/** The buyer cancels the procedure, with the reason, before the award takes effect (or its project was cancelled). */
export async function cancelTender(
  deps: Pick<ProcurementDeps, 'repos' | 'clock' | 'jobs' | 'settings'>,
  by: string,
  tenderId: string,
  reason: string,
  cause: Cause,
): Promise<TenderDocument> {
  const saved = await retrying(async () => {
    const tender = await loadTender(deps, tenderId);
    if (FINAL.includes(tender.status))
      throw conflict('PROCUREMENT.INVALID_TRANSITION', `a ${tender.status} tender cannot be cancelled`);
    const now = deps.clock.now();
    const at = now.toISOString();
    const award = tender.award
      ? { ...tender.award, status: 'cancelled' as const, cancelledAt: at, cancelledReason: reason }
      : null;
    const next = withRelease(
      deps,
      {
        ...tender,
        status: 'cancelled' as const,
        cancellation: { reason, by, at },
        award: null,
        awardHistory: award ? [...tender.awardHistory, award] : tender.awardHistory,
      },
      ['tenderCancellation'],
      at,
    );
    return saveTender(deps, tender, next, [
      createEvent(TenderCancelled, {
        source: SOURCE,
        subject: tenderId,
        now,
        cause,
        data: { tenderId, projectId: tender.projectId, reason, cancelledBy: by, cancelledAt: at },
      }),
    ]);
  });
  await deps.jobs.cancel(`${CLOSE_TENDER_JOB}:${tenderId}`);
  return saved;
}

/** The project was cancelled in design: its procedure still running is cancelled with the same reason. */
export async function cancelProjectTenders(
  deps: Pick<ProcurementDeps, 'repos' | 'clock' | 'jobs' | 'settings'>,
  project: { projectId: string; reason: string; cancelledBy: string },
  cause: Cause,
): Promise<void> {
  const running = await deps.repos.tenders.find({ projectId: project.projectId, status: { $nin: FINAL } });
  for (const t of running)
    await cancelTender(deps, project.cancelledBy, t._id, `project cancelled: ${project.reason}`, cause);
}
