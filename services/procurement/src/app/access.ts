import { forbidden, type Principal } from '@sanshe/platform';

export const OFFICIALS = ['official', 'admin'] as const;
export const EVERYONE = [
  'community_staff',
  'street_official',
  'official',
  'org_user',
  'social_worker',
  'funder',
  'evaluator',
  'admin',
] as const;

export const isOfficial = (actor: Principal) => actor.roles.includes('official') || actor.roles.includes('admin');

/** Sees every organisation's registry entry (others see only their own). */
export const seesRegistry = (actor: Principal) =>
  isOfficial(actor) || actor.roles.includes('funder') || actor.roles.includes('evaluator');

/** The organisation an org user acts for; organisation users act only for their own. */
export function actingOrganisation(actor: Principal): string {
  if (!actor.roles.includes('org_user') || !actor.organisationId)
    throw forbidden('only a user acting for an organisation can do this');
  return actor.organisationId;
}

/** Members of the organisation (org users and its social workers). */
export const belongsTo = (actor: Principal, organisationId: string) =>
  actor.organisationId === organisationId &&
  (actor.roles.includes('org_user') || actor.roles.includes('social_worker'));
