import type { IntakeApi } from '@sanshe/contracts';
import type { BaseDocument, DocumentStore, FieldProblem, Filter, Principal, Update } from '@sanshe/platform';

export interface ImportResult {
  /** The line as Excel numbers it (the header is line 1). */
  row: number;
  needId: string;
  caseNumber: string;
  duplicate: boolean;
}

export interface ImportDocument extends BaseDocument {
  status: IntakeApi.NeedImportStatus;
  createdBy: string;
  /** Who uploaded it, as they were then: every row is logged with their roles and scope. */
  actor: Principal;
  correlationId: string;
  createdAt: string;
  finishedAt: string | null;
  totalRows: number;
  validatedRows: number;
  processedRows: number;
  /** Data rows (in file order) already handed to logNeed and committed with their results. */
  doneRows: number;
  createdNeeds: number;
  duplicates: number;
  errors: FieldProblem[];
  results: ImportResult[];
}

/** The uploaded text, apart from the progress document: polls and checkpoints do not carry megabytes. */
interface ImportFile extends BaseDocument {
  csv: string;
}

export function createImportsRepository(store: DocumentStore) {
  const imports = store.collection<ImportDocument>('imports');
  const files = store.collection<ImportFile>('import_files');
  return {
    collection: imports,
    async setup() {
      await imports.createIndex({ keys: { createdBy: 1, createdAt: -1 } });
    },
    /** The document first: a file without one would be personal data nobody ever deletes. */
    async create(doc: ImportDocument, csv: string) {
      await imports.insertOne(doc);
      await files.insertOne({ _id: doc._id, csv });
    },
    get: (importId: string) => imports.findOne({ _id: importId }),
    file: async (importId: string) => (await files.findOne({ _id: importId }))?.csv ?? null,
    /** Applies a change when the document still matches `guard` (e.g. the doneRows a run started from). */
    async update(importId: string, guard: Filter, update: Update): Promise<boolean> {
      const result = await imports.updateOne({ ...guard, _id: importId }, update);
      return result.matched === 1;
    },
    /** The file holds names, phones and ID numbers in clear: it goes as soon as the import ends. */
    dropFile: (importId: string) => files.deleteOne({ _id: importId }),
  };
}

export type ImportsRepository = ReturnType<typeof createImportsRepository>;
