import type { JobQueue } from '@sanshe/platform';
import { z } from 'zod';
import { closeTender } from '../../app/close-tender';
import { CLOSE_TENDER_JOB } from '../../app/source';

const Payload = z.object({ tenderId: z.uuid() });

export function registerJobs(jobs: JobQueue, deps: Parameters<typeof closeTender>[0] & { nudge: () => void }): void {
  jobs.register(CLOSE_TENDER_JOB, async (payload) => {
    const { tenderId } = Payload.parse(payload);
    await closeTender(deps, tenderId, { correlationId: `job:${CLOSE_TENDER_JOB}:${tenderId}`, causationId: null });
    deps.nudge();
  });
}
