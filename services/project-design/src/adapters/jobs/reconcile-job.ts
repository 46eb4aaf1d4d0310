import { z } from 'zod';
import type { DesignDeps } from '../../app/deps';
import { reconcileProject } from '../../app/reconcile-project';
import { RECONCILE_JOB } from '../../app/source';

const Payload = z.object({ projectId: z.uuid() });

export function registerJobs(deps: DesignDeps): void {
  deps.jobs.register(RECONCILE_JOB, async (payload) => {
    await reconcileProject(deps, Payload.parse(payload).projectId);
  });
}
