import { z } from 'zod';
import type { ProcurementDeps } from '../../app/deps';
import { settleRound } from '../../app/settle-round';
import { settleTender } from '../../app/settle-tender';
import { CLOSE_ROUND_JOB, CLOSE_TENDER_JOB, FINALISE_AWARD_JOB } from '../../app/source';

const TenderPayload = z.object({ tenderId: z.uuid() });
const RoundPayload = z.object({ roundId: z.uuid() });

/**
 * The deadline jobs. Each only asks the clock-driven settle of its tender or round to
 * run, which decides by the server clock; a job that fires early (clock skew between
 * hosts) is scheduled again for the due time.
 */
export function registerJobs(deps: ProcurementDeps & { nudge: () => void }): void {
  const retryAt = async (name: string, id: string, due: string, payload: object) => {
    if (deps.clock.now().getTime() < new Date(due).getTime())
      await deps.jobs.schedule({ name, payload, runAt: new Date(due), jobId: `${name}:${id}:retry` });
  };

  deps.jobs.register(CLOSE_TENDER_JOB, async (payload) => {
    const { tenderId } = TenderPayload.parse(payload);
    const tender = await settleTender(
      deps,
      tenderId,
      { correlationId: `job:${CLOSE_TENDER_JOB}:${tenderId}`, causationId: null },
      'job',
    );
    if (tender?.status === 'tendering') await retryAt(CLOSE_TENDER_JOB, tenderId, tender.deadline, { tenderId });
    deps.nudge();
  });

  deps.jobs.register(FINALISE_AWARD_JOB, async (payload) => {
    const { tenderId } = TenderPayload.parse(payload);
    const tender = await settleTender(
      deps,
      tenderId,
      { correlationId: `job:${FINALISE_AWARD_JOB}:${tenderId}`, causationId: null },
      'job',
    );
    if (tender?.status === 'awarded' && tender.award?.status === 'pending')
      await retryAt(FINALISE_AWARD_JOB, tenderId, tender.award.standstillEnd, { tenderId });
    deps.nudge();
  });

  deps.jobs.register(CLOSE_ROUND_JOB, async (payload) => {
    const { roundId } = RoundPayload.parse(payload);
    const round = await settleRound(deps, roundId, {
      correlationId: `job:${CLOSE_ROUND_JOB}:${roundId}`,
      causationId: null,
    });
    if (round?.status === 'open') await retryAt(CLOSE_ROUND_JOB, roundId, round.deadline, { roundId });
    deps.nudge();
  });
}
