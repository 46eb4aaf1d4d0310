import { IntakeApi } from '@sanshe/contracts';
import {
  AppError,
  badRequest,
  DuplicateKeyError,
  keyedId,
  notFound,
  unprocessable,
  zodFieldProblems,
  type FieldProblem,
  type Principal,
} from '@sanshe/platform';
import { CsvError, parse } from 'csv-parse/sync';
import type { ImportDocument, ImportResult, ImportsRepository } from '../adapters/store/imports-repository';
import type { AreaDocument, CategoryDocument, RegistryRepository } from '../adapters/store/registry-repository';
import type { IntakeDeps } from './deps';
import { checkNeed, logNeed, type LoggedNeed } from './log-need';

/**
 * CSV bulk import of needs, all or nothing: every row is checked (schema, category,
 * grid, scope, category fields) before the first one is logged; a file with any bad
 * row writes nothing and names each line and column. Always a job, whatever the size:
 * one answer for clients (202, then poll), and the work survives a restart.
 */
export const IMPORT_NEEDS_JOB = 'import-needs';
const CHECKPOINT_ROWS = 100;
const MAX_REPORTED_ERRORS = 1_000;

export type ImportDeps = IntakeDeps & { imports: ImportsRepository; nudge: () => void };

export interface CsvRow {
  /** The line as Excel numbers it: the header is line 1, blank lines count. */
  line: number;
  cells: string[];
}

export interface CsvFile {
  columns: string[];
  rows: CsvRow[];
}

// ---------- reading the file (pure) ----------

const REQUIRED: readonly IntakeApi.NeedImportColumn[] = [
  'channel',
  'category',
  'grid_code',
  'urgency',
  'beneficiary_count',
  'description',
];
const KNOWN = new Set<string>(IntakeApi.NeedImportColumn.options);
const ATTRIBUTE_COLUMN = /^attr\.([a-z][a-z0-9_]{0,39})$/;

/** Non-UTF-8 text decoded as UTF-8 leaves U+FFFD behind: Excel's default "CSV" on Chinese Windows is GB18030. */
export function assertUtf8(text: string, contentType: string | undefined): void {
  const charset = /charset\s*=\s*"?([\w-]+)/i.exec(contentType ?? '')?.[1]?.toLowerCase();
  if ((charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') || text.includes('\uFFFD')) {
    throw badRequest(
      'INTAKE.CSV_NOT_UTF8',
      'the file is not UTF-8 text: in Excel use 另存为 (Save As) → "CSV UTF-8 (逗号分隔)", then upload that file',
    );
  }
}

/** Parses the file and checks its header and size; rows are checked later, one by one. */
export function readCsv(text: string): CsvFile {
  let records: string[][];
  try {
    // bom: Excel writes one; relax_column_count: a short row is reported as that row's problem.
    records = parse(text, { bom: true, relax_column_count: true, trim: true, skip_empty_lines: false });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    // The parser's message quotes the cell; the cell may be a phone or ID number, so only the place is told.
    const line = typeof error.lines === 'number' ? error.lines : 0;
    throw unprocessable('INTAKE.CSV_MALFORMED', 'the file is not valid CSV', [
      { field: `rows.${line}`, reason: `not valid CSV here (${error.code}); check the quotes on this line` },
    ]);
  }
  const [header, ...rest] = records;
  if (!header)
    throw unprocessable('INTAKE.CSV_EMPTY', 'the file is empty', [
      { field: 'rows.1', reason: 'a header row is needed' },
    ]);
  const columns = header.map((c) => c.toLowerCase());
  const problems = headerProblems(columns);
  if (problems.length > 0) throw unprocessable('INTAKE.CSV_HEADER', 'the header row is not valid', problems);

  const rows = rest.map((cells, i) => ({ line: i + 2, cells })).filter((row) => row.cells.some((c) => c !== ''));
  if (rows.length === 0)
    throw unprocessable('INTAKE.CSV_EMPTY', 'the file has no rows', [
      { field: 'rows.2', reason: 'no data rows under the header' },
    ]);
  if (rows.length > IntakeApi.NEED_IMPORT_MAX_ROWS) {
    throw new AppError(
      'INTAKE.IMPORT_TOO_LARGE',
      413,
      `at most ${IntakeApi.NEED_IMPORT_MAX_ROWS} rows per file; this one has ${rows.length}: split it`,
    );
  }
  return { columns, rows };
}

function headerProblems(columns: readonly string[]): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  for (const column of columns) {
    if (seen.has(column)) problems.push({ field: `rows.1.${column}`, reason: 'this column appears twice' });
    seen.add(column);
    if (!KNOWN.has(column) && !ATTRIBUTE_COLUMN.test(column)) {
      problems.push({
        field: `rows.1.${column || '(blank)'}`,
        reason: `unknown column; expected ${[...KNOWN].join(', ')} or attr.<field code>`,
      });
    }
  }
  for (const column of REQUIRED)
    if (!seen.has(column)) problems.push({ field: `rows.1.${column}`, reason: 'this column is missing' });
  return problems;
}

