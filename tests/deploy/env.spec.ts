/**
 * The deployments and the code must not drift apart. For each service, in docker-compose.yml
 * and in every k8s overlay:
 *  - every variable its container gets is read by its configuration (the platform's
 *    ServiceProcessConfig and the service's own settings schema, as its main.ts loads them);
 *  - everything that has no safe default is set explicitly, and the whole environment passes
 *    those schemas as the service will parse it at start, in production mode, distributed;
 *  - the port it listens on (PORT) is the one the probes, Services, healthchecks and ingress use.
 * Secrets that a deployment leaves to its operator (compose's `${VAR:?}`, k8s placeholders and
 * operator-made Secrets) get sample values of the right shape.
 * The demo instance (compose's `demo`, overlays/dev-demo's `sanshe-demo`): its environment against
 * what the embedded process reads, as a demo (development tokens), never production.
 */
import { readdirSync } from 'node:fs';
import { SERVICE_NAMES } from '@sanshe/contracts';
import { ServiceProcessConfig, hostModeFromConfig, loadConfig } from '@sanshe/platform';
import { EmbeddedConfig } from '../../apps/embedded/src/config';
import { DEMO, readByEmbedded } from './demo';
import { containerEnv, interpolateCompose, podContainers, readBy, SERVICE_SETTINGS } from './environments';
import { kustomize, overlayDirs, type K8sObject } from './kustomize';
import {
  parseYaml,
  readRepoFile,
  repoRoot,
  requiredEnv,
  SERVICE_PORT,
  serviceNames,
  services,
  sorted,
  type ServiceName,
} from './support';
import { join } from 'node:path';

/** What a deployment must set although the code has a default: the default is for development only. */
const mustBeSet = (service: ServiceName): string[] => [
  ...requiredEnv,
  'AUTH_JWKS_URL', // without it every authenticated route answers 401
  'KAFKA_PARTITIONS', // topics a service creates must match the deployment's
  'KAFKA_REPLICATION_FACTOR',
  ...(service === 'procurement' ? ['PROCUREMENT_MASTER_KEY', 'PUBLIC_BASE_URL'] : []),
];

/** Read outside the zod schemas: SERVICE picks the entry point in the image's CMD (checked below). */
const READ_BY_IMAGE = new Set(['SERVICE']);

function checkEnvironment(service: ServiceName, env: Record<string, string>, onlyForExpansion: Set<string> = new Set()) {
  const read = readBy(service);
  const unread = Object.keys(env).filter((k) => !read.has(k) && !READ_BY_IMAGE.has(k) && !onlyForExpansion.has(k));
  expect([service, 'given but read by nothing', sorted(unread)]).toEqual([service, 'given but read by nothing', []]);
  const missing = mustBeSet(service).filter((k) => !(k in env));
  expect([service, 'not set', missing]).toEqual([service, 'not set', []]);
  for (const key of mustBeSet(service)) expect([service, key, read.has(key) || READ_BY_IMAGE.has(key)]).toEqual([service, key, true]);
  // As main.ts parses it at start: any refusal names the variable.
  const processConfig = loadConfig(ServiceProcessConfig, env);
  expect(processConfig.NODE_ENV).toBe('production');
  expect(hostModeFromConfig(processConfig).kind).toBe('distributed');
  expect(processConfig.PORT).toBe(SERVICE_PORT);
  expect(processConfig.AUTH_JWKS_URL).toBeDefined();
  loadConfig(SERVICE_SETTINGS[service].schema, env);
}

/** The non-test TypeScript sources of a service, concatenated. */
function sourcesOf(service: ServiceName): string {
  const walk = (dir: string): string[] =>
    readdirSync(join(repoRoot, dir), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? walk(`${dir}/${e.name}`) : /(?<!\.spec)\.ts$/.test(e.name) ? [`${dir}/${e.name}`] : [],
    );
  return walk(`services/${service}/src`)
    .map((f) => readRepoFile(f))
    .join('\n');
}

