/**
 * k8s/ (kustomize: base + overlays dev, dev-demo, prod), checked without a cluster:
 *  - each overlay is built by the kustomize subset in kustomize.ts and, where kubectl is
 *    installed, compared object for object with `kubectl kustomize`;
 *  - every object of every overlay against the JSON schema of its kind: Kubernetes OpenAPI
 *    schemas from the npm package kubernetes-models, Strimzi CRD schemas from
 *    @kubernetes-models/strimzi-kafka-operator (run in k8s-validate.mjs: ESM-only packages), the
 *    other operators' kinds against the structural schemas of custom-resources.ts;
 *  - unknown fields (which those schemas let through, but `kubectl apply` rejects): each object
 *    is type-checked by the TypeScript compiler against the same packages' declarations;
 *  - what a schema cannot say: probes, routes, hosts, topics, replicas, budgets, autoscalers,
 *    network policies, the identity provider's URLs. env.spec.ts checks the environment.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';
import { ALL_TOPICS } from '@sanshe/contracts';
import { validateCustomResource } from './custom-resources';
import { DEMO, demoCommand, entryPointProblems, servedHealthPaths } from './demo';
import { containerEnv } from './environments';
import { idOf, kustomize, overlayDirs, type K8sObject } from './kustomize';
import {
  imageTagProblem,
  isRecord,
  LIVE_PATH,
  loadTopics,
  parseYamlDocuments,
  portal,
  READY_PATH,
  repoRoot,
  SERVICE_PORT,
  serviceNames,
  services,
  sorted,
} from './support';

// ---------------------------------------------------------------- types ----
// Only the parts these checks read; the schemas check the rest.
interface Probe {
  httpGet?: { path?: string; port?: number | string };
  periodSeconds?: number;
  failureThreshold?: number;
}
interface Container {
  name: string;
  image: string;
  command?: string[];
  ports?: Array<{ name?: string; containerPort: number }>;
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: Record<string, unknown>;
}
interface PodSpec {
  containers: Container[];
  securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
  automountServiceAccountToken?: boolean;
}
interface Deployment extends K8sObject {
  spec: {
    replicas: number;
    strategy?: { type?: string };
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels?: Record<string, string> }; spec: PodSpec };
  };
}
interface Service extends K8sObject {
  spec: { selector: Record<string, string>; ports: Array<{ name?: string; port: number; targetPort?: number | string }> };
}
interface IngressPath {
  path: string;
  pathType: string;
  backend: { service: { name: string; port: { name?: string; number?: number } } };
}
interface Ingress extends K8sObject {
  spec: {
    ingressClassName?: string;
    tls?: Array<{ hosts: string[]; secretName: string }>;
    rules: Array<{ host?: string; http: { paths: IngressPath[] } }>;
  };
}
interface KafkaTopic extends K8sObject {
  spec: { topicName?: string; partitions: number; replicas: number; config?: Record<string, unknown> };
}
interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: Array<{ key: string; operator: string; values?: string[] }>;
}
interface NetworkPolicy extends K8sObject {
  spec: {
    podSelector: LabelSelector;
    ingress?: Array<{
      from?: Array<{ podSelector?: LabelSelector; namespaceSelector?: LabelSelector }>;
      ports?: Array<{ port?: number }>;
    }>;
  };
}

// -------------------------------------------------------------- loading ----
const K8S_DIR = join(repoRoot, 'k8s');
const NAMESPACE = 'sanshe';
const REALM = 'sanshe';

/** What each overlay promises (demo: the separate demo instance); the checks below hold the rendered objects to it. */
const OVERLAYS = {
  dev: { origin: 'http://sanshe.localtest.me', serviceReplicas: 1, portalReplicas: 1, brokers: 1, mongoMembers: 1, prod: false, demo: false },
  'dev-demo': { origin: 'http://sanshe.localtest.me', serviceReplicas: 1, portalReplicas: 1, brokers: 1, mongoMembers: 1, prod: false, demo: true },
  prod: { origin: 'https://sanshe.example.org', serviceReplicas: 3, portalReplicas: 2, brokers: 3, mongoMembers: 3, prod: true, demo: false },
} as const;
type OverlayName = keyof typeof OVERLAYS;
const overlayNames = Object.keys(OVERLAYS) as OverlayName[];

const dirs = overlayDirs(K8S_DIR);
const baseBuild = kustomize(dirs.base);
const builds = Object.fromEntries(
  Object.entries(dirs.overlays).map(([name, dir]) => [name, kustomize(dir)]),
) as Record<string, ReturnType<typeof kustomize>>;

const ofKind = <T extends K8sObject>(objects: K8sObject[], kind: string): T[] =>
  objects.filter((o) => o.kind === kind) as T[];
const named = <T extends K8sObject>(objects: K8sObject[], kind: string, name: string): T | undefined =>
  ofKind<T>(objects, kind).find((o) => o.metadata.name === name);

/**
 * Pods that operators make from a resource, by the labels they put on them (read from each
 * operator's code): what the NetworkPolicies and disruption budgets may select besides the
 * platform's own Deployments.
 */
