import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

/** The shared standards lie beside the repository (CI lays ../shared beside the clone). */
const OCDS = path.join(path.resolve(__dirname, '../../..'), '..', 'shared', 'standards', 'ocds');
const RELEASE_ID = 'https://standard.open-contracting.org/schema/1__1__5/release-schema.json';
const VERSIONED_ID = 'https://standard.open-contracting.org/schema/1__1__5/versioned-release-validation-schema.json';
export const EXTENSIONS = ['ocds_bid_extension', 'ocds_awardCriteriaBreakdown_extension'];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
const read = (...parts: string[]) =>
  JSON.parse(readFileSync(path.join(OCDS, ...parts), 'utf8')) as { [k: string]: Json };
const isObject = (v: Json | undefined): v is { [k: string]: Json } =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON Merge Patch (RFC 7396): how OCDS applies an extension's release-schema.json to the core schema. */
export function mergePatch(target: Json | undefined, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const out: { [k: string]: Json } = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/** OCDS 1.1 is JSON Schema draft 4: its top-level `id` becomes `$id`; the rest reads the same to Ajv's draft 7. */
function asDraft7(schema: { [k: string]: Json }): { [k: string]: Json } {
  const { id, $schema: _draft, ...rest } = schema;
  return { ...rest, $id: id ?? null };
}

export interface OcdsValidators {
  release: ValidateFunction;
  releasePackage: ValidateFunction;
  recordPackage: ValidateFunction;
  lot: ValidateFunction;
  extendedReleaseSchema: { [k: string]: Json };
}

export function ocdsValidators(): OcdsValidators {
  let release: Json = read('1.1.5', 'release-schema.json');
  for (const ext of EXTENSIONS) release = mergePatch(release, read('extensions', ext, 'release-schema.json'));
  const extended = asDraft7(release as { [k: string]: Json });
  // Codelist annotations and merge hints are not validation keywords.
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema(extended);
  // Records may carry a versioned release, which this publisher never does.
  ajv.addSchema({ $id: VERSIONED_ID, type: 'object' });
  return {
    release: ajv.getSchema(RELEASE_ID) as ValidateFunction,
    releasePackage: ajv.compile(asDraft7(read('1.1.5', 'release-package-schema.json'))),
    recordPackage: ajv.compile(asDraft7(read('1.1.5', 'record-package-schema.json'))),
    // The award-criteria breakdown lives on a lot (the lots extension is not bundled): checked against its definition.
    lot: ajv.compile({ $ref: `${RELEASE_ID}#/definitions/Lot` }),
    extendedReleaseSchema: extended,
  };
}

export const errorsOf = (v: ValidateFunction) => JSON.stringify(v.errors?.slice(0, 5) ?? [], null, 1);

/** Throws with the first errors when `data` does not validate (and, unlike the type guard, narrows nothing). */
export function assertValid(validate: ValidateFunction, data: unknown, what: string): void {
  if (!validate(data)) throw new Error(`${what} invalid: ${errorsOf(validate)}`);
}
