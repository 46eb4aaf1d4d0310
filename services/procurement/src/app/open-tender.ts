import { TenderOpened, type EventData, type ProjectPublished } from '@sanshe/contracts';
import {
  createEvent,
  DuplicateKeyError,
  insertWithEvents,
  newId,
  type Cause,
  type Clock,
  type JobQueue,
} from '@sanshe/platform';
import type { Repositories } from '../adapters/store/repositories';
import type { ProcurementSettings } from '../settings';
import { CLOSE_TENDER_JOB, SOURCE } from './source';

/** Opens a tender for a published project; a redelivered event finds the tender already there. */
export async function openTender(
  deps: { repos: Repositories; clock: Clock; jobs: JobQueue; settings: ProcurementSettings },
  project: EventData<typeof ProjectPublished>,
  cause: Cause,
): Promise<void> {
  const existing = await deps.repos.tenders.findOne({ projectId: project.projectId });
  const now = deps.clock.now();
  let tender = existing;
  if (!tender) {
    const tenderId = newId();
    const deadline = new Date(now.getTime() + deps.settings.TENDER_PERIOD_SECONDS * 1000).toISOString();
    const event = createEvent(TenderOpened, {
      source: SOURCE,
      subject: tenderId,
      now,
      cause,
      data: { tenderId, projectId: project.projectId, title: project.title, budgetFen: project.budgetFen, deadline },
    });
    try {
      tender = await insertWithEvents(
        deps.repos.tenders,
        {
          _id: tenderId,
          projectId: project.projectId,
          title: project.title,
          category: project.category,
          needIds: project.needIds,
          budgetFen: project.budgetFen,
          fundingMode: project.fundingMode,
          tranches: project.tranches,
          deadline,
          status: 'tendering',
          bidCount: 0,
          evaluation: null,
          awardedBidId: null,
          openedAt: now.toISOString(),
        },
        [event],
      );
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
      tender = await deps.repos.tenders.findOne({ projectId: project.projectId });
    }
  }
  // Scheduling again is harmless (the job id de-duplicates) and heals a crash before the first schedule.
  if (tender && tender.status === 'tendering') {
    await deps.jobs.schedule({
      name: CLOSE_TENDER_JOB,
      payload: { tenderId: tender._id },
      runAt: new Date(tender.deadline),
      jobId: `${CLOSE_TENDER_JOB}:${tender._id}`,
    });
  }
}
