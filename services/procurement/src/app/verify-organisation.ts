import { OrganisationVerified } from '@sanshe/contracts';
import { conflict, createEvent, notFound, updateWithEvents, type Cause, type Principal } from '@sanshe/platform';
import type { OrganisationDocument } from '../adapters/store/repositories';
import type { ProcurementDeps } from './deps';
import { concurrentUpdate, retrying } from './retry';
import { SOURCE } from './source';

/** An official confirms the registration against the civil-affairs record. */
export function verifyOrganisation(
  deps: Pick<ProcurementDeps, 'repos' | 'clock'>,
  actor: Principal,
  organisationId: string,
  note: string | undefined,
  cause: Cause,
): Promise<OrganisationDocument> {
  return retrying(async () => {
    const org = await deps.repos.organisations.findOne({ _id: organisationId });
    if (!org) throw notFound('PROCUREMENT.ORGANISATION_NOT_FOUND', 'no such organisation');
    if (org.verifiedAt) throw conflict('PROCUREMENT.ALREADY_VERIFIED', `verified on ${org.verifiedAt}`);
    const now = deps.clock.now();
    const at = now.toISOString();
    const updated = await updateWithEvents(
      deps.repos.organisations,
      { _id: org._id, version: org.version },
      {
        $set: { verifiedAt: at, verifiedBy: actor.sub },
        $push: { audit: { at, by: actor.sub, action: 'verified', detail: note ?? '' } },
      },
      [
        createEvent(OrganisationVerified, {
          source: SOURCE,
          subject: org._id,
          now,
          cause,
          data: { organisationId, verifiedBy: actor.sub, verifiedAt: at },
        }),
      ],
    );
    if (!updated) throw concurrentUpdate();
    return updated;
  });
}
