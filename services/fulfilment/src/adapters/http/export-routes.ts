import { FulfilmentApi } from '@sanshe/contracts';
import type { ApiRouter } from '@sanshe/platform';
import type { FulfilmentDeps } from '../../app/deps';
import { grantsPackage, servicesPage } from '../../app/exports';

/**
 * Open data: public, as published grants data and service directories are. They show only
 * what award notices already make public (organisations, amounts, periods, communities);
 * no resident, need, resident code, staff id or free-text reason is in them.
 */
export function registerExportRoutes(api: ApiRouter, deps: FulfilmentDeps): void {
  api.route({
    method: 'get',
    path: '/exports/360giving',
    summary: 'Venture-funding grants as a 360Giving data package (404 when no grant matches)',
    tags: ['open data'],
    roles: 'public',
    query: FulfilmentApi.GrantsExportQuery,
    response: FulfilmentApi.Grants360Package,
    problems: { 404: 'No grant matches (a 360Giving package holds at least one)' },
    handler: async ({ query, res }) => {
      res.set('Cache-Control', 'public, max-age=300');
      return grantsPackage(deps, query);
    },
  });

  api.route({
    method: 'get',
    path: '/exports/hsds/services',
    summary: 'Contracted services as an Open Referral HSDS 3.0 page (full=true nests areas, categories, funding)',
    tags: ['open data'],
    roles: 'public',
    query: FulfilmentApi.HsdsServicesQuery,
    response: FulfilmentApi.HsdsServicesPage,
    handler: async ({ query, res }) => {
      res.set('Cache-Control', 'public, max-age=300');
      return servicesPage(deps, query);
    },
  });
}
