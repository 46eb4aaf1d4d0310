import { z } from 'zod';
import { IMPORT_NEEDS_JOB, runImport, type ImportDeps } from '../../app/import-needs';

const Payload = z.object({ importId: z.uuid() });

/** The CSV import runs as a job: big files take a while, and the work survives a restart in the real mode. */
export function registerImportJob(deps: ImportDeps): void {
  deps.jobs.register(IMPORT_NEEDS_JOB, async (payload) => {
    await runImport(deps, Payload.parse(payload).importId);
  });
}
