import { ProcurementApi } from '@sanshe/contracts';
import { notFound, type ApiRouter } from '@sanshe/platform';
import type { ProcurementDeps } from '../../app/deps';
import { recordPackage, releasePackage } from '../../app/ocds-publication';
import { settleTender } from '../../app/settle-tender';

/** OCDS 1.1 publication: public, as open contracting data is. */
export function registerOcdsRoutes(api: ApiRouter, deps: ProcurementDeps & { nudge: () => void }): void {
  api.route({
    method: 'get',
    path: '/ocds/releases',
    summary: 'OCDS 1.1 release package (bid and award-criteria extensions); ?ocid= for one contracting process',
    tags: ['ocds'],
    roles: 'public',
    query: ProcurementApi.OcdsReleasesQuery,
    response: ProcurementApi.OcdsPackage,
    handler: async ({ query, res }) => {
      res.type('application/json');
      return releasePackage(deps, query);
    },
  });

  api.route({
    method: 'get',
    path: '/tenders/:tenderId/ocds-record',
    summary: 'OCDS 1.1 record package of a tender: its releases and the compiled release',
    tags: ['ocds'],
    roles: 'public',
    params: ProcurementApi.TenderIdParams,
    response: ProcurementApi.OcdsPackage,
    handler: async ({ params, correlationId }) => {
      const tender = await settleTender(deps, params.tenderId, { correlationId, causationId: null });
      deps.nudge();
      if (!tender) throw notFound('PROCUREMENT.TENDER_NOT_FOUND', 'no such tender');
      return recordPackage(deps, tender);
    },
  });
}