function operatorPods(objects: K8sObject[]): Array<{ labels: Record<string, string>; ports: number[] }> {
  return [
    ...ofKind(objects, 'MongoDBCommunity').map((m) => ({ labels: { app: `${m.metadata.name}-svc` }, ports: [27017] })),
    ...ofKind(objects, 'Redis').map((r) => ({ labels: { app: r.metadata.name }, ports: [6379, 9121] })),
  ];
}

function selects(selector: LabelSelector, labels: Record<string, string>): boolean {
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = (selector.matchExpressions ?? []).every((e) => {
    if (e.operator === 'In') return e.values?.includes(labels[e.key] ?? '\0') ?? false;
    if (e.operator === 'Exists') return e.key in labels;
    throw new Error(`selector operator ${e.operator} is not handled here`);
  });
  return byLabels && byExpressions;
}

/** Services inside the cluster that operators make: name → ports. */
function operatorServices(objects: K8sObject[]): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const kc of ofKind(objects, 'Keycloak')) out[`${kc.metadata.name}-service`] = [8080];
  for (const r of ofKind(objects, 'Redis')) out[r.metadata.name] = [6379];
  for (const c of ofKind(objects, 'Cluster')) out[`${c.metadata.name}-rw`] = [5432];
  return out;
}

// -------------------------------------------------------- schema checks ----
interface SchemaResult {
  ok: boolean;
  errors: string[];
  schema?: string;
}
function validateWithSchemas(toCheck: unknown[]): SchemaResult[] {
  const output = execFileSync(process.execPath, [join(__dirname, 'k8s-validate.mjs')], {
    cwd: repoRoot,
    input: JSON.stringify(toCheck),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(output) as SchemaResult[];
}

/** Built-in kinds and Strimzi's have TypeScript declarations; the other operators' kinds do not. */
const hasDeclarations = (o: K8sObject): boolean => {
  const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0]! : '';
  return group.endsWith('.strimzi.io') || !group.includes('.') || group.endsWith('.k8s.io');
};

function typeModule(apiVersion: string, kind: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  if (group!.endsWith('.strimzi.io')) return `@kubernetes-models/strimzi-kafka-operator/${group}/${version}/${kind}`;
  return group === '' ? `kubernetes-models/${version}/${kind}` : `kubernetes-models/${group}/${version}/${kind}`;
}

/**
 * Type-checks each object as an object literal of its kind's interface (e.g. IDeployment):
 * TypeScript reports every property the kind does not have, at any depth.
 */
function unknownFieldErrors(toCheck: Array<{ label: string; object: K8sObject }>): string[] {
  const virtualFile = join(repoRoot, 'tests', 'deploy', '__k8s_objects__.ts');
  const lines: string[] = [];
  const labelAtLine: string[] = [];
  toCheck.forEach(({ object }, i) => {
    lines.push(`import type { I${object.kind} as T${i} } from ${JSON.stringify(typeModule(object.apiVersion, object.kind))};`);
  });
  toCheck.forEach(({ label, object }, i) => {
    const literal = JSON.stringify(object, null, 1).split('\n');
    literal.forEach(() => labelAtLine.push(label));
    lines.push(`export const o${i}: T${i} = ${literal[0]}`, ...literal.slice(1, -1), `${literal[literal.length - 1]};`);
  });
  const importLines = toCheck.length;
  const source = lines.join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    types: [],
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (fileName, languageVersion, ...rest) =>
    fileName === virtualFile
      ? ts.createSourceFile(fileName, source, languageVersion)
      : getSourceFile.call(host, fileName, languageVersion, ...rest);
  host.fileExists = (fileName) => fileName === virtualFile || fileExists.call(host, fileName);
  host.readFile = (fileName) => (fileName === virtualFile ? source : readFile.call(host, fileName));
  const program = ts.createProgram([virtualFile], options, host);
  const file = program.getSourceFile(virtualFile)!;
  return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)].map((d) => {
    const line = d.start === undefined ? 0 : file.getLineAndCharacterOfPosition(d.start).line;
    const label = line < importLines ? toCheck[line]?.label : labelAtLine[line - importLines];
    return `${label ?? '?'}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`;
  });
}

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return yamlFilesUnder(path);
    return /\.ya?ml$/.test(entry) ? [path] : [];
  });
}

const topics = loadTopics();