describe('the code the deployments name', () => {
  test('the services the deployments run are the platform’s services (SERVICE_NAMES of the event catalog)', () => {
    expect(sorted(serviceNames)).toEqual(sorted(SERVICE_NAMES));
  });

  test.each(serviceNames)('%s: the name its host runs it by and the API prefix the ingresses route to it', (service) => {
    const source = sourcesOf(service);
    expect(source).toContain(`name: '${service}'`);
    expect(source).toMatch(new RegExp(`new ApiRouter\\('[^']+', '${services[service].prefix}'\\)`));
  });
});

describe('the code the environment is checked against', () => {
  test.each(serviceNames)('%s: main.ts loads ServiceProcessConfig (runServiceProcess) and the settings schema named here', (service) => {
    const main = readRepoFile(`services/${service}/src/main.ts`);
    expect(main).toContain(`loadConfig(${SERVICE_SETTINGS[service].name}, process.env)`);
    expect(main).toContain('runServiceProcess(');
    expect(readRepoFile('packages/platform/src/process.ts')).toContain('loadConfig(ServiceProcessConfig, process.env)');
  });

  test('SERVICE, the one variable no schema reads, is what the image’s command runs', () => {
    expect(readRepoFile('Dockerfile')).toMatch(/^CMD exec node "services\/\$\{SERVICE\}\/dist\/main\.js"$/m);
  });

  test('the check can fail: a variable no schema reads, a missing secret and a bad value are each caught', () => {
    const good: Record<string, string> = {
      NODE_ENV: 'production',
      PORT: '8080',
      LOG_LEVEL: 'info',
      SERVICE: 'fulfilment',
      KAFKA_BROKERS: 'kafka:9092',
      KAFKA_PARTITIONS: '3',
      KAFKA_REPLICATION_FACTOR: '1',
      MONGO_URL: 'mongodb://mongo:27017/?replicaSet=rs0',
      MONGO_DB: 'sanshe_fulfilment',
      REDIS_URL: 'redis://redis:6379',
      PII_HASH_KEY: 'f'.repeat(64),
      AUTH_ISSUER: 'http://localhost:8080/auth/realms/sanshe',
      AUTH_AUDIENCE: 'sanshe-api',
      AUTH_JWKS_URL: 'http://keycloak:8080/auth/realms/sanshe/protocol/openid-connect/certs',
    };
    expect(() => checkEnvironment('fulfilment', good)).not.toThrow();
    expect(() => checkEnvironment('fulfilment', { ...good, FULFILMENT_CONTRACT_MONTH: '12' })).toThrow(/FULFILMENT_CONTRACT_MONTH/);
    const { PII_HASH_KEY: _dropped, ...withoutKey } = good;
    expect(() => checkEnvironment('fulfilment', withoutKey)).toThrow(/PII_HASH_KEY/);
    expect(() => checkEnvironment('fulfilment', { ...good, KAFKA_BROKERS: 'kafka' })).toThrow(/KAFKA_BROKERS/);
  });
});

describe('docker-compose.yml', () => {
  const compose = parseYaml(readRepoFile('docker-compose.yml'), 'docker-compose.yml') as {
    services: Record<string, { environment?: Record<string, unknown>; healthcheck?: { test: string[] }; expose?: string[] }>;
  };
  describe.each(serviceNames)('%s', (service) => {
    const env = Object.fromEntries(
      Object.entries(compose.services[service]!.environment ?? {}).map(([k, v]) => [k, interpolateCompose(String(v))]),
    );

    test('gets only what its configuration reads, everything it needs, and values it accepts in production', () => {
      checkEnvironment(service, env);
    });

    test('listens on the port its healthcheck, expose and the ingress use', () => {
      expect(compose.services[service]!.expose).toEqual([env['PORT']]);
      expect(compose.services[service]!.healthcheck!.test.join(' ')).toContain(`127.0.0.1:${env['PORT']}`);
      expect(readRepoFile('deploy/nginx/ingress.conf')).toContain(`http://${service}:${env['PORT']};`);
    });
  });
});

