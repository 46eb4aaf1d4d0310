import type { ProcurementApi } from '@sanshe/contracts';
import { unprocessable, updateWithEvents, type Principal } from '@sanshe/platform';
import type { z } from 'zod';
import { certifiedPercent } from '../domain/organisation';
import type { OrganisationDocument } from '../adapters/store/repositories';
import type { ProcurementDeps } from './deps';
import { editableOrganisation } from './organisation-access';
import { concurrentUpdate, retrying } from './retry';

/** Replaces the organisation's social workers and their certificate levels (so its certified share). */
export function setSocialWorkers(
  deps: Pick<ProcurementDeps, 'repos' | 'clock'>,
  actor: Principal,
  organisationId: string,
  input: z.infer<typeof ProcurementApi.SetSocialWorkersRequest>,
): Promise<OrganisationDocument> {
  return retrying(async () => {
    const org = await editableOrganisation(deps, actor, organisationId);
    const ids = input.workers.map((w) => w.workerId);
    const dup = ids.find((id, i) => ids.indexOf(id) !== i);
    if (dup)
      throw unprocessable('PROCUREMENT.DUPLICATE_WORKER', 'a worker is listed twice', [
        { field: 'workers', reason: `${dup} twice` },
      ]);
    const missingNumber = input.workers.find((w) => w.certificateLevel !== 'none' && !w.certificateNumber);
    if (missingNumber)
      throw unprocessable(
        'PROCUREMENT.CERTIFICATE_NUMBER_MISSING',
        'a certified social worker needs the certificate number',
        [{ field: 'workers.certificateNumber', reason: `missing for ${missingNumber.workerId}` }],
      );
    const before = certifiedPercent(org.socialWorkers);
    const after = certifiedPercent(input.workers);
    const entry = {
      at: deps.clock.now().toISOString(),
      by: actor.sub,
      action: 'social_workers_set',
      detail: `${org.socialWorkers.length} → ${input.workers.length} workers; certified ${before}% → ${after}%`,
    };
    const updated = await updateWithEvents(
      deps.repos.organisations,
      { _id: org._id, version: org.version },
      { $set: { socialWorkers: input.workers }, $push: { audit: entry } },
      [],
    );
    if (!updated) throw concurrentUpdate();
    return updated;
  });
}