// ---------- one row → one LogNeedRequest (pure) ----------

const LIST_SEPARATOR = /[;；]/; // Chinese input methods type the full-width semicolon
const EXCEL_NUMBER = /^\d(\.\d+)?E\+\d+$/i;
const EXCEL_DATE = /^(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

const split = (cell: string) =>
  cell
    .split(LIST_SEPARATOR)
    .map((v) => v.trim())
    .filter((v) => v !== '');

/** Excel shows dates as 2026/3/10 and saves them that way; the category fields want ISO 8601. */
export function excelDateToIso(cell: string): string {
  const m = EXCEL_DATE.exec(cell);
  if (!m) return cell;
  const pad = (v: string | undefined) => (v ?? '0').padStart(2, '0');
  const date = `${m[1]}-${pad(m[2])}-${pad(m[3])}`;
  return m[4] === undefined ? date : `${date}T${pad(m[4])}:${pad(m[5])}:${pad(m[6])}`;
}

/**
 * Maps a row's cells to a LogNeedRequest, or says which columns are wrong. The
 * category's field definitions tell how to read `attr.*` cells (lists, dates).
 */
export function rowToRequest(
  columns: readonly string[],
  row: CsvRow,
  definitions: readonly IntakeApi.CategoryAttribute[] | undefined,
): { ok: true; input: IntakeApi.LogNeedRequest } | { ok: false; problems: FieldProblem[] } {
  const at = (field: string, reason: string): FieldProblem => ({ field: `rows.${row.line}.${field}`, reason });
  if (row.cells.length !== columns.length) {
    return {
      ok: false,
      problems: [
        { field: `rows.${row.line}`, reason: `has ${row.cells.length} cells; the header has ${columns.length}` },
      ],
    };
  }
  const cell = (column: string): string | undefined => {
    const value = row.cells[columns.indexOf(column)];
    return value === undefined || value === '' ? undefined : value;
  };
  const problems: FieldProblem[] = [];

  const count = cell('beneficiary_count');
  if (count !== undefined && !/^\d+$/.test(count)) problems.push(at('beneficiary_count', 'must be a whole number'));
  const consentCell = cell('consent')?.toLowerCase();
  if (consentCell !== undefined && consentCell !== 'true' && consentCell !== 'false')
    problems.push(at('consent', 'must be true or false'));
  const residentId = cell('resident_id_number');
  if (residentId !== undefined && EXCEL_NUMBER.test(residentId)) {
    problems.push(
      at(
        'resident_id_number',
        'Excel turned the number into 1.1E+17: format the column as Text and type the numbers again',
      ),
    );
  }
  const name = cell('contact_name');
  const phone = cell('contact_phone');

  const attributes: Record<string, string | string[]> = {};
  columns.forEach((column, i) => {
    const code = ATTRIBUTE_COLUMN.exec(column)?.[1];
    const value = row.cells[i];
    if (code === undefined || value === undefined || value === '') return;
    const datatype = definitions?.find((d) => d.code === code)?.datatype;
    attributes[code] =
      datatype === 'multivaluelist' ? split(value) : datatype === 'datetime' ? excelDateToIso(value) : value;
  });

  const candidate = {
    channel: cell('channel'),
    category: cell('category'),
    attributes,
    gridCode: cell('grid_code'),
    urgency: cell('urgency'),
    beneficiaryCount: count !== undefined && /^\d+$/.test(count) ? Number(count) : undefined,
    beneficiaryGroups: split(cell('beneficiary_groups') ?? ''),
    description: cell('description'),
    ...(name !== undefined || phone !== undefined ? { contact: { name, phone, consent: consentCell === 'true' } } : {}),
    ...(residentId !== undefined ? { residentIdNumber: residentId } : {}),
  };
  const parsed = IntakeApi.LogNeedRequest.safeParse(candidate);
  if (!parsed.success) {
    // A column with a problem of its own (a count that is not a number) is not reported twice.
    const own = new Set(problems.map((p) => p.field));
    for (const p of zodFieldProblems(parsed.error)) {
      const problem = at(columnOf(p.field), p.reason);
      if (!own.has(problem.field)) problems.push(problem);
    }
  }
  if (problems.length > 0 || !parsed.success) return { ok: false, problems };
  return { ok: true, input: parsed.data };
}

const FIELD_COLUMNS: ReadonlyArray<[string, string]> = [
  ['contact.name', 'contact_name'],
  ['contact.phone', 'contact_phone'],
  ['contact.consent', 'consent'],
  ['contact', 'contact_name'],
  ['gridCode', 'grid_code'],
  ['beneficiaryCount', 'beneficiary_count'],
  ['beneficiaryGroups', 'beneficiary_groups'],
  ['residentIdNumber', 'resident_id_number'],
];

/** The CSV column of a LogNeedRequest field (`gridCode` → `grid_code`, `attributes.x` → `attr.x`). */
export function columnOf(field: string): string {
  if (field.startsWith('attributes.')) return `attr.${field.slice('attributes.'.length).split('.')[0]}`;
  const match = FIELD_COLUMNS.find(([path]) => field === path || field.startsWith(`${path}.`));
  return match ? match[1] : (field.split('.')[0] ?? field);
}

/** A rule of logNeed broken by a row, named by line and column. */
function rowProblems(line: number, error: AppError): FieldProblem[] {
  if (error.fields.length === 0)
    return [{ field: error.status === 403 ? `rows.${line}.grid_code` : `rows.${line}`, reason: error.message }];
  return error.fields.map((f) => ({ field: `rows.${line}.${columnOf(f.field)}`, reason: f.reason }));
}

// ---------- use cases ----------

/** Checks what is cheap to check at once (encoding, CSV syntax, header, size), stores the file and schedules the job. */
export async function startImport(
  deps: ImportDeps,
  actor: Principal,
  text: string,
  contentType: string | undefined,
  correlationId: string,
  /** The request's Idempotency-Key record: a try that runs again finds the import the first one started. */
  idempotencyKey: string | null = null,
): Promise<IntakeApi.NeedImportAccepted> {
  assertUtf8(text, contentType);
  const { rows } = readCsv(text);
  const now = deps.clock.now();
  const importId = keyedId(idempotencyKey, 'import');
  const started = idempotencyKey ? await deps.imports.get(importId) : null;
  if (started) return resume(deps, started, now);
  const doc: ImportDocument = {
    _id: importId,
    status: 'validating',
    createdBy: actor.sub,
    actor,
    correlationId,
    createdAt: now.toISOString(),
    finishedAt: null,
    totalRows: rows.length,
    validatedRows: 0,
    processedRows: 0,
    doneRows: 0,
    createdNeeds: 0,
    duplicates: 0,
    errors: [],
    results: [],
  };
  try {
    await deps.imports.create(doc, text);
  } catch (error) {
    const raced = idempotencyKey && error instanceof DuplicateKeyError ? await deps.imports.get(importId) : null;
    if (!raced) throw error;
    return resume(deps, raced, now);
  }
  try {
    await deps.jobs.schedule({
      name: IMPORT_NEEDS_JOB,
      payload: { importId: doc._id },
      runAt: now,
      jobId: `${IMPORT_NEEDS_JOB}:${doc._id}`,
    });
  } catch (error) {
    await finish(deps, doc._id, 'failed', [
      { field: 'file', reason: 'the import could not be scheduled; upload the file again' },
    ]);
    throw error;
  }
  return { importId: doc._id, status: doc.status };
}

/**
 * The import a first try started: scheduled again in case that try stopped before scheduling it
 * (the job id keeps one job; a job finding no file fails the import, asking for a new upload).
 */
async function resume(deps: ImportDeps, doc: ImportDocument, now: Date): Promise<IntakeApi.NeedImportAccepted> {
  if (doc.status === 'validating' || doc.status === 'importing') {
    await deps.jobs.schedule({
      name: IMPORT_NEEDS_JOB,
      payload: { importId: doc._id },
      runAt: now,
      jobId: `${IMPORT_NEEDS_JOB}:${doc._id}`,
    });
  }
  return { importId: doc._id, status: doc.status };
}

/** Progress of an import, for the one who uploaded it or an admin; to anyone else it does not exist. */
export async function importProgress(
  deps: Pick<ImportDeps, 'imports'>,
  actor: Principal,
  importId: string,
): Promise<IntakeApi.NeedImportView> {
  const doc = await deps.imports.get(importId);
  if (!doc || (doc.createdBy !== actor.sub && !actor.roles.includes('admin')))
    throw notFound('INTAKE.IMPORT_NOT_FOUND', 'no such import');
  return {
    importId: doc._id,
    status: doc.status,
    totalRows: doc.totalRows,
    validatedRows: doc.validatedRows,
    processedRows: doc.processedRows,
    createdNeeds: doc.createdNeeds,
    duplicates: doc.duplicates,
    errors: doc.errors,
    results: doc.results.map((r) => ({ row: r.row, caseNumber: r.caseNumber, duplicate: r.duplicate })),
    createdAt: doc.createdAt,
    finishedAt: doc.finishedAt,
  };
}

/**
 * The job: validate every row, then log them in file order, committing results every
 * CHECKPOINT_ROWS rows. Safe to run again after a crash: it resumes at the committed
 * row, and rows of the uncommitted stretch that were logged already are found by the
 * cause logNeed records on their timeline (one per import row), not logged twice.
 */
export async function runImport(deps: ImportDeps, importId: string): Promise<void> {
  const doc = await deps.imports.get(importId);
  if (!doc || doc.status === 'done' || doc.status === 'failed') return;
  const text = await deps.imports.file(importId);
  if (text === null) {
    await finish(deps, importId, 'failed', [
      { field: 'file', reason: 'the uploaded file is no longer stored; upload it again' },
    ]);
    return;
  }
  let file: CsvFile;
  try {
    file = readCsv(text);
  } catch (error) {
    // Checked at upload already; only a change of these rules between upload and run gets here.
    if (!(error instanceof AppError)) throw error;
    return finish(
      deps,
      importId,
      'failed',
      error.fields.length > 0 ? [...error.fields] : [{ field: 'file', reason: error.message }],
    );
  }
  const { columns, rows } = file;
  const cached = { ...deps, registry: { ...deps.registry, ...memoised(deps.registry) } };
  if (doc.status === 'validating') {
    const errors = await validateRows(cached, doc, columns, rows);
    if (errors.length > 0) return finish(deps, importId, 'failed', errors);
    // Another run of the same job got here first: it owns the import now.
    if (!(await deps.imports.update(importId, { status: 'validating' }, { $set: { status: 'importing' } }))) return;
  }
  await importRows(cached, doc, columns, rows, doc.status === 'importing');
}

async function validateRows(
  deps: ImportDeps,
  doc: ImportDocument,
  columns: string[],
  rows: CsvRow[],
): Promise<FieldProblem[]> {
  const errors: FieldProblem[] = [];
  let unreported = 0;
  for (const [i, row] of rows.entries()) {
    for (const problem of await checkRow(deps, doc.actor, columns, row)) {
      if (errors.length < MAX_REPORTED_ERRORS) errors.push(problem);
      else unreported += 1;
    }
    if ((i + 1) % CHECKPOINT_ROWS === 0) await deps.imports.update(doc._id, {}, { $set: { validatedRows: i + 1 } });
  }
  await deps.imports.update(doc._id, {}, { $set: { validatedRows: rows.length } });
  if (unreported > 0)
    errors.push({ field: 'rows', reason: `and ${unreported} more problems not listed: fix these and upload again` });
  return errors;
}

async function checkRow(deps: ImportDeps, actor: Principal, columns: string[], row: CsvRow): Promise<FieldProblem[]> {
  const mapped = await mapRow(deps, columns, row);
  if (!mapped.ok) return mapped.problems;
  try {
    await checkNeed(deps, actor, mapped.input);
    return [];
  } catch (error) {
    if (error instanceof AppError) return rowProblems(row.line, error);
    throw error;
  }
}

async function mapRow(deps: Pick<ImportDeps, 'registry'>, columns: string[], row: CsvRow) {
  const code = row.cells[columns.indexOf('category')] ?? '';
  const category = code === '' ? null : await deps.registry.category(code);
  return rowToRequest(columns, row, category?.attributes);
}

async function importRows(
  deps: ImportDeps,
  doc: ImportDocument,
  columns: string[],
  rows: CsvRow[],
  resumed: boolean,
): Promise<void> {
  for (let start = doc.doneRows; start < rows.length; start += CHECKPOINT_ROWS) {
    const batch = rows.slice(start, start + CHECKPOINT_ROWS);
    const earlier =
      resumed && start === doc.doneRows ? await loggedBefore(deps, doc._id, batch) : new Map<number, ImportResult>();
    const results: ImportResult[] = [];
    const errors: FieldProblem[] = [];
    for (const row of batch) {
      const found = earlier.get(row.line);
      if (found) {
        results.push(found);
        continue;
      }
      // Validated as a whole already; a row fails here only if the registry changed meanwhile.
      const mapped = await mapRow(deps, columns, row);
      if (!mapped.ok) {
        errors.push(...mapped.problems);
        continue;
      }
      try {
        const { need, duplicate } = await logRow(deps, doc.actor, mapped.input, rowCause(doc._id, row.line));
        results.push({ row: row.line, needId: need._id, caseNumber: need.caseNumber, duplicate });
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        errors.push(...rowProblems(row.line, error));
      }
    }
    const created = results.filter((r) => !r.duplicate).length;
    const committed = await deps.imports.update(
      doc._id,
      { doneRows: start },
      {
        $set: { doneRows: start + batch.length, processedRows: start + batch.length },
        $inc: { createdNeeds: created, duplicates: results.length - created },
        $push: { results: { $each: results }, errors: { $each: errors } },
      },
    );
    deps.nudge();
    // Another run of the same job got here first: it owns the rest.
    if (!committed) return;
  }
  await finish(deps, doc._id, 'done', null);
}

/** A case-number collision (six random characters) is retried with a new number. */
async function logRow(
  deps: ImportDeps,
  actor: Principal,
  input: IntakeApi.LogNeedRequest,
  correlationId: string,
): Promise<LoggedNeed> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await logNeed(deps, actor, input, { correlationId, causationId: null });
    } catch (error) {
      if (!(error instanceof DuplicateKeyError) || attempt >= 3) throw error;
    }
  }
}

