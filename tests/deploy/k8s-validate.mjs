// Validates Kubernetes objects against the JSON schemas of their kinds, as
// shipped (compiled) by npm packages:
//   core kinds            kubernetes-models (Kubernetes OpenAPI schemas)
//   kafka.strimzi.io/*    @kubernetes-models/strimzi-kafka-operator (Strimzi CRD schemas)
// Both packages are ESM-only, so k8s.spec.ts (jest, CommonJS) runs this file as
// a child process: JSON array of objects on stdin, JSON array of results on stdout.
import { readFileSync } from 'node:fs';
import process from 'node:process';

/** apiVersion + kind -> module that exports the model class of that kind. */
export function modelModule(apiVersion, kind) {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !/^[A-Z][A-Za-z0-9]*$/.test(kind)) return undefined;
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  if (group.endsWith('.strimzi.io')) return `@kubernetes-models/strimzi-kafka-operator/${group}/${version}/${kind}`;
  if (group === '') return `kubernetes-models/${version}/${kind}`;
  if (group.includes('.') && !group.endsWith('.k8s.io')) return undefined; // other CRDs: no schema known here
  return `kubernetes-models/${group}/${version}/${kind}`;
}

async function validateOne(object) {
  const apiVersion = object?.apiVersion;
  const kind = object?.kind;
  const specifier = modelModule(apiVersion, kind);
  if (!specifier) return { ok: false, errors: [`no schema known for ${apiVersion} ${kind}`] };
  let Model;
  try {
    Model = (await import(specifier))[kind];
  } catch (error) {
    return { ok: false, errors: [`no schema for ${apiVersion} ${kind} (${specifier}): ${error.message}`] };
  }
  if (typeof Model !== 'function') return { ok: false, errors: [`${specifier} exports no ${kind}`] };
  try {
    new Model(object).validate();
    return { ok: true, errors: [], schema: specifier };
  } catch (error) {
    const details = Array.isArray(error.errors)
      ? error.errors.map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`)
      : [String(error.message ?? error)];
    return { ok: false, errors: details, schema: specifier };
  }
}

const objects = JSON.parse(readFileSync(0, 'utf8'));
const results = [];
for (const object of objects) results.push(await validateOne(object));
process.stdout.write(JSON.stringify(results));
