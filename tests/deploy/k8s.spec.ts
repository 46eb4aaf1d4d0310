/**
 * k8s/, checked without a cluster:
 *  - every object against the JSON schema of its kind: Kubernetes OpenAPI schemas from
 *    the npm package kubernetes-models, Strimzi CRD schemas from
 *    @kubernetes-models/strimzi-kafka-operator (run in k8s-validate.mjs: ESM-only packages);
 *  - unknown fields (which those schemas let through, but `kubectl apply` rejects): each object
 *    is type-checked by the TypeScript compiler against the same packages' declarations,
 *    where an excess property is an error;
 *  - `kubectl kustomize k8s` renders, when kubectl is installed;
 *  - what a schema cannot say: probes, routes, topics, pinned images, resources, security.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';
import {
  imageTagProblem,
  isRecord,
  LIVE_PATH,
  loadTopics,
  parseYaml,
  parseYamlDocuments,
  portal,
  READY_PATH,
  readRepoFile,
  repoRoot,
  requiredEnv,
  SERVICE_PORT,
  serviceNames,
  services,
  sorted,
} from './support';

// ---------------------------------------------------------------- types ----
// Only the parts these checks read; the schemas check the rest.
interface Meta {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: Meta;
  [key: string]: unknown;
}
interface Probe {
  httpGet?: { path?: string; port?: number | string };
}
interface Container {
  name: string;
  image: string;
  ports?: Array<{ name?: string; containerPort: number }>;
  env?: Array<{ name: string; value?: string }>;
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  securityContext?: {
    runAsNonRoot?: boolean;
    allowPrivilegeEscalation?: boolean;
    readOnlyRootFilesystem?: boolean;
    privileged?: boolean;
    capabilities?: { drop?: string[] };
  };
}
interface Deployment extends K8sObject {
  spec: {
    replicas: number;
    selector: { matchLabels: Record<string, string> };
    template: {
      metadata: Meta;
      spec: {
        containers: Container[];
        securityContext?: { runAsNonRoot?: boolean; runAsUser?: number };
        automountServiceAccountToken?: boolean;
      };
    };
  };
}
interface Service extends K8sObject {
  spec: { selector: Record<string, string>; ports: Array<{ name?: string; port: number; targetPort?: number | string }> };
}
interface Ingress extends K8sObject {
  spec: {
    ingressClassName?: string;
    rules: Array<{
      http: { paths: Array<{ path: string; pathType: string; backend: { service: { name: string; port: { name?: string; number?: number } } } }> };
    }>;
  };
}
interface KafkaTopic extends K8sObject {
  spec: { topicName?: string; partitions: number; replicas: number };
}
interface SourcedObject {
  file: string;
  index: number;
  object: K8sObject;
}

// -------------------------------------------------------------- loading ----
const K8S_DIR = 'k8s';
const NAMESPACE = 'sanshe';

interface Kustomization {
  namespace?: string;
  resources: string[];
  images?: Array<{ name: string; newName?: string; newTag?: string; digest?: string }>;
}
const kustomization = parseYaml(readRepoFile(`${K8S_DIR}/kustomization.yaml`), 'kustomization.yaml') as Kustomization;

function yamlFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return yamlFilesUnder(path);
    return /\.ya?ml$/.test(entry) ? [path] : [];
  });
}

const objects: SourcedObject[] = kustomization.resources.flatMap((resource) => {
  const file = `${K8S_DIR}/${resource}`;
  return parseYamlDocuments(readRepoFile(file), file).map((object, index) => ({
    file,
    index,
    object: object as K8sObject,
  }));
});
const ofKind = <T extends K8sObject>(kind: string): T[] =>
  objects.filter((o) => o.object.kind === kind).map((o) => o.object as T);
const named = <T extends K8sObject>(kind: string, name: string): T | undefined =>
  ofKind<T>(kind).find((o) => o.metadata.name === name);
const where = (o: SourcedObject): string => `${o.file}#${o.index} ${o.object.kind}/${o.object.metadata?.name}`;

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

/** The module whose declarations type an object of this apiVersion/kind (same mapping as k8s-validate.mjs). */
function typeModule(apiVersion: string, kind: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  if (group!.endsWith('.strimzi.io')) return `@kubernetes-models/strimzi-kafka-operator/${group}/${version}/${kind}`;
  return group === '' ? `kubernetes-models/${version}/${kind}` : `kubernetes-models/${group}/${version}/${kind}`;
}