describe.each(Object.keys(overlayDirs(join(repoRoot, 'k8s')).overlays))('k8s overlay %s', (overlay) => {
  const objects: K8sObject[] = kustomize(overlayDirs(join(repoRoot, 'k8s')).overlays[overlay]!).objects;
  describe.each(serviceNames)('%s', (service) => {
    const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === service)!;
    const container = podContainers(deployment)[0]!;
    const resolved = containerEnv(objects, container);

    test('every ConfigMap, Secret and $(reference) its container names exists', () => {
      expect(resolved.problems).toEqual([]);
    });

    test('gets only what its configuration reads, everything it needs, and values it accepts in production', () => {
      checkEnvironment(service, resolved.env, resolved.referenced);
    });

    test('listens on the port its container declares (probes and Service use it by name)', () => {
      const ports = (container as unknown as { ports: Array<{ containerPort: number }> }).ports;
      expect(ports.map((p) => String(p.containerPort))).toEqual([resolved.env['PORT']]);
    });
  });
});

/**
 * The demo instance's environment, as the embedded process reads it at start: nothing it does not
 * read; development tokens and a non-production NODE_ENV set explicitly (the image says
 * production, which refuses the demo accounts and the development keys); accepted by EmbeddedConfig
 * and by the four services' settings (system.ts loads them from the same environment).
 */
function checkDemoEnvironment(env: Record<string, string>) {
  const read = readByEmbedded();
  const unread = Object.keys(env).filter((k) => !read.has(k));
  expect(['demo', 'given but read by nothing', sorted(unread)]).toEqual(['demo', 'given but read by nothing', []]);
  const missing = ['NODE_ENV', 'AUTH_DEV_TOKENS', 'PORT', 'LOG_LEVEL'].filter((k) => !(k in env));
  expect(['demo', 'not set', missing]).toEqual(['demo', 'not set', []]);
  const config = loadConfig(EmbeddedConfig, env);
  expect(config.NODE_ENV).not.toBe('production');
  expect(config.AUTH_DEV_TOKENS).toBe('true');
  expect(config.PORT).toBe(SERVICE_PORT);
  for (const service of serviceNames) loadConfig(SERVICE_SETTINGS[service].schema, env);
}

describe('the demo instance', () => {
  test('the check can fail: a variable the embedded process does not read, production and no development tokens are each caught', () => {
    const good = { NODE_ENV: 'development', AUTH_DEV_TOKENS: 'true', PORT: '8080', LOG_LEVEL: 'info' };
    expect(() => checkDemoEnvironment(good)).not.toThrow();
    expect(() => checkDemoEnvironment({ ...good, SANSHE_BASE_URL: 'http://ingress:8080' })).toThrow(/SANSHE_BASE_URL/);
    // Production refuses the development keys (and would refuse the demo accounts).
    expect(() => checkDemoEnvironment({ ...good, NODE_ENV: 'production' })).toThrow(/PII_HASH_KEY/);
    expect(() => checkDemoEnvironment({ ...good, AUTH_DEV_TOKENS: 'false' })).toThrow();
  });

  test('docker-compose.yml: its environment is what the embedded process reads, as a demo', () => {
    const compose = parseYaml(readRepoFile('docker-compose.yml'), 'docker-compose.yml') as {
      services: Record<string, { environment?: Record<string, unknown> }>;
    };
    const env = Object.fromEntries(
      Object.entries(compose.services[DEMO.composeService]!.environment ?? {}).map(([k, v]) => [k, interpolateCompose(String(v))]),
    );
    checkDemoEnvironment(env);
  });

  test('k8s overlay dev-demo: its environment is what the embedded process reads, as a demo', () => {
    const objects = kustomize(overlayDirs(join(repoRoot, 'k8s')).overlays['dev-demo']!).objects;
    const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === DEMO.k8sName)!;
    const container = podContainers(deployment)[0]!;
    const resolved = containerEnv(objects, container);
    expect(resolved.problems).toEqual([]);
    checkDemoEnvironment(resolved.env);
    const ports = (container as unknown as { ports: Array<{ containerPort: number }> }).ports;
    expect(ports.map((p) => String(p.containerPort))).toEqual([resolved.env['PORT']]);
  });
});
