/**
 * A small implementation of the part of kustomize that k8s/ uses, so that the tests can build
 * every overlay without a kustomize or kubectl binary (neither is part of the project's
 * toolchain). Where kubectl exists, k8s.spec.ts checks that `kubectl kustomize` renders exactly
 * the same objects.
 *
 * Supported, and nothing else (any other field of a kustomization.yaml is an error):
 *  - resources: YAML files and directories holding a kustomization.yaml (built recursively);
 *  - patches: `path:` or inline `patch:`, optionally with a `target` (kind, name as an anchored
 *    regular expression, namespace, labelSelector of `key=value` terms). A patch that is a list
 *    is a JSON 6902 patch (add, replace, remove); an object is a strategic merge patch: maps
 *    merge, `null` deletes, lists of built-in kinds merge by their key for the fields listed in
 *    MERGE_KEYS (the patch's elements first, as kustomize orders them) and are replaced otherwise; for custom resources every list is replaced (JSON
 *    merge patch, as kustomize does for kinds it has no schema for);
 *  - namespace: set on every namespaced object;
 *  - labels: `pairs` added to metadata.labels (includeSelectors and includeTemplates false);
 *  - images: name → newName, newTag, digest, in every `containers` and `initContainers` list.
 * Transformers run in kustomize's order: patches, namespace, labels, images.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseYaml, parseYamlDocuments, isRecord } from './support';

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; [key: string]: unknown };
  [key: string]: unknown;
}

interface Target {
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
}
interface PatchEntry {
  path?: string;
  patch?: string;
  target?: Target;
}
interface Kustomization {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  resources?: string[];
  patches?: PatchEntry[];
  labels?: Array<{ pairs: Record<string, string>; includeSelectors?: boolean; includeTemplates?: boolean }>;
  images?: Array<{ name: string; newName?: string; newTag?: string; digest?: string }>;
}

const SUPPORTED = new Set(['apiVersion', 'kind', 'namespace', 'resources', 'patches', 'labels', 'images']);
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition']);

/** Strategic-merge keys of the list fields of built-in kinds that k8s/ patches or may patch. */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  imagePullSecrets: 'name',
};

/** Everything one file of the build came from, for the "every manifest is used" check. */
export interface BuildResult {
  objects: K8sObject[];
  files: string[];
}

/** Builds the kustomization in `dir` (absolute), as `kubectl kustomize dir` would. */
export function kustomize(dir: string): BuildResult {
  const file = join(dir, 'kustomization.yaml');
  const k = parseYaml(readFileSync(file, 'utf8'), file) as Kustomization;
  const unknown = Object.keys(k).filter((key) => !SUPPORTED.has(key));
  if (unknown.length > 0) throw new Error(`${file}: not in the supported subset: ${unknown.join(', ')}`);
  const files = [file];
  let objects: K8sObject[] = [];
  for (const entry of k.resources ?? []) {
    const path = resolve(dir, entry);
    if (existsSync(path) && statSync(path).isDirectory()) {
      const inner = kustomize(path);
      objects.push(...inner.objects);
      files.push(...inner.files);
    } else {
      files.push(path);
      objects.push(...(parseYamlDocuments(readFileSync(path, 'utf8'), path) as K8sObject[]));
    }
  }
  const ids = objects.map(idOf);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) throw new Error(`${file}: two resources are ${duplicate}`);

  for (const entry of k.patches ?? []) {
    const source = entry.path ? readFileSync(join(dir, entry.path), 'utf8') : entry.patch;
    if (entry.path) files.push(join(dir, entry.path));
    if (source === undefined) throw new Error(`${file}: a patch needs path or patch`);
    const patch = parseYaml(source, `${file} patch`);
    objects = applyPatch(objects, patch, entry.target, file);
  }
  if (k.namespace) {
    for (const o of objects) if (!CLUSTER_SCOPED.has(o.kind)) o.metadata.namespace = k.namespace;
  }
  for (const label of k.labels ?? []) {
    if (label.includeSelectors || label.includeTemplates) throw new Error(`${file}: only metadata labels are supported`);
    for (const o of objects) o.metadata.labels = { ...(o.metadata.labels ?? {}), ...label.pairs };
  }
  for (const image of k.images ?? []) for (const o of objects) setImages(o, image);
  return { objects, files };
}

export const idOf = (o: K8sObject): string => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/** Files relative to the repository, for messages. */
export const relativeTo = (root: string, files: string[]): string[] =>
  files.map((f) => relative(root, f).split('\\').join('/'));

function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0]! : '';
}
const isBuiltIn = (apiVersion: string): boolean => {
  const group = groupOf(apiVersion);
  return !group.includes('.') || group.endsWith('.k8s.io');
};

function matches(o: K8sObject, target: Target): boolean {
  if (target.kind && o.kind !== target.kind) return false;
  if (target.name && !new RegExp(`^(?:${target.name})$`).test(o.metadata.name)) return false;
  if (target.namespace && o.metadata.namespace !== target.namespace) return false;
  if (target.labelSelector) {
    for (const term of target.labelSelector.split(',')) {
      const [key, value] = term.split('=').map((s) => s.trim());
      if (!key || value === undefined) throw new Error(`unsupported label selector ${target.labelSelector}`);
      if (o.metadata.labels?.[key] !== value) return false;
    }
  }
  return true;
}

