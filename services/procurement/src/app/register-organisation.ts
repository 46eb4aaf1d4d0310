import { checkUscc, OrganisationRegistered, type ProcurementApi } from '@sanshe/contracts';
import {
  conflict,
  createEvent,
  DuplicateKeyError,
  insertWithEvents,
  newId,
  type Cause,
  type Clock,
} from '@sanshe/platform';
import type { z } from 'zod';
import type { OrganisationDocument, Repositories } from '../adapters/store/repositories';
import { SOURCE } from './source';

export async function registerOrganisation(
  deps: { repos: Repositories; clock: Clock },
  input: z.infer<typeof ProcurementApi.RegisterOrganisationRequest>,
  cause: Cause,
): Promise<OrganisationDocument> {
  const check = checkUscc(input.uscc);
  const kind = check.ok ? check.kind : null;
  const now = deps.clock.now();
  const organisationId = newId();
  const doc = {
    _id: organisationId,
    uscc: input.uscc,
    name: input.name,
    kind,
    legalRepresentative: input.legalRepresentative,
    registeredOn: input.registeredOn,
    categories: input.categories,
    status: 'registered' as const,
    createdAt: now.toISOString(),
  };
  const event = createEvent(OrganisationRegistered, {
    source: SOURCE,
    subject: organisationId,
    now,
    cause,
    data: { organisationId, uscc: input.uscc, name: input.name, kind },
  });
  try {
    return await insertWithEvents(deps.repos.organisations, doc, [event]);
  } catch (error) {
    if (error instanceof DuplicateKeyError)
      throw conflict('PROCUREMENT.ORGANISATION_EXISTS', 'an organisation with this code is already registered');
    throw error;
  }
}
