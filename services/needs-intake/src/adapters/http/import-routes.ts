import { IntakeApi } from '@sanshe/contracts';
import type { ApiRouter } from '@sanshe/platform';
import { importProgress, startImport, type ImportDeps } from '../../app/import-needs';

const UPLOADERS = ['community_staff', 'admin'] as const;
const STAFF = ['community_staff', 'street_official', 'official', 'admin'] as const;

/** CSV bulk import of needs: upload, then poll the progress. */
export function registerImportRoutes(api: ApiRouter, deps: ImportDeps): void {
  api.route({
    method: 'post',
    path: '/imports',
    summary:
      'Import needs from a CSV UTF-8 file, all or nothing: any bad row means nothing is written and every bad line and column is reported. Answers 202 at once; poll the Location.',
    tags: ['imports'],
    roles: UPLOADERS,
    consumes: ['text/csv'],
    bodyLimit: '5mb',
    body: IntakeApi.NeedImportCsv,
    response: IntakeApi.NeedImportAccepted,
    status: 202,
    // A re-sent upload (its answer lost) answers the first import instead of importing the file twice.
    idempotent: true,
    handler: async ({ body, actor, correlationId, idempotencyKey, req, res }) => {
      const accepted = await startImport(deps, actor, body, req.headers['content-type'], correlationId, idempotencyKey);
      res.setHeader('Location', `${req.baseUrl}/imports/${accepted.importId}`);
      return accepted;
    },
  });

  api.route({
    method: 'get',
    path: '/imports/:importId',
    summary:
      'Progress and outcome of an import (its uploader or an admin): row errors, or the case number of every row',
    tags: ['imports'],
    roles: STAFF,
    params: IntakeApi.NeedImportIdParams,
    response: IntakeApi.NeedImportView,
    handler: async ({ params, actor }) => importProgress(deps, actor, params.importId),
  });
}