const rowCause = (importId: string, line: number) => `import:${importId}:line:${line}`;

/** Needs an interrupted run logged for these rows but did not commit (duplicates leave no trace and are linked again). */
async function loggedBefore(deps: ImportDeps, importId: string, batch: CsvRow[]): Promise<Map<number, ImportResult>> {
  const byCause = new Map(batch.map((row) => [`request:${rowCause(importId, row.line)}`, row.line]));
  const needs = await deps.needs.find({ extra: { 'timeline.cause': { $in: [...byCause.keys()] } } });
  const found = new Map<number, ImportResult>();
  for (const need of needs) {
    const line = need.timeline.map((e) => byCause.get(e.cause)).find((l) => l !== undefined);
    if (line !== undefined)
      found.set(line, { row: line, needId: need._id, caseNumber: need.caseNumber, duplicate: false });
  }
  return found;
}

async function finish(
  deps: Pick<ImportDeps, 'imports' | 'clock'>,
  importId: string,
  status: 'done' | 'failed',
  errors: FieldProblem[] | null,
): Promise<void> {
  await deps.imports.update(
    importId,
    {},
    { $set: { status, finishedAt: deps.clock.now().toISOString(), ...(errors ? { errors } : {}) } },
  );
  await deps.imports.dropFile(importId);
}

/** One registry read per category and grid for the whole file, not one per row. */
function memoised(
  registry: Pick<RegistryRepository, 'area' | 'category'>,
): Pick<RegistryRepository, 'area' | 'category'> {
  const areas = new Map<string, Promise<AreaDocument | null>>();
  const categories = new Map<string, Promise<CategoryDocument | null>>();
  const once = <T>(cache: Map<string, Promise<T>>, key: string, load: (key: string) => Promise<T>) => {
    let hit = cache.get(key);
    if (!hit) cache.set(key, (hit = load(key)));
    return hit;
  };
  return {
    area: (code) => once(areas, code, registry.area),
    category: (code) => once(categories, code, registry.category),
  };
}
