import { seesAll } from '../../app/access';
import { IntakeApi } from '@sanshe/contracts';
import type { ApiRouter } from '@sanshe/platform';
import type { IntakeDeps } from '../../app/deps';
import {
  createServiceRequest,
  findServiceRequests,
  listServices,
  oneServiceRequest,
  serviceDefinition,
} from '../../app/open311';

const BASE = '/open311/v2';
const TAGS = ['open311'];

/**
 * Open311 GeoReport v2 (https://wiki.open311.org/GeoReport_v2) under /api/intake/open311/v2.
 * JSON only (no .xml). Errors stay RFC 9457 problem+json, as everywhere in the API,
 * rather than GeoReport's [{ code, description }]; the HTTP statuses keep their meaning.
 */
export function registerOpen311Routes(api: ApiRouter, deps: IntakeDeps & { nudge: () => void }): void {
  api.route({
    method: 'get',
    path: `${BASE}/services.json`,
    summary: 'Open311 services: the active need categories',
    tags: TAGS,
    roles: 'public',
    query: IntakeApi.Open311LocaleQuery,
    response: IntakeApi.Open311Service.array(),
    handler: async ({ query }) => listServices(deps, query.locale),
  });

  api.route({
    method: 'get',
    path: `${BASE}/services/:service_code.json`,
    summary: "Open311 service definition: the category's own fields (attributes)",
    tags: TAGS,
    roles: 'public',
    params: IntakeApi.Open311ServiceCodeParams,
    query: IntakeApi.Open311LocaleQuery,
    response: IntakeApi.Open311ServiceDefinition,
    handler: async ({ params, query }) => serviceDefinition(deps, params.service_code, query.locale),
  });

  api.route({
    method: 'post',
    path: `${BASE}/requests.json`,
    summary:
      'Open311 service request: logs a need on the online channel, with every rule of POST /needs. grid_code is required; a name or phone needs consent=true. 200 instead of 201 when linked to the same resident’s open request.',
    tags: TAGS,
    roles: ['community_staff', 'admin'],
    consumes: ['application/x-www-form-urlencoded', 'application/json'],
    body: IntakeApi.Open311CreateRequest,
    query: IntakeApi.Open311LocaleQuery,
    response: IntakeApi.Open311CreateResponse,
    status: 201,
    idempotent: true,
    handler: async ({ body, query, actor, correlationId, idempotencyKey, setStatus }) => {
      const { response, duplicate } = await createServiceRequest(
        deps,
        actor,
        body,
        { correlationId, causationId: null },
        query.locale,
        idempotencyKey,
      );
      deps.nudge();
      if (duplicate) setStatus(200);
      return response;
    },
  });

  api.route({
    method: 'get',
    path: `${BASE}/requests.json`,
    summary:
      'Open311 service requests in your areas, newest first (at most 1000), without personal data or descriptions; signed-in staff only, so case numbers are not listed publicly',
    tags: TAGS,
    roles: ['community_staff', 'street_official', 'official', 'admin'],
    query: IntakeApi.Open311RequestsQuery,
    response: IntakeApi.Open311ServiceRequest.array(),
    handler: async ({ query, actor }) =>
      findServiceRequests(deps, query, seesAll(actor) ? undefined : actor.communities),
  });

  api.route({
    method: 'get',
    path: `${BASE}/requests/:service_request_id.json`,
    summary: 'One Open311 service request by its case number, as an array of one; public, without personal data',
    tags: TAGS,
    roles: 'public',
    params: IntakeApi.Open311RequestIdParams,
    query: IntakeApi.Open311LocaleQuery,
    response: IntakeApi.Open311ServiceRequest.array(),
    handler: async ({ params, query }) => oneServiceRequest(deps, params.service_request_id, query.locale),
  });
}
