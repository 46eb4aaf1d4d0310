import { forbidden, notFound, type Principal } from '@sanshe/platform';
import type { OrganisationDocument } from '../adapters/store/repositories';
import { belongsTo, isOfficial, seesRegistry } from './access';
import type { ProcurementDeps } from './deps';

/** Loads an organisation the actor may see; anyone else's looks absent. */
export async function visibleOrganisation(
  deps: Pick<ProcurementDeps, 'repos'>,
  actor: Principal,
  organisationId: string,
): Promise<OrganisationDocument> {
  const org = await deps.repos.organisations.findOne({ _id: organisationId });
  if (!org || !(seesRegistry(actor) || belongsTo(actor, organisationId)))
    throw notFound('PROCUREMENT.ORGANISATION_NOT_FOUND', 'no such organisation');
  return org;
}

/** Its own org users and officials may change an organisation's profile. */
export async function editableOrganisation(
  deps: Pick<ProcurementDeps, 'repos'>,
  actor: Principal,
  organisationId: string,
): Promise<OrganisationDocument> {
  const org = await visibleOrganisation(deps, actor, organisationId);
  const own = actor.roles.includes('org_user') && actor.organisationId === organisationId;
  if (!own && !isOfficial(actor)) throw forbidden('only the organisation itself or an official may change it');
  return org;
}
