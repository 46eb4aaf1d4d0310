import { SocialWorkersChanged, type ProcurementApi } from '@sanshe/contracts';
import { createEvent, unprocessable, updateWithEvents, type Cause, type Principal } from '@sanshe/platform';
import type { z } from 'zod';
import { certifiedPercent, stationsOutside } from '../domain/organisation';
import type { OrganisationDocument } from '../adapters/store/repositories';
import type { ProcurementDeps } from './deps';
import { editableOrganisation } from './organisation-access';
import { concurrentUpdate, retrying } from './retry';
import { SOURCE } from './source';

/**
 * Replaces the organisation's social workers: certificate levels (so its certified share),
 * the generalist flag and where each is stationed. Announces the roster without names or
 * certificate numbers, for the policy indicators.
 */
export function setSocialWorkers(
  deps: Pick<ProcurementDeps, 'repos' | 'clock'>,
  actor: Principal,
  organisationId: string,
  input: z.infer<typeof ProcurementApi.SetSocialWorkersRequest>,
  cause: Cause,
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
    const outside = stationsOutside(org.serviceAreaCodes, input.workers);
    if (outside.length > 0)
      throw unprocessable(
        'PROCUREMENT.STATION_OUTSIDE_SERVICE_AREA',
        'a social worker is stationed outside the organisation’s service areas',
        outside.map((reason) => ({ field: 'workers.communityCodes', reason })),
      );
    const now = deps.clock.now();
    const before = certifiedPercent(org.socialWorkers);
    const after = certifiedPercent(input.workers);
    const entry = {
      at: now.toISOString(),
      by: actor.sub,
      action: 'social_workers_set',
      detail: `${org.socialWorkers.length} → ${input.workers.length} workers; certified ${before}% → ${after}%`,
    };
    const event = createEvent(SocialWorkersChanged, {
      source: SOURCE,
      subject: org._id,
      now,
      cause,
      data: {
        organisationId: org._id,
        workers: input.workers.map((w) => ({
          workerId: w.workerId,
          certificateLevel: w.certificateLevel,
          generalist: w.generalist,
          communityCodes: w.communityCodes,
        })),
        // The version this write produces: a later roster always carries a higher one.
        revision: org.version + 1,
        changedAt: now.toISOString(),
      },
    });
    const updated = await updateWithEvents(
      deps.repos.organisations,
      { _id: org._id, version: org.version },
      { $set: { socialWorkers: input.workers }, $push: { audit: entry } },
      [event],
    );
    if (!updated) throw concurrentUpdate();
    return updated;
  });
}