function applyPatch(objects: K8sObject[], patch: unknown, target: Target | undefined, file: string): K8sObject[] {
  if (Array.isArray(patch)) {
    if (!target) throw new Error(`${file}: a JSON 6902 patch needs a target`);
    const hits = objects.filter((o) => matches(o, target));
    if (hits.length === 0) throw new Error(`${file}: no resource matches ${JSON.stringify(target)}`);
    return objects.map((o) => (hits.includes(o) ? applyJson6902(o, patch, file) : o));
  }
  if (!isRecord(patch)) throw new Error(`${file}: a patch is a list of operations or an object`);
  const p = patch as unknown as K8sObject;
  // kustomize too refuses a strategic merge patch that does not name a resource.
  if (!p.apiVersion || !p.kind || !p.metadata?.name)
    throw new Error(`${file}: a strategic merge patch needs apiVersion, kind and metadata.name`);
  const hits = target
    ? objects.filter((o) => matches(o, target))
    : objects.filter(
        (o) =>
          o.kind === p.kind &&
          groupOf(o.apiVersion) === groupOf(p.apiVersion) &&
          o.metadata.name === p.metadata?.name &&
          (o.metadata.namespace ?? '') === (p.metadata?.namespace ?? ''),
      );
  if (hits.length === 0) throw new Error(`${file}: no resource matches the patch of ${p.kind}/${p.metadata?.name}`);
  return objects.map((o) => {
    if (!hits.includes(o)) return o;
    const body = target ? { ...p, metadata: { ...p.metadata, name: o.metadata.name } } : p;
    return mergePatch(o, body, isBuiltIn(o.apiVersion)) as K8sObject;
  });
}

function mergePatch(base: unknown, patch: unknown, strategic: boolean, field = ''): unknown {
  if (isRecord(patch)) {
    if (Object.keys(patch).some((k) => k.startsWith('$'))) throw new Error(`patch directives are not supported (${field})`);
    const out: Record<string, unknown> = isRecord(base) ? { ...base } : {};
    for (const [key, value] of Object.entries(patch)) {
      if (value === null) delete out[key];
      else out[key] = mergePatch(out[key], value, strategic, key);
    }
    return out;
  }
  const key = MERGE_KEYS[field];
  if (strategic && key && Array.isArray(patch) && Array.isArray(base)) {
    // As kustomize (kyaml) does: the patch's elements first, each merged with the element of
    // the same key, then the elements the patch does not name, in their order.
    const keyOf = (item: unknown) => (isRecord(item) ? item[key] : undefined);
    const patched = patch.map((item) => {
      const same = base.find((b) => keyOf(b) !== undefined && keyOf(b) === keyOf(item));
      return same === undefined ? structuredClone(item) : mergePatch(same, item, strategic);
    });
    const named = new Set(patch.map(keyOf));
    return [...patched, ...base.filter((b) => !named.has(keyOf(b)))];
  }
  return structuredClone(patch);
}

interface Operation {
  op: string;
  path: string;
  value?: unknown;
}

function applyJson6902(object: K8sObject, operations: unknown[], file: string): K8sObject {
  const doc = structuredClone(object) as unknown as Record<string, unknown>;
  for (const raw of operations) {
    const { op, path, value } = raw as Operation;
    const parts = path
      .split('/')
      .slice(1)
      .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = parts.pop();
    if (last === undefined) throw new Error(`${file}: bad path ${path}`);
    let parent: unknown = doc;
    for (const part of parts) {
      parent = Array.isArray(parent) ? parent[Number(part)] : isRecord(parent) ? parent[part] : undefined;
      if (parent === undefined) throw new Error(`${file}: ${path} does not exist in ${idOf(object)}`);
    }
    const container = parent as Record<string, unknown> & unknown[];
    const exists = Array.isArray(container) ? Number(last) < container.length : last in container;
    if ((op === 'replace' || op === 'remove') && !exists)
      throw new Error(`${file}: ${op} ${path}: nothing there in ${idOf(object)}`);
    if (op === 'remove') {
      if (Array.isArray(container)) container.splice(Number(last), 1);
      else delete container[last];
    } else if (op === 'replace' || op === 'add') {
      if (Array.isArray(container) && op === 'add')
        container.splice(last === '-' ? container.length : Number(last), 0, structuredClone(value));
      else container[last as never] = structuredClone(value) as never;
    } else throw new Error(`${file}: JSON 6902 operation ${op} is not supported`);
  }
  return doc as unknown as K8sObject;
}

function splitImage(image: string): { name: string; tag?: string; digest?: string } {
  const [rest, digest] = image.split('@') as [string, string | undefined];
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) return { name: rest.slice(0, colon), tag: rest.slice(colon + 1), digest };
  return { name: rest, digest };
}

function setImages(node: unknown, image: NonNullable<Kustomization['images']>[number]): void {
  if (Array.isArray(node)) {
    node.forEach((n) => setImages(n, image));
    return;
  }
  if (!isRecord(node)) return;
  for (const [key, value] of Object.entries(node)) {
    if ((key === 'containers' || key === 'initContainers') && Array.isArray(value)) {
      for (const container of value) {
        if (!isRecord(container) || typeof container['image'] !== 'string') continue;
        const parts = splitImage(container['image']);
        if (parts.name !== image.name) continue;
        const name = image.newName ?? parts.name;
        const digest = image.digest ?? (image.newTag ? undefined : parts.digest);
        const tag = image.newTag ?? (image.digest ? undefined : parts.tag);
        container['image'] = `${name}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
      }
    }
    setImages(value, image);
  }
}

/** The kustomization directories under k8s/: the base and each overlay. */
export function overlayDirs(k8sDir: string): { base: string; overlays: Record<string, string> } {
  const overlaysDir = join(k8sDir, 'overlays');
  const overlays = Object.fromEntries(
    (existsSync(overlaysDir) ? readdirSync(overlaysDir).sort() : [])
      .filter((name) => existsSync(join(overlaysDir, name, 'kustomization.yaml')))
      .map((name) => [name, join(overlaysDir, name)]),
  );
  return { base: join(k8sDir, 'base'), overlays };
}
