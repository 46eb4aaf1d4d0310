import { ProcurementApi } from '@sanshe/contracts';
import type { ApiRouter } from '@sanshe/platform';
import { z } from 'zod';
import type { ProcurementDeps } from '../../app/deps';
import { policyAt } from '../../domain/policy';

/** The procurement rules, dated: what is in force now and every version (public, as rules are). */
export function registerPolicyRoutes(api: ApiRouter, deps: Pick<ProcurementDeps, 'settings' | 'clock'>): void {
  api.route({
    method: 'get',
    path: '/policies',
    summary: 'Procurement policies with their effective dates, and the one in force now',
    tags: ['policy'],
    roles: 'public',
    response: z.object({ inForce: ProcurementApi.PolicyView, all: z.array(ProcurementApi.PolicyView) }),
    handler: async () => ({ inForce: policyAt(deps.settings.policies, deps.clock.now()), all: deps.settings.policies }),
  });
}
