import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** The shared standards lie beside the repository (CI lays ../shared beside the clone). */
const STANDARDS = path.join(path.resolve(__dirname, '../../..'), '..', 'shared', 'standards');
const G360 = path.join(STANDARDS, '360giving');
const HSDS = path.join(STANDARDS, 'hsds', 'schema');

type Json = { [k: string]: unknown };
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Json;

/**
 * Both standards are JSON Schema 2020-12 (360Giving says so; HSDS 3.0 says so in its
 * OpenAPI's jsonSchemaDialect). Their `$schema` is dropped, as 360Giving writes the
 * meta-schema's address with http:// where Ajv knows it by https://; codelist hints and
 * HSDS's datapackage keywords are annotations, hence `strict: false`.
 */
function ajv(): Ajv2020 {
  const instance = new Ajv2020({ strict: false, allErrors: true });
  addFormats(instance);
  return instance;
}
const withoutDraft = ({ $schema: _draft, ...rest }: Json): Json => rest;

const GRANT_143 = 'https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.3/schema/360-giving-schema.json';
const GRANT_142 = 'https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json';
/** HSDS's files carry no $id and refer to each other by file name: served from one base, they resolve. */
const HSDS_BASE = 'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/';

export interface OpenDataValidators {
  grantsPackage: ValidateFunction;
  grant: ValidateFunction;
  servicesPage: ValidateFunction;
  service: ValidateFunction;
  /** Codes of a 360Giving codelist (for the closed codelists the schema does not enforce as an enum). */
  codelist(name: string): Set<string>;
}

export function openDataValidators(): OpenDataValidators {
  const g = ajv();
  const grant = withoutDraft(read(path.join(G360, '360-giving-schema.json')));
  if (grant.$id !== GRANT_143) throw new Error(`unexpected 360Giving schema ${String(grant.$id)}`);
  g.addSchema(grant);
  // The package schema of 1.4.3 still names the grant schema by its 1.4.2 address; the copy held is 1.4.3.
  g.addSchema({ ...grant, $id: GRANT_142 });

  const h = ajv();
  for (const file of readdirSync(HSDS).filter((f) => f.endsWith('.json') && f !== 'openapi.json'))
    h.addSchema({ ...withoutDraft(read(path.join(HSDS, file))), $id: `${HSDS_BASE}${file}` });
  const openapi = read(path.join(HSDS, 'openapi.json')) as { components: { schemas: { Page: Json } } };
  const page = openapi.components.schemas.Page;
  return {
    grantsPackage: g.compile(withoutDraft(read(path.join(G360, '360-giving-package-schema.json')))),
    grant: g.getSchema(GRANT_143) as ValidateFunction,
    // As the OpenAPI answers GET /services: a Page whose contents are services. Its items name
    // compiled/service_list.json, which is not held; service.json allows all it does and more.
    servicesPage: h.compile({
      allOf: [page],
      required: [...Object.keys(page.properties as Json), 'contents'],
      properties: { contents: { type: 'array', items: { $ref: `${HSDS_BASE}service.json` } } },
    }),
    service: h.getSchema(`${HSDS_BASE}service.json`) as ValidateFunction,
    codelist(name: string) {
      const lines = readFileSync(path.join(G360, 'codelists', `${name}.csv`), 'utf8')
        .trim()
        .split('\n')
        .slice(1);
      return new Set(lines.map((line) => (line.split(',')[0] ?? '').replace(/"/g, '')));
    },
  };
}

export const errorsOf = (v: ValidateFunction) => JSON.stringify(v.errors?.slice(0, 5) ?? [], null, 1);

/** Throws with the first errors when `data` does not validate. */
export function assertValid(validate: ValidateFunction, data: unknown, what: string): void {
  if (!validate(data)) throw new Error(`${what} invalid: ${errorsOf(validate)}`);
}