// ---------------------------------------------------------------- tests ----
describe('k8s/ layout', () => {
  test('a base and exactly the overlays dev, dev-demo and prod, each building', () => {
    expect(sorted(Object.keys(dirs.overlays))).toEqual(sorted(overlayNames));
    for (const name of overlayNames) expect([name, builds[name]!.objects.length > 0]).toEqual([name, true]);
  });

  test('every YAML file under k8s/ is used by some kustomization (no forgotten manifest)', () => {
    const used = new Set([...baseBuild.files, ...Object.values(builds).flatMap((b) => b.files)]);
    const unused = yamlFilesUnder(K8S_DIR)
      .filter((f) => !used.has(f))
      .map((f) => relative(repoRoot, f));
    expect(unused).toEqual([]);
  });

  // kubectl is not part of the project's toolchain; where it exists, its kustomize must agree
  // with kustomize.ts object for object (which proves the subset implemented there).
  const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
  (kubectl ? test.each : test.skip.each)(overlayNames)('`kubectl kustomize k8s/overlays/%s` renders the same objects', (name) => {
    const rendered = execFileSync('kubectl', ['kustomize', join(K8S_DIR, 'overlays', name)], { encoding: 'utf8' });
    const theirs = parseYamlDocuments(rendered, `kubectl kustomize ${name}`) as K8sObject[];
    const byId = (list: K8sObject[]) => Object.fromEntries(list.map((o) => [idOf(o), o]));
    expect(byId(builds[name]!.objects)).toEqual(byId(theirs));
  });

  test('no object has a field its kind does not define (TypeScript declarations of the same packages)', () => {
    // Every distinct object of every overlay, once.
    const distinct = new Map<string, { label: string; object: K8sObject }>();
    for (const name of overlayNames) {
      for (const object of builds[name]!.objects.filter(hasDeclarations)) {
        const key = JSON.stringify(object);
        if (!distinct.has(key)) distinct.set(key, { label: `${name}: ${idOf(object)}`, object });
      }
    }
    expect(unknownFieldErrors([...distinct.values()])).toEqual([]);
  }, 180_000);

  test('the unknown-field check can fail: misspelt fields are reported', () => {
    const deployment = structuredClone(named<Deployment>(builds['prod']!.objects, 'Deployment', 'needs-intake')!);
    const container = deployment.spec.template.spec.containers[0]! as unknown as Record<string, unknown>;
    container['readinessProbes'] = container['readinessProbe'];
    delete container['readinessProbe'];
    const topic = structuredClone(ofKind<KafkaTopic>(builds['prod']!.objects, 'KafkaTopic')[0]!);
    Object.assign(topic.spec, { partition: 3 });
    expect(
      unknownFieldErrors([
        { label: 'broken-deployment', object: deployment },
        { label: 'broken-topic', object: topic },
      ]),
    ).toEqual([
      expect.stringMatching(/^broken-deployment: .*"readinessProbes".* does not exist in type 'IContainer'/),
      expect.stringMatching(/^broken-topic: .*"partition".* does not exist in type/),
    ]);
  }, 120_000);

  test('the schema checks can fail: deliberately broken copies are rejected', () => {
    const objects = builds['prod']!.objects;
    const deployment = structuredClone(named<Deployment>(objects, 'Deployment', 'needs-intake')!);
    Object.assign(deployment.spec.template.spec.containers[0]!.ports![0]!, { containerPort: 'eighty' });
    const topic = structuredClone(ofKind<KafkaTopic>(objects, 'KafkaTopic')[0]!);
    Object.assign(topic.spec, { partitions: 'three' });
    const hpa = structuredClone(ofKind(objects, 'HorizontalPodAutoscaler')[0]!);
    delete (hpa['spec'] as { maxReplicas?: number }).maxReplicas;
    const results = validateWithSchemas([deployment, topic, hpa]);
    expect(results.map((r) => r.ok)).toEqual([false, false, false]);
    expect(results[0]!.errors.join()).toContain('containerPort');
    expect(results[1]!.errors.join()).toContain('partitions');

    const mongo = structuredClone(ofKind(objects, 'MongoDBCommunity')[0]!);
    Object.assign(mongo['spec'] as object, { member: 3 });
    const redis = structuredClone(ofKind(objects, 'Redis')[0]!);
    delete (redis['spec'] as { kubernetesConfig?: unknown }).kubernetesConfig;
    const keycloak = structuredClone(ofKind(objects, 'Keycloak')[0]!);
    Object.assign((keycloak['spec'] as { proxy: object }).proxy, { headers: 'x-forwarded' });
    expect(validateCustomResource(mongo)?.join()).toContain('member');
    expect(validateCustomResource(redis)?.join()).toContain('kubernetesConfig');
    expect(validateCustomResource(keycloak)?.join()).toContain('/spec/proxy/headers');
  });
});

