import { z } from 'zod';
import type { IntakeDeps } from '../../app/deps';
import { escalateIfUnacknowledged, remindOwner } from '../../app/sla-jobs';
import { SLA_ESCALATE_JOB, SLA_REMIND_JOB } from '../../app/source';

const Payload = z.object({ needId: z.uuid() });

export function registerSlaJobs(deps: IntakeDeps & { nudge: () => void }): void {
  deps.jobs.register(SLA_REMIND_JOB, async (payload) => {
    await remindOwner(deps, Payload.parse(payload).needId);
  });
  deps.jobs.register(SLA_ESCALATE_JOB, async (payload) => {
    await escalateIfUnacknowledged(deps, Payload.parse(payload).needId);
    deps.nudge();
  });
}
