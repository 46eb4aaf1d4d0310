import type { ProcurementApi } from '@sanshe/contracts';
import { conflict, updateWithEvents, type Cause, type Principal } from '@sanshe/platform';
import type { z } from 'zod';
import type { TenderDocument } from '../adapters/store/repositories';
import type { ProcurementDeps } from './deps';
import { openTender } from './open-tender';
import { loadTender } from './tender-store';

/**
 * Re-runs a failed (流标) or cancelled tender as a new procedure for the same project:
 * a new ocid, a new sealing key and deadline, optionally another method; the reason and
 * any method change are recorded, and the two tenders point at each other.
 */
export async function rerunTender(
  deps: Pick<ProcurementDeps, 'repos' | 'clock' | 'jobs' | 'settings'>,
  actor: Principal,
  tenderId: string,
  input: z.infer<typeof ProcurementApi.RerunTenderRequest>,
  cause: Cause,
): Promise<TenderDocument> {
  const old = await loadTender(deps, tenderId);
  if (old.status !== 'unsuccessful' && old.status !== 'cancelled')
    throw conflict('PROCUREMENT.INVALID_TRANSITION', `a ${old.status} tender cannot be re-run`);
  if (old.nextTenderId) throw conflict('PROCUREMENT.ALREADY_RERUN', `re-run as ${old.nextTenderId}`);
  const at = deps.clock.now().toISOString();
  const method = input.method ?? old.method;
  const created = await openTender(
    deps,
    {
      projectId: old.projectId,
      title: old.title,
      description: old.description,
      category: old.category,
      communityCodes: old.communityCodes,
      needIds: old.needIds,
      budgetFen: old.budgetFen,
      budgetCeilingFen: old.budgetCeilingFen,
      fundingMode: old.fundingMode,
      tranches: old.tranches,
      servicePeriod: old.servicePeriod ?? null,
      method,
      methodJustification: method === old.method ? old.methodJustification : input.reason,
      criteria: old.criteria,
      eligibility: old.eligibility,
      publishedAt: old.publishedAt,
    },
    {
      attempt: old.attempt + 1,
      previousTenderId: old._id,
      deadline: null,
      methodChanges:
        method === old.method ? [] : [{ from: old.method, to: method, reason: input.reason, by: actor.sub, at }],
      ...(input.tenderPeriodSeconds ? { tenderPeriodSeconds: input.tenderPeriodSeconds } : {}),
    },
    cause,
  );
  if (!created) throw conflict('PROCUREMENT.RERUN_FAILED', 'the re-run could not be opened');
  await updateWithEvents(
    deps.repos.tenders,
    { _id: old._id, version: old.version },
    { $set: { nextTenderId: created._id, rerunReason: input.reason } },
    [],
  );
  return created;
}
