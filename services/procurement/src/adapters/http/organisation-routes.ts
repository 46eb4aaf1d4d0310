import { ProcurementApi } from '@sanshe/contracts';
import type { ApiRouter } from '@sanshe/platform';
import { z } from 'zod';
import { EVERYONE, OFFICIALS, seesRegistry } from '../../app/access';
import type { ProcurementDeps } from '../../app/deps';
import { liftSanction } from '../../app/lift-sanction';
import { ratingLookup } from '../../app/ratings';
import { visibleOrganisation } from '../../app/organisation-access';
import { registerOrganisation } from '../../app/register-organisation';
import { sanctionOrganisation } from '../../app/sanction-organisation';
import { setSocialWorkers } from '../../app/set-social-workers';
import { updateOrganisation } from '../../app/update-organisation';
import { verifyOrganisation } from '../../app/verify-organisation';
import { toOrganisationView } from '../../app/views';

type Deps = ProcurementDeps & { nudge: () => void };

/** The registry of social organisations: registration, profile, social workers, verification, sanctions. */
export function registerOrganisationRoutes(api: ApiRouter, deps: Deps): void {
  const cause = (correlationId: string) => ({ correlationId, causationId: null });
  const view = (actor: Parameters<typeof toOrganisationView>[1]) => (o: Parameters<typeof toOrganisationView>[0]) =>
    toOrganisationView(o, actor, deps.clock.now());

  api.route({
    method: 'post',
    path: '/organisations',
    summary:
      'Register a social organisation (USCC checked; an official may record an audited override). ' +
      'An organisation user not yet linked to an organisation may register its own; it stays unverified until an official verifies it.',
    tags: ['organisations'],
    roles: [...OFFICIALS, 'org_user'],
    body: ProcurementApi.RegisterOrganisationRequest,
    response: ProcurementApi.OrganisationView,
    status: 201,
    idempotent: true,
    handler: async ({ body, actor, correlationId, idempotencyKey }) => {
      const org = await registerOrganisation(deps, actor, body, cause(correlationId), idempotencyKey);
      deps.nudge();
      return view(actor)(org);
    },
  });

  api.route({
    method: 'get',
    path: '/organisations',
    summary: 'Organisations (an organisation’s own users see only their own)',
    tags: ['organisations'],
    roles: EVERYONE,
    query: ProcurementApi.ListOrganisationsQuery,
    response: z.object({ items: z.array(ProcurementApi.OrganisationView) }),
    handler: async ({ query, actor }) => {
      const filter: Record<string, unknown> = {};
      if (!seesRegistry(actor)) filter._id = actor.organisationId ?? '-';
      if (query.category) filter.categories = query.category;
      const found = await deps.repos.organisations.find(filter, { sort: { name: 1 }, limit: 1000 });
      const ratingOf = await ratingLookup(
        deps,
        found.map((o) => o._id),
      );
      const items = found.map((o) => ({ ...view(actor)(o), rating: ratingOf(o._id) }));
      return { items: query.status ? items.filter((o) => o.status === query.status) : items };
    },
  });

  api.route({
    method: 'get',
    path: '/organisations/:organisationId',
    summary: 'One organisation',
    tags: ['organisations'],
    roles: EVERYONE,
    params: ProcurementApi.OrganisationIdParams,
    response: ProcurementApi.OrganisationView,
    handler: async ({ params, actor }) => {
      const org = await visibleOrganisation(deps, actor, params.organisationId);
      const ratingOf = await ratingLookup(deps, [org._id]);
      return { ...view(actor)(org), rating: ratingOf(org._id) };
    },
  });

  api.route({
    method: 'patch',
    path: '/organisations/:organisationId',
    summary: 'Update the profile (the organisation itself or an official; audited)',
    tags: ['organisations'],
    roles: ['org_user', 'official', 'admin'],
    params: ProcurementApi.OrganisationIdParams,
    body: ProcurementApi.UpdateOrganisationRequest,
    response: ProcurementApi.OrganisationView,
    handler: async ({ params, body, actor }) =>
      view(actor)(await updateOrganisation(deps, actor, params.organisationId, body)),
  });

  api.route({
    method: 'put',
    path: '/organisations/:organisationId/social-workers',
    summary: 'Set the social workers: certificate levels, generalist flag and the communities where each is stationed',
    tags: ['organisations'],
    roles: ['org_user', 'official', 'admin'],
    params: ProcurementApi.OrganisationIdParams,
    body: ProcurementApi.SetSocialWorkersRequest,
    response: ProcurementApi.OrganisationView,
    handler: async ({ params, body, actor, correlationId }) => {
      const org = await setSocialWorkers(deps, actor, params.organisationId, body, cause(correlationId));
      deps.nudge();
      return view(actor)(org);
    },
  });

  api.route({
    method: 'post',
    path: '/organisations/:organisationId/verify',
    summary: 'Verify the registration (official)',
    tags: ['organisations'],
    roles: OFFICIALS,
    params: ProcurementApi.OrganisationIdParams,
    body: ProcurementApi.VerifyOrganisationRequest,
    response: ProcurementApi.OrganisationView,
    handler: async ({ params, body, actor, correlationId }) => {
      const org = await verifyOrganisation(deps, actor, params.organisationId, body.note, cause(correlationId));
      deps.nudge();
      return view(actor)(org);
    },
  });

  api.route({
    method: 'post',
    path: '/organisations/:organisationId/sanctions',
    summary: 'Suspend or ban, with period and reason',
    tags: ['organisations'],
    roles: OFFICIALS,
    params: ProcurementApi.OrganisationIdParams,
    body: ProcurementApi.SanctionRequest,
    response: ProcurementApi.OrganisationView,
    status: 201,
    idempotent: true,
    handler: async ({ params, body, actor, correlationId, idempotencyKey }) => {
      const org = await sanctionOrganisation(
        deps,
        actor,
        params.organisationId,
        body,
        cause(correlationId),
        idempotencyKey,
      );
      deps.nudge();
      return view(actor)(org);
    },
  });

  api.route({
    method: 'post',
    path: '/organisations/:organisationId/sanctions/:sanctionId/lift',
    summary: 'Lift a sanction before its end, with the reason',
    tags: ['organisations'],
    roles: OFFICIALS,
    params: ProcurementApi.SanctionParams,
    body: ProcurementApi.LiftSanctionRequest,
    response: ProcurementApi.OrganisationView,
    handler: async ({ params, body, actor, correlationId }) => {
      const org = await liftSanction(
        deps,
        actor,
        params.organisationId,
        params.sanctionId,
        body.reason,
        cause(correlationId),
      );
      deps.nudge();
      return view(actor)(org);
    },
  });

  api.route({
    method: 'get',
    path: '/organisations/:organisationId/audit',
    summary: 'The audit trail of an organisation (registrations, overrides, verification, sanctions, changes)',
    tags: ['organisations'],
    roles: OFFICIALS,
    params: ProcurementApi.OrganisationIdParams,
    response: z.object({ items: z.array(ProcurementApi.AuditEntry) }),
    handler: async ({ params, actor }) => ({
      items: (await visibleOrganisation(deps, actor, params.organisationId)).audit,
    }),
  });
}