/**
 * Type-checks each object as an object literal of its kind's interface (e.g. IDeployment):
 * TypeScript reports every property the kind does not have, at any depth.
 * Returns the compiler's messages, each prefixed with the label of its object.
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

// ---------------------------------------------------------------- tests ----
const topics = loadTopics();

describe('k8s/ manifests', () => {
  test('kustomization.yaml lists every manifest under k8s/ (and nothing else)', () => {
    const onDisk = yamlFilesUnder(join(repoRoot, K8S_DIR))
      .map((path) => relative(join(repoRoot, K8S_DIR), path).split('\\').join('/'))
      .filter((path) => path !== 'kustomization.yaml');
    expect(sorted(kustomization.resources)).toEqual(sorted(onDisk));
    expect(new Set(kustomization.resources).size).toBe(kustomization.resources.length);
    expect(kustomization.namespace).toBe(NAMESPACE);
  });

  test('every object is valid against the schema of its kind', () => {
    const results = validateWithSchemas(objects.map((o) => o.object));
    const failures = results.flatMap((r, i) => (r.ok ? [] : [`${where(objects[i]!)}: ${r.errors.join('; ')}`]));
    expect(failures).toEqual([]);
    // Each kind was validated by the package expected for it.
    const schemaByKind = Object.fromEntries(results.map((r, i) => [objects[i]!.object.kind, r.schema]));
    expect(schemaByKind).toEqual({
      Namespace: 'kubernetes-models/v1/Namespace',
      ConfigMap: 'kubernetes-models/v1/ConfigMap',
      Secret: 'kubernetes-models/v1/Secret',
      Deployment: 'kubernetes-models/apps/v1/Deployment',
      Service: 'kubernetes-models/v1/Service',
      Ingress: 'kubernetes-models/networking.k8s.io/v1/Ingress',
      Kafka: '@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1beta2/Kafka',
      KafkaNodePool: '@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1beta2/KafkaNodePool',
      KafkaTopic: '@kubernetes-models/strimzi-kafka-operator/kafka.strimzi.io/v1beta2/KafkaTopic',
    });
  });

  test('the schema check can fail: deliberately broken copies are rejected', () => {
    const deployment = structuredClone(named<Deployment>('Deployment', 'needs-intake')!);
    Object.assign(deployment.spec.template.spec.containers[0]!.ports![0]!, { containerPort: 'eighty' });
    const topic = structuredClone(ofKind<KafkaTopic>('KafkaTopic')[0]!);
    Object.assign(topic.spec, { partitions: 'three' });
    const ingress = structuredClone(ofKind<Ingress>('Ingress')[0]!);
    Object.assign(ingress.spec.rules[0]!.http.paths[0]!, { pathType: 'Prefixed' });
    const kafka = structuredClone(ofKind('Kafka')[0]!);
    delete (kafka['spec'] as { kafka: { listeners?: unknown } }).kafka.listeners;
    const unknownKind = { apiVersion: 'example.org/v1', kind: 'Widget', metadata: { name: 'w' } };
    const results = validateWithSchemas([deployment, topic, ingress, kafka, unknownKind]);
    expect(results.map((r) => r.ok)).toEqual([false, false, false, false, false]);
    expect(results[0]!.errors.join()).toContain('containerPort');
    expect(results[1]!.errors.join()).toContain('partitions');
  });

  test('no object has a field its kind does not define (TypeScript declarations of the same packages)', () => {
    const errors = unknownFieldErrors(objects.map((o) => ({ label: where(o), object: o.object })));
    expect(errors).toEqual([]);
  }, 120_000);

  test('the unknown-field check can fail: misspelt fields are reported', () => {
    const deployment = structuredClone(named<Deployment>('Deployment', 'needs-intake')!);
    const container = deployment.spec.template.spec.containers[0]! as unknown as Record<string, unknown>;
    container['readinessProbes'] = container['readinessProbe'];
    delete container['readinessProbe'];
    const topic = structuredClone(ofKind<KafkaTopic>('KafkaTopic')[0]!);
    Object.assign(topic.spec, { partition: 3 });
    const errors = unknownFieldErrors([
      { label: 'broken-deployment', object: deployment },
      { label: 'broken-topic', object: topic },
    ]);
    expect(errors).toEqual([
      expect.stringMatching(/^broken-deployment: .*"readinessProbes".* does not exist in type 'IContainer'/),
      expect.stringMatching(/^broken-topic: .*"partition".* does not exist in type/),
    ]);
  }, 120_000);

  // kubectl is not part of the project's toolchain; where it exists, kustomize must render k8s/.
  const kubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;
  (kubectl ? test : test.skip)('`kubectl kustomize k8s` renders every object (when kubectl is installed)', () => {
    const rendered = execFileSync('kubectl', ['kustomize', K8S_DIR], { cwd: repoRoot, encoding: 'utf8' });
    const docs = parseYamlDocuments(rendered, 'kubectl kustomize') as K8sObject[];
    expect(docs).toHaveLength(objects.length);
    for (const doc of docs.filter((d) => d.kind === 'Deployment') as Deployment[]) {
      for (const container of doc.spec.template.spec.containers) {
        expect(imageTagProblem(container.image)).toBeUndefined();
      }
    }
  });

  test('every namespaced object is in namespace sanshe', () => {
    for (const o of objects) {
      if (o.object.kind === 'Namespace') expect(o.object.metadata.name).toBe(NAMESPACE);
      else expect([where(o), o.object.metadata.namespace]).toEqual([where(o), NAMESPACE]);
    }
  });

  test('every image is pinned (never latest), in the manifests and in the kustomization', () => {
    for (const deployment of ofKind<Deployment>('Deployment')) {
      for (const container of deployment.spec.template.spec.containers) {
        expect([container.image, imageTagProblem(container.image)]).toEqual([container.image, undefined]);
      }
    }
    for (const image of kustomization.images ?? []) {
      expect([image.name, image.newTag ?? image.digest]).not.toEqual([image.name, 'latest']);
      expect([image.name, Boolean(image.newTag ?? image.digest)]).toEqual([image.name, true]);
    }
  });
});

describe.each(serviceNames)('k8s service %s', (name) => {
  const deployment = named<Deployment>('Deployment', name)!;
  const service = named<Service>('Service', name)!;
  const pod = deployment?.spec.template.spec;
  const container = pod?.containers[0];

  test('has a Deployment with 2 replicas and a Service selecting its pods on port 8080', () => {
    expect(deployment).toBeDefined();
    expect(service).toBeDefined();
    expect(deployment.spec.replicas).toBe(2);
    expect(pod.containers).toHaveLength(1);
    const podLabels = deployment.spec.template.metadata.labels ?? {};
    expect(podLabels).toEqual(expect.objectContaining(deployment.spec.selector.matchLabels));
    expect(podLabels).toEqual(expect.objectContaining(service.spec.selector));
    expect(container!.ports).toEqual([expect.objectContaining({ name: 'http', containerPort: SERVICE_PORT })]);
    expect(service.spec.ports).toEqual([expect.objectContaining({ name: 'http', port: SERVICE_PORT, targetPort: 'http' })]);
    expect(container!.image).toMatch(new RegExp(`^sanshe/${name}:`));
  });

  test('liveness on /health/live and readiness on /health/ready, on the http port', () => {
    expect(container!.livenessProbe?.httpGet).toEqual({ path: LIVE_PATH, port: 'http' });
    expect(container!.readinessProbe?.httpGet).toEqual({ path: READY_PATH, port: 'http' });
  });

  test('has CPU and memory requests and limits', () => {
    for (const kind of ['requests', 'limits'] as const) {
      expect(Object.keys(container!.resources?.[kind] ?? {}).sort()).toEqual(['cpu', 'memory']);
    }
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

  test('gets the whole configuration from the ConfigMap, the Secret and its own env', () => {
    const configMapNames = (container!.envFrom ?? []).flatMap((e) => (e.configMapRef ? [e.configMapRef.name] : []));
    const secretNames = (container!.envFrom ?? []).flatMap((e) => (e.secretRef ? [e.secretRef.name] : []));
    expect(configMapNames).toEqual(['sanshe-config']);
    // Only procurement gets the master key of sealed bids, from a Secret of its own.
    expect(secretNames).toEqual(name === 'procurement' ? ['sanshe-secrets', 'sanshe-procurement-secrets'] : ['sanshe-secrets']);
    if (name === 'procurement') {
      const own = named('Secret', 'sanshe-procurement-secrets')!;
      expect(Object.keys((own['stringData'] as Record<string, string>) ?? {})).toEqual(['PROCUREMENT_MASTER_KEY']);
    }
    const configMap = named('ConfigMap', 'sanshe-config')!;
    const secret = named('Secret', 'sanshe-secrets')!;
    const own = Object.fromEntries((container!.env ?? []).map((e) => [e.name, e.value]));
    const keys = new Set([
      ...Object.keys((configMap['data'] as Record<string, string>) ?? {}),
      ...Object.keys((secret['stringData'] as Record<string, string>) ?? {}),
      ...Object.keys(own),
    ]);
    expect(sorted(requiredEnv.filter((k) => keys.has(k)))).toEqual(sorted(requiredEnv));
    expect(own).toEqual({ SERVICE: name, MONGO_DB: services[name].mongoDb });
  });
});

describe('k8s shared configuration', () => {
  const configMap = named('ConfigMap', 'sanshe-config')!;
  const data = (configMap?.['data'] ?? {}) as Record<string, string>;
  const secret = named('Secret', 'sanshe-secrets')!;
  const secretData = (secret?.['stringData'] ?? {}) as Record<string, string>;

  test('ConfigMap: production, port 8080, Kafka through the Strimzi bootstrap service', () => {
    expect(data['NODE_ENV']).toBe('production');
    expect(data['PORT']).toBe(String(SERVICE_PORT));
    const kafka = ofKind('Kafka')[0]!;
    const listeners = (kafka['spec'] as { kafka: { listeners: Array<{ name: string; port: number; tls: boolean }> } }).kafka
      .listeners;
    const plain = listeners.find((l) => !l.tls)!;
    expect(data['KAFKA_BROKERS']).toBe(`${kafka.metadata.name}-kafka-bootstrap.${NAMESPACE}.svc:${plain.port}`);
    for (const secretKey of ['PII_HASH_KEY', 'MONGO_URL', 'REDIS_URL']) {
      expect([secretKey, secretKey in data]).toEqual([secretKey, false]); // secrets stay in the Secret
    }
  });

  test('Secret: PII_HASH_KEY, MONGO_URL (a replica set) and REDIS_URL, as marked placeholders', () => {
    expect(sorted(Object.keys(secretData))).toEqual(['MONGO_URL', 'PII_HASH_KEY', 'REDIS_URL']);
    expect(secretData['MONGO_URL']).toMatch(/^mongodb(\+srv)?:\/\/.*replicaSet=/);
    expect(secretData['REDIS_URL']).toMatch(/^rediss?:\/\//);
    for (const value of Object.values(secretData)) expect(value).toContain('CHANGE-ME');
  });
});

describe('k8s Ingress', () => {
  const ingresses = ofKind<Ingress>('Ingress');

  test('one Ingress routes exactly the four API prefixes to their Services and / to the portal (Prefix, port http)', () => {
    expect(ingresses).toHaveLength(1);
    const routes = ingresses[0]!.spec.rules.flatMap((rule) =>
      rule.http.paths.map((p) => [p.path, p.pathType, p.backend.service.name, p.backend.service.port.name]),
    );
    expect(sorted(routes.map((r) => r.join(' ')))).toEqual(
      sorted([
        ...serviceNames.map((name) => `${services[name].prefix} Prefix ${name} http`),
        `/ Prefix ${portal.name} http`,
      ]),
    );
    for (const name of [...serviceNames, portal.name]) expect(named('Service', name)).toBeDefined();
  });
});

describe('k8s portal', () => {
  const deployment = named<Deployment>('Deployment', portal.name)!;
  const service = named<Service>('Service', portal.name)!;
  const pod = deployment?.spec.template.spec;
  const container = pod?.containers[0];

  test('has a Deployment with 2 replicas of sanshe/portal and a Service on port 8080', () => {
    expect(deployment.spec.replicas).toBe(2);
    expect(container!.image).toMatch(new RegExp(`^${portal.image}:`));
    expect(deployment.spec.template.metadata.labels).toEqual(expect.objectContaining(service.spec.selector));
    expect(container!.ports).toEqual([expect.objectContaining({ name: 'http', containerPort: SERVICE_PORT })]);
    expect(service.spec.ports).toEqual([expect.objectContaining({ name: 'http', port: SERVICE_PORT, targetPort: 'http' })]);
  });

  test('probes nginx on /healthz, has requests and limits, runs as nginx (101) read-only without capabilities', () => {
    expect(container!.livenessProbe?.httpGet).toEqual({ path: portal.healthPath, port: 'http' });
    expect(container!.readinessProbe?.httpGet).toEqual({ path: portal.healthPath, port: 'http' });
    for (const kind of ['requests', 'limits'] as const) {
      expect(Object.keys(container!.resources?.[kind] ?? {}).sort()).toEqual(['cpu', 'memory']);
    }
    expect(pod.securityContext).toEqual(expect.objectContaining({ runAsNonRoot: true, runAsUser: 101 }));
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(container!.securityContext).toEqual(
      expect.objectContaining({
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      }),
    );
  });
});

describe('k8s Kafka (Strimzi)', () => {
  const kafka = ofKind('Kafka');
  const pools = ofKind('KafkaNodePool');
  const kafkaTopics = ofKind<KafkaTopic>('KafkaTopic');
  const cluster = kafka[0]?.metadata.name;
  type PoolSpec = { replicas: number; roles: string[] };

  test('one KRaft cluster with a node pool of controllers and brokers', () => {
    expect(kafka).toHaveLength(1);
    expect(kafka[0]!.metadata.annotations).toEqual(
      expect.objectContaining({ 'strimzi.io/kraft': 'enabled', 'strimzi.io/node-pools': 'enabled' }),
    );
    const spec = kafka[0]!['spec'] as { kafka: Record<string, unknown>; zookeeper?: unknown };
    expect(spec.zookeeper).toBeUndefined();
    expect(pools.length).toBeGreaterThan(0);
    const roles = new Set<string>();
    for (const pool of pools) {
      expect(pool.metadata.labels?.['strimzi.io/cluster']).toBe(cluster);
      (pool['spec'] as PoolSpec).roles.forEach((r) => roles.add(r));
    }
    expect(sorted(roles)).toEqual(['broker', 'controller']);
    expect(isRecord(spec.kafka['config'])).toBe(true);
  });

  test('replication 3: enough brokers, internal topics and defaults at 3, min.insync.replicas 2', () => {
    const brokers = pools
      .map((p) => p['spec'] as PoolSpec)
      .filter((s) => s.roles.includes('broker'))
      .reduce((n, s) => n + s.replicas, 0);
    expect(brokers).toBeGreaterThanOrEqual(3);
    const config = (kafka[0]!['spec'] as { kafka: { config: Record<string, unknown> } }).kafka.config;
    expect(config).toEqual(
      expect.objectContaining({
        'offsets.topic.replication.factor': 3,
        'transaction.state.log.replication.factor': 3,
        'default.replication.factor': 3,
        'min.insync.replicas': 2,
        'auto.create.topics.enable': false,
      }),
    );
  });

  test('one KafkaTopic per topic of deploy/topics.json, 3 partitions, 3 replicas, in this cluster', () => {
    const names = kafkaTopics.map((t) => t.spec.topicName ?? t.metadata.name);
    expect(new Set(names).size).toBe(names.length);
    expect(sorted(names)).toEqual(sorted(topics));
    for (const topic of kafkaTopics) {
      expect([topic.metadata.name, topic.spec.partitions, topic.spec.replicas]).toEqual([topic.metadata.name, 3, 3]);
      expect(topic.metadata.labels?.['strimzi.io/cluster']).toBe(cluster);
    }
  });

  test('the topic operator runs, so that the KafkaTopic resources take effect', () => {
    const spec = kafka[0]!['spec'] as { entityOperator?: { topicOperator?: unknown } };
    expect(spec.entityOperator?.topicOperator).toBeDefined();
  });
});
