/**
 * Facts shared by the deployment checks (compose.spec.ts, k8s.spec.ts): what
 * every container deployment of the four services must agree on.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments, parseDocument } from 'yaml';

export const repoRoot = resolve(__dirname, '..', '..');

export const readRepoFile = (relativePath: string): string => readFileSync(join(repoRoot, relativePath), 'utf8');

/** Service name → its database and the API prefix the ingress routes to it. */
export const services = {
  'needs-intake': { mongoDb: 'sanshe_intake', prefix: '/api/intake' },
  'project-design': { mongoDb: 'sanshe_design', prefix: '/api/design' },
  procurement: { mongoDb: 'sanshe_procurement', prefix: '/api/procurement' },
  fulfilment: { mongoDb: 'sanshe_fulfilment', prefix: '/api/fulfilment' },
} as const;
export type ServiceName = keyof typeof services;
export const serviceNames = Object.keys(services) as ServiceName[];

/** The web portal: its own image (nginx serving the built app on 8080), routed at / by the ingress. */
export const portal = {
  name: 'portal',
  image: 'sanshe/portal',
  dockerfile: 'deploy/portal.Dockerfile',
  nginxConf: 'apps/portal/nginx.conf',
  healthPath: '/healthz',
} as const;

export const SERVICE_PORT = 8080;
export const LIVE_PATH = '/health/live';
export const READY_PATH = '/health/ready';

/** Environment every service container must get (validated at its start). */
export const requiredEnv = [
  'SERVICE',
  'PORT',
  'KAFKA_BROKERS',
  'MONGO_URL',
  'MONGO_DB',
  'REDIS_URL',
  'LOG_LEVEL',
  'NODE_ENV',
  'PII_HASH_KEY',
  'AUTH_ISSUER',
  'AUTH_AUDIENCE',
] as const;

/** deploy/topics.json: the one list of Kafka topics that compose and k8s create. */
export function loadTopics(): string[] {
  const topics: unknown = JSON.parse(readRepoFile('deploy/topics.json'));
  if (!Array.isArray(topics) || !topics.every((t) => typeof t === 'string')) {
    throw new Error('deploy/topics.json must be an array of topic names');
  }
  return topics as string[];
}

/** Parses one YAML document (YAML 1.1 merge keys on, as docker compose does); any error or warning throws. */
export function parseYaml(source: string, name: string): unknown {
  const doc = parseDocument(source, { merge: true, uniqueKeys: true, prettyErrors: true });
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) throw new Error(`${name}: ${problems.map((p) => p.message).join('\n')}`);
  return doc.toJS({ maxAliasCount: 100 });
}

/** Parses a multi-document YAML file; empty documents are dropped; any error or warning throws. */
export function parseYamlDocuments(source: string, name: string): unknown[] {
  return parseAllDocuments(source, { uniqueKeys: true, prettyErrors: true })
    .map((doc) => {
      const problems = [...doc.errors, ...doc.warnings];
      if (problems.length > 0) throw new Error(`${name}: ${problems.map((p) => p.message).join('\n')}`);
      return doc.toJS() as unknown;
    })
    .filter((value) => value !== null && value !== undefined);
}

/**
 * An image reference names an explicit tag (or digest) that is not "latest".
 * A compose interpolation such as `${SANSHE_TAG:-dev}` counts as its default.
 */
export function imageTagProblem(image: string): string | undefined {
  const resolved = image.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*:?-([^}]*)\}/g, '$1');
  if (/\$\{?[A-Za-z_]/.test(resolved)) return `${image}: tag comes from a variable without a default`;
  if (resolved.includes('@sha256:')) return undefined;
  const lastSegment = resolved.split('/').pop() ?? '';
  const colon = lastSegment.lastIndexOf(':');
  if (colon < 0) return `${image}: no tag (means latest)`;
  const tag = lastSegment.slice(colon + 1);
  if (tag === '' || tag === 'latest') return `${image}: tag "${tag}" is not pinned`;
  return undefined;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const sorted = (values: Iterable<string>): string[] => [...values].sort();
