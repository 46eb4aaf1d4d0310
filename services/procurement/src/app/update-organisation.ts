import type { ProcurementApi } from '@sanshe/contracts';
import { updateWithEvents, type Principal } from '@sanshe/platform';
import type { z } from 'zod';
import type { OrganisationDocument } from '../adapters/store/repositories';
import type { ProcurementDeps } from './deps';
import { editableOrganisation } from './organisation-access';
import { concurrentUpdate, retrying } from './retry';

/** Updates the profile (categories, service areas, capacity, legal representative); every change is audited. */
export function updateOrganisation(
  deps: Pick<ProcurementDeps, 'repos' | 'clock'>,
  actor: Principal,
  organisationId: string,
  input: z.infer<typeof ProcurementApi.UpdateOrganisationRequest>,
): Promise<OrganisationDocument> {
  return retrying(async () => {
    const org = await editableOrganisation(deps, actor, organisationId);
    const changes = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
    const detail = Object.entries(changes)
      .map(([k, v]) => `${k}: ${JSON.stringify((org as unknown as Record<string, unknown>)[k])} → ${JSON.stringify(v)}`)
      .join('; ');
    const entry = { at: deps.clock.now().toISOString(), by: actor.sub, action: 'profile_updated', detail };
    const updated = await updateWithEvents(
      deps.repos.organisations,
      { _id: org._id, version: org.version },
      { $set: changes, $push: { audit: entry } },
      [],
    );
    if (!updated) throw concurrentUpdate();
    return updated;
  });
}