describe.each(overlayNames)('overlay %s', (overlay) => {
  const expected = OVERLAYS[overlay];
  const objects = builds[overlay]!.objects;
  const configMap = named(objects, 'ConfigMap', 'sanshe-config')!;
  const config = (configMap?.['data'] ?? {}) as Record<string, string>;
  const host = new URL(expected.origin).host;

  test('every object is valid against the schema of its kind (none without one)', () => {
    const custom = objects.map((o) => validateCustomResource(o));
    const others = objects.filter((_, i) => custom[i] === undefined);
    const results = validateWithSchemas(others);
    const failures = [
      ...others.flatMap((o, i) => (results[i]!.ok ? [] : [`${idOf(o)}: ${results[i]!.errors.join('; ')}`])),
      ...objects.flatMap((o, i) => (custom[i]?.length ? [`${idOf(o)}: ${custom[i]!.join('; ')}`] : [])),
    ];
    expect(failures).toEqual([]);
  });

  test('every namespaced object is in namespace sanshe, which runs at least "baseline"', () => {
    for (const o of objects) {
      if (o.kind === 'Namespace') expect(o.metadata.name).toBe(NAMESPACE);
      else expect([idOf(o), o.metadata.namespace]).toEqual([idOf(o), NAMESPACE]);
    }
    const ns = named(objects, 'Namespace', NAMESPACE)!;
    expect(ns.metadata.labels?.['pod-security.kubernetes.io/enforce']).toMatch(/^(baseline|restricted)$/);
  });

  test('every image is pinned (never latest): containers and the operators’ image fields', () => {
    const images: string[] = [];
    const walk = (node: unknown, key = ''): void => {
      if (Array.isArray(node)) node.forEach((n) => walk(n, key));
      else if (isRecord(node)) Object.entries(node).forEach(([k, v]) => walk(v, k));
      else if (key === 'image' && typeof node === 'string') images.push(node);
    };
    objects.forEach((o) => walk(o));
    expect(images.length).toBeGreaterThan(serviceNames.length);
    for (const image of images) expect([image, imageTagProblem(image)]).toEqual([image, undefined]);
  });

  describe.each(serviceNames)('service %s', (name) => {
    const deployment = named<Deployment>(objects, 'Deployment', name)!;
    const service = named<Service>(objects, 'Service', name)!;
    const pod = deployment?.spec.template.spec;
    const container = pod?.containers[0];

    test(`a Deployment of ${expected.serviceReplicas} and a Service selecting its pods on port 8080`, () => {
      expect(deployment.spec.replicas).toBe(expected.serviceReplicas);
      expect(pod.containers).toHaveLength(1);
      const podLabels = deployment.spec.template.metadata.labels ?? {};
      expect(podLabels).toEqual(expect.objectContaining({ ...deployment.spec.selector.matchLabels, 'app.kubernetes.io/component': 'service' }));
      expect(podLabels).toEqual(expect.objectContaining(service.spec.selector));
      expect(container!.ports).toEqual([expect.objectContaining({ name: 'http', containerPort: SERVICE_PORT })]);
      expect(service.spec.ports).toEqual([expect.objectContaining({ name: 'http', port: SERVICE_PORT, targetPort: 'http' })]);
      expect(container!.image).toMatch(new RegExp(`(^|/)sanshe/${name}:`));
    });

    test('liveness on /health/live and readiness on /health/ready, on the http port', () => {
      expect(container!.livenessProbe?.httpGet).toEqual({ path: LIVE_PATH, port: 'http' });
      expect(container!.readinessProbe?.httpGet).toEqual({ path: READY_PATH, port: 'http' });
    });

    test('CPU and memory requests and limits (in prod: memory request = limit)', () => {
      for (const kind of ['requests', 'limits'] as const) {
        expect(Object.keys(container!.resources?.[kind] ?? {}).sort()).toEqual(['cpu', 'memory']);
      }
      if (expected.prod) expect(container!.resources!.requests!['memory']).toBe(container!.resources!.limits!['memory']);
    });

    test('runs as non-root, read-only root filesystem, no privilege escalation, no capabilities', () => {
      expect(pod.securityContext?.runAsNonRoot).toBe(true);
      expect(pod.securityContext?.runAsUser).toBe(1000); // "node" in node:20-bookworm-slim
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(container!.securityContext).toEqual(
        expect.objectContaining({
          runAsNonRoot: true,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        }),
      );
    });

    test('its MONGO_URL is the connection string the MongoDB operator writes for its own user, on its own database', () => {
      const mongo = ofKind(objects, 'MongoDBCommunity')[0]!;
      const users = (mongo['spec'] as { users: Array<{ name: string; roles: Array<{ name: string; db: string }>; connectionStringSecretName: string }> }).users;
      const user = users.find((u) => u.name === name)!;
      expect(user.roles).toEqual([{ name: 'readWrite', db: services[name].mongoDb }]);
      const env = (container as unknown as { env: Array<{ name: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }> }).env;
      expect(env.find((e) => e.name === 'MONGO_URL')?.valueFrom?.secretKeyRef).toEqual({
        name: user.connectionStringSecretName,
        key: 'connectionString.standard',
      });
      const resolved = containerEnv(objects, container as never);
      expect(resolved.problems).toEqual([]);
      expect(resolved.env['MONGO_DB']).toBe(services[name].mongoDb);
    });

    (expected.prod ? test : test.skip)('prod: an autoscaler (CPU, from the replicas up) and a disruption budget', () => {
      const hpa = named(objects, 'HorizontalPodAutoscaler', name)!;
      const spec = hpa['spec'] as { scaleTargetRef: { kind: string; name: string }; minReplicas: number; maxReplicas: number };
      expect(spec.scaleTargetRef).toEqual(expect.objectContaining({ kind: 'Deployment', name }));
      expect(spec.minReplicas).toBe(deployment.spec.replicas);
      expect(spec.maxReplicas).toBeGreaterThan(spec.minReplicas);
      const pdb = named(objects, 'PodDisruptionBudget', name)!;
      const pdbSpec = pdb['spec'] as { selector: LabelSelector; maxUnavailable?: number };
      expect(selects(pdbSpec.selector, deployment.spec.template.metadata.labels ?? {})).toBe(true);
      expect(pdbSpec.maxUnavailable).toBeLessThan(spec.minReplicas);
    });
  });

  test(`the portal: ${expected.portalReplicas} of sanshe/portal as nginx (101), probes on /healthz, a Service on 8080`, () => {
    const deployment = named<Deployment>(objects, 'Deployment', portal.name)!;
    const service = named<Service>(objects, 'Service', portal.name)!;
    const pod = deployment.spec.template.spec;
    const container = pod.containers[0]!;
    expect(deployment.spec.replicas).toBe(expected.portalReplicas);
    expect(container.image).toMatch(new RegExp(`(^|/)${portal.image}:`));
    expect(deployment.spec.template.metadata.labels).toEqual(expect.objectContaining(service.spec.selector));
    expect(container.ports).toEqual([expect.objectContaining({ name: 'http', containerPort: SERVICE_PORT })]);
    expect(service.spec.ports).toEqual([expect.objectContaining({ name: 'http', port: SERVICE_PORT, targetPort: 'http' })]);
    expect(container.livenessProbe?.httpGet).toEqual({ path: portal.healthPath, port: 'http' });
    expect(container.readinessProbe?.httpGet).toEqual({ path: portal.healthPath, port: 'http' });
    expect(pod.securityContext).toEqual(expect.objectContaining({ runAsNonRoot: true, runAsUser: 101 }));
    expect(container.securityContext).toEqual(
      expect.objectContaining({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } }),
    );
  });

  test(expected.prod ? 'autoscalers and disruption budgets each name a Deployment or operator pods' : 'no autoscalers or disruption budgets (one of everything)', () => {
    const hpas = ofKind(objects, 'HorizontalPodAutoscaler');
    const pdbs = ofKind(objects, 'PodDisruptionBudget');
    if (!expected.prod) {
      expect([hpas.length, pdbs.length]).toEqual([0, 0]);
      return;
    }
    expect(sorted(hpas.map((h) => h.metadata.name))).toEqual(sorted([...serviceNames, portal.name]));
    const podLabels = [
      ...ofKind<Deployment>(objects, 'Deployment').map((d) => d.spec.template.metadata.labels ?? {}),
      ...operatorPods(objects).map((p) => p.labels),
    ];
    for (const pdb of pdbs) {
      const selector = (pdb['spec'] as { selector: LabelSelector }).selector;
      expect([pdb.metadata.name, podLabels.some((labels) => selects(selector, labels))]).toEqual([pdb.metadata.name, true]);
    }
    expect(pdbs.map((p) => p.metadata.name)).toContain('sanshe-mongo');
  });

  test(`Ingress sanshe on ${host}: the four API prefixes, Keycloak's public paths and / to the portal${expected.prod ? ', TLS' : ''}`, () => {
    const ingresses = ofKind<Ingress>(objects, 'Ingress');
    // The demo instance (dev-demo) has an Ingress of its own, on its own host (checked below).
    expect(sorted(ingresses.map((i) => i.metadata.name))).toEqual(expected.demo ? ['sanshe', DEMO.k8sName] : ['sanshe']);
    const ingress = named<Ingress>(objects, 'Ingress', 'sanshe')!;
    expect(ingress.spec.rules.map((r) => r.host)).toEqual([host]);
    if (expected.prod) expect(ingress.spec.tls).toEqual([{ hosts: [host], secretName: expect.any(String) }]);
    else expect(ingress.spec.tls).toBeUndefined();
    const routes = ingress.spec.rules[0]!.http.paths.map((p) => `${p.path} ${p.pathType} ${p.backend.service.name}`);
    const keycloak = ofKind(objects, 'Keycloak')[0]!.metadata.name;
    expect(sorted(routes)).toEqual(
      sorted([
        ...serviceNames.map((name) => `${services[name].prefix} Prefix ${name}`),
        `/auth/realms Prefix ${keycloak}-service`,
        `/auth/resources Prefix ${keycloak}-service`,
        `/ Prefix ${portal.name}`,
      ]),
    );
    // Every backend exists: one of the platform's Services (by port name) or one an operator makes.
    const made = operatorServices(objects);
    for (const path of ingress.spec.rules[0]!.http.paths) {
      const { name, port } = path.backend.service;
      const own = named<Service>(objects, 'Service', name);
      const ok = own ? own.spec.ports.some((p) => p.name === port.name || p.port === port.number) : made[name]?.includes(port.number ?? -1);
      expect([path.path, ok]).toEqual([path.path, true]);
    }
  });

  test('the identity provider: public issuer on the Ingress host, key set from the operator’s Service, realm URLs on the host', () => {
    const keycloak = ofKind(objects, 'Keycloak')[0]!;
    const spec = keycloak['spec'] as {
      hostname: { hostname: string; backchannelDynamic?: boolean };
      http: { httpEnabled: boolean };
      additionalOptions: Array<{ name: string; value: string }>;
      db: { host: string; usernameSecret: { name: string }; passwordSecret: { name: string } };
    };
    const option = (name: string) => spec.additionalOptions.find((o) => o.name === name)?.value;
    const relativePath = option('http-relative-path') ?? '/';
    expect(spec.hostname.hostname).toBe(`${expected.origin}${relativePath}`);
    expect(spec.hostname.backchannelDynamic).toBe(true);
    expect(spec.http.httpEnabled).toBe(true);
    expect(config['AUTH_ISSUER']).toBe(`${spec.hostname.hostname}/realms/${REALM}`);
    expect(config['AUTH_AUDIENCE']).toBe('sanshe-api');
    expect(config['AUTH_JWKS_URL']).toBe(
      `http://${keycloak.metadata.name}-service.${NAMESPACE}.svc:8080${relativePath}/realms/${REALM}/protocol/openid-connect/certs`,
    );
    // The Ingress publishes Keycloak under the same relative path.
    const ingressPaths = named<Ingress>(objects, 'Ingress', 'sanshe')!.spec.rules[0]!.http.paths.map((p) => p.path);
    expect(ingressPaths).toContain(`${relativePath}/realms`);
    // Its database is the CloudNativePG cluster's read-write Service and owner Secret.
    const db = ofKind(objects, 'Cluster')[0]!;
    expect(spec.db.host).toBe(`${db.metadata.name}-rw`);
    expect([spec.db.usernameSecret.name, spec.db.passwordSecret.name]).toEqual([`${db.metadata.name}-app`, `${db.metadata.name}-app`]);

    const imports = ofKind(objects, 'KeycloakRealmImport');
    expect(imports).toHaveLength(1);
    const importSpec = imports[0]!['spec'] as { keycloakCRName: string; realm: { realm: string; clients: Array<Record<string, unknown>> } };
    expect(importSpec.keycloakCRName).toBe(keycloak.metadata.name);
    expect(importSpec.realm.realm).toBe(REALM);
    const client = importSpec.realm.clients.find((c) => c['clientId'] === 'sanshe-portal')!;
    expect(client['rootUrl']).toBe(expected.origin);
    expect(client['redirectUris']).toEqual([`${expected.origin}/*`]);
    expect(client['webOrigins']).toEqual([expected.origin]);
    expect((client['attributes'] as Record<string, string>)['post.logout.redirect.uris']).toBe(`${expected.origin}/*`);
    // procurement publishes OCDS links on the same origin.
    const procurement = named<Deployment>(objects, 'Deployment', 'procurement')!;
    expect(containerEnv(objects, procurement.spec.template.spec.containers[0] as never).env['PUBLIC_BASE_URL']).toBe(expected.origin);
  });

  describe('Kafka (Strimzi)', () => {
    const kafka = ofKind(objects, 'Kafka');
    const pools = ofKind(objects, 'KafkaNodePool');
    const kafkaTopics = ofKind<KafkaTopic>(objects, 'KafkaTopic');
    const cluster = kafka[0]?.metadata.name;
    type PoolSpec = { replicas: number; roles: string[] };
    const kafkaConfig = () => (kafka[0]!['spec'] as { kafka: { config: Record<string, unknown> } }).kafka.config;

    test('one KRaft cluster with a node pool of controllers and brokers, topics only from KafkaTopics', () => {
      expect(kafka).toHaveLength(1);
      expect(kafka[0]!.metadata.annotations).toEqual(
        expect.objectContaining({ 'strimzi.io/kraft': 'enabled', 'strimzi.io/node-pools': 'enabled' }),
      );
      expect((kafka[0]!['spec'] as { zookeeper?: unknown }).zookeeper).toBeUndefined();
      const roles = new Set<string>();
      for (const pool of pools) {
        expect(pool.metadata.labels?.['strimzi.io/cluster']).toBe(cluster);
        (pool['spec'] as PoolSpec).roles.forEach((r) => roles.add(r));
      }
      expect(sorted(roles)).toEqual(['broker', 'controller']);
      expect(kafkaConfig()['auto.create.topics.enable']).toBe(false);
      expect((kafka[0]!['spec'] as { entityOperator?: { topicOperator?: unknown } }).entityOperator?.topicOperator).toBeDefined();
    });

    test(`${expected.brokers} broker(s); internal topics, defaults and every KafkaTopic replicated on all of them, min.insync.replicas below that (or 1)`, () => {
      const brokers = pools
        .map((p) => p['spec'] as PoolSpec)
        .filter((s) => s.roles.includes('broker'))
        .reduce((n, s) => n + s.replicas, 0);
      expect(brokers).toBe(expected.brokers);
      const minIsr = Math.max(1, expected.brokers - 1);
      expect(kafkaConfig()).toEqual(
        expect.objectContaining({
          'offsets.topic.replication.factor': expected.brokers,
          'transaction.state.log.replication.factor': expected.brokers,
          'default.replication.factor': expected.brokers,
          'min.insync.replicas': minIsr,
        }),
      );
      for (const topic of kafkaTopics) {
        expect([topic.metadata.name, topic.spec.replicas, topic.spec.config?.['min.insync.replicas']]).toEqual([
          topic.metadata.name,
          expected.brokers,
          minIsr,
        ]);
      }
    });

    test('one KafkaTopic per topic of the event catalog (ALL_TOPICS) and deploy/topics.json, in this cluster', () => {
      const names = kafkaTopics.map((t) => t.spec.topicName ?? t.metadata.name);
      expect(new Set(names).size).toBe(names.length);
      expect(sorted(names)).toEqual(sorted(ALL_TOPICS));
      expect(sorted(names)).toEqual(sorted(topics));
      for (const topic of kafkaTopics) expect(topic.metadata.labels?.['strimzi.io/cluster']).toBe(cluster);
    });

    test('the services create missing topics as the KafkaTopics do, and reach the bootstrap Service', () => {
      for (const topic of kafkaTopics) {
        expect([topic.metadata.name, String(topic.spec.partitions), String(topic.spec.replicas)]).toEqual([
          topic.metadata.name,
          config['KAFKA_PARTITIONS'],
          config['KAFKA_REPLICATION_FACTOR'],
        ]);
      }
      const listeners = (kafka[0]!['spec'] as { kafka: { listeners: Array<{ port: number; tls: boolean }> } }).kafka.listeners;
      const plain = listeners.find((l) => !l.tls)!;
      expect(config['KAFKA_BROKERS']).toBe(`${cluster}-kafka-bootstrap.${NAMESPACE}.svc:${plain.port}`);
    });
  });

  test(`MongoDB: a replica set of ${expected.mongoMembers}, SCRAM, one user per service whose password Secret exists`, () => {
    const mongo = ofKind(objects, 'MongoDBCommunity');
    expect(mongo).toHaveLength(1);
    const spec = mongo[0]!['spec'] as {
      members: number;
      version: string;
      users: Array<{ name: string; passwordSecretRef: { name: string; key?: string } }>;
    };
    expect(spec.members).toBe(expected.mongoMembers);
    expect(spec.version).toMatch(/^7\./);
    expect(sorted(spec.users.map((u) => u.name))).toEqual(sorted(serviceNames));
    for (const user of spec.users) {
      const secret = named(objects, 'Secret', user.passwordSecretRef.name);
      expect([user.name, Object.keys((secret?.['stringData'] ?? {}) as object)]).toEqual([user.name, [user.passwordSecretRef.key ?? 'password']]);
    }
  });

  test('Redis: persistent, append-only, never evicting, with the password the services’ REDIS_URL uses', () => {
    const redis = ofKind(objects, 'Redis');
    expect(redis).toHaveLength(1);
    const spec = redis[0]!['spec'] as {
      kubernetesConfig: { redisSecret: { name: string; key: string } };
      redisConfig: { additionalRedisConfig: string };
      storage?: unknown;
    };
    expect(spec.storage).toBeDefined();
    const conf = Object.values((named(objects, 'ConfigMap', spec.redisConfig.additionalRedisConfig)?.['data'] ?? {}) as object).join('\n');
    expect(conf).toMatch(/^maxmemory-policy noeviction$/m);
    expect(conf).toMatch(/^appendonly yes$/m);
    const password = containerEnv(objects, { name: 'x', env: [{ name: 'P', valueFrom: { secretKeyRef: spec.kubernetesConfig.redisSecret } }] });
    expect(password.problems).toEqual([]);
    for (const name of serviceNames) {
      const deployment = named<Deployment>(objects, 'Deployment', name)!;
      const env = containerEnv(objects, deployment.spec.template.spec.containers[0] as never).env;
      expect(env['REDIS_URL']).toBe(`redis://:${password.env['P']}@${redis[0]!.metadata.name}.${NAMESPACE}.svc:6379`);
    }
  });

  test('NetworkPolicies: each selects pods that exist, and opens only ports they listen on', () => {
    const own = ofKind<Deployment>(objects, 'Deployment').map((d) => ({
      labels: d.spec.template.metadata.labels ?? {},
      ports: d.spec.template.spec.containers.flatMap((c) => (c.ports ?? []).map((p) => p.containerPort)),
    }));
    const pods = [...own, ...operatorPods(objects)];
    const policies = ofKind<NetworkPolicy>(objects, 'NetworkPolicy');
    expect(policies.length).toBeGreaterThan(0);
    for (const policy of policies) {
      const targets = pods.filter((p) => selects(policy.spec.podSelector, p.labels));
      expect([policy.metadata.name, targets.length > 0]).toEqual([policy.metadata.name, true]);
      const open = (policy.spec.ingress ?? []).flatMap((rule) => (rule.ports ?? []).map((p) => p.port));
      for (const port of open) {
        expect([policy.metadata.name, port, targets.every((t) => t.ports.includes(port ?? -1))]).toEqual([policy.metadata.name, port, true]);
      }
    }
    // Every Deployment (the services, the portal, the demo instance) is covered: nothing else than
    // the ingress controller (and metrics) reaches them.
    for (const deployment of ofKind<Deployment>(objects, 'Deployment')) {
      const labels = deployment.spec.template.metadata.labels ?? {};
      const name = deployment.metadata.name;
      expect([name, policies.some((p) => selects(p.spec.podSelector, labels))]).toEqual([name, true]);
    }
  });

  test(expected.demo ? 'dev-demo: nothing that runs once (the demo is an instance, not a seed Job)' : 'no demo instance', () => {
    expect(ofKind(objects, 'Job')).toEqual([]);
    const demoObjects = objects.filter((o) => o.metadata.name === DEMO.k8sName).map((o) => o.kind);
    expect(sorted(demoObjects)).toEqual(expected.demo ? ['Deployment', 'Ingress', 'NetworkPolicy', 'Service'] : []);
  });

  (expected.demo ? describe : describe.skip)('dev-demo: the demo instance (the embedded process, seeded at start)', () => {
    const deployment = named<Deployment>(objects, 'Deployment', DEMO.k8sName)!;
    const service = named<Service>(objects, 'Service', DEMO.k8sName)!;
    const pod = deployment?.spec.template.spec;
    const container = pod?.containers[0];

    test(`one pod of ${DEMO.image}, never two at once (each is a world of its own), running ${DEMO.entrySource} with ${DEMO.flag}`, () => {
      expect(deployment.spec.replicas).toBe(1);
      expect(deployment.spec.strategy?.type).toBe('Recreate');
      expect(pod.containers).toHaveLength(1);
      expect(container!.image).toMatch(new RegExp(`(^|/)${DEMO.image}:`));
      expect(container!.command).toEqual(demoCommand());
      expect(entryPointProblems()).toEqual([]);
      expect(ofKind(objects, 'HorizontalPodAutoscaler')).toEqual([]);
    });

    test('a Service on 8080 selecting it, and an Ingress of its own host routing everything there', () => {
      expect(container!.ports).toEqual([expect.objectContaining({ name: 'http', containerPort: SERVICE_PORT })]);
      expect(deployment.spec.template.metadata.labels).toEqual(expect.objectContaining(service.spec.selector));
      expect(deployment.spec.template.metadata.labels).toEqual(expect.objectContaining(deployment.spec.selector.matchLabels));
      expect(service.spec.ports).toEqual([expect.objectContaining({ name: 'http', port: SERVICE_PORT, targetPort: 'http' })]);
      const ingress = named<Ingress>(objects, 'Ingress', DEMO.k8sName)!;
      expect(ingress.spec.ingressClassName).toBe(named<Ingress>(objects, 'Ingress', 'sanshe')!.spec.ingressClassName);
      expect(ingress.spec.tls).toBeUndefined();
      expect(ingress.spec.rules).toEqual([
        {
          host: DEMO.k8sHost,
          http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: DEMO.k8sName, port: { name: 'http' } } } }] },
        },
      ]);
      expect(DEMO.k8sHost).not.toBe(host);
    });

    test('startup and liveness on /health/live, readiness on /health/ready (what the embedded process serves), time to seed', () => {
      expect(servedHealthPaths()).toEqual([LIVE_PATH, READY_PATH]);
      expect(container!.startupProbe?.httpGet).toEqual({ path: LIVE_PATH, port: 'http' });
      expect(container!.livenessProbe?.httpGet).toEqual({ path: LIVE_PATH, port: 'http' });
      expect(container!.readinessProbe?.httpGet).toEqual({ path: READY_PATH, port: 'http' });
      // It listens only once the story is seeded (about a minute on a quiet machine).
      const startup = container!.startupProbe!;
      expect((startup.periodSeconds ?? 10) * (startup.failureThreshold ?? 3)).toBeGreaterThanOrEqual(300);
    });

    test('CPU and memory requests and limits; runs as non-root, read-only root filesystem, no privilege escalation, no capabilities', () => {
      for (const kind of ['requests', 'limits'] as const) {
        expect(Object.keys(container!.resources?.[kind] ?? {}).sort()).toEqual(['cpu', 'memory']);
      }
      expect(pod.securityContext).toEqual(expect.objectContaining({ runAsNonRoot: true, runAsUser: 1000 }));
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(container!.securityContext).toEqual(
        expect.objectContaining({
          runAsNonRoot: true,
          readOnlyRootFilesystem: true,
          allowPrivilegeEscalation: false,
          capabilities: { drop: ['ALL'] },
        }),
      );
    });

    test('a NetworkPolicy lets the ingress controller (and only it) reach it on 8080; no platform policy names it', () => {
      const labels = deployment.spec.template.metadata.labels ?? {};
      const policies = ofKind<NetworkPolicy>(objects, 'NetworkPolicy').filter((p) => selects(p.spec.podSelector, labels));
      expect(policies.map((p) => p.metadata.name)).toEqual([DEMO.k8sName]);
      expect(policies[0]!.spec.ingress).toEqual([
        {
          from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }],
          ports: [{ protocol: 'TCP', port: SERVICE_PORT }],
        },
      ]);
      // It needs nothing of the installation: no policy lets its pods in anywhere.
      const peers = ofKind<NetworkPolicy>(objects, 'NetworkPolicy').flatMap((p) => (p.spec.ingress ?? []).flatMap((r) => r.from ?? []));
      expect(peers.filter((peer) => peer.podSelector && selects(peer.podSelector, labels))).toEqual([]);
    });
  });
});
