/**
 * Structural schemas of the custom resources in k8s/ for which no npm package ships a schema:
 * MongoDBCommunity (MongoDB Community Operator), Redis (OT-Container-Kit redis-operator),
 * Keycloak and KeycloakRealmImport (Keycloak Operator), Cluster (CloudNativePG).
 *
 * Written here from the operators' published CRDs and API types, for the fields k8s/ uses
 * (types, enums, required fields), and closed (`additionalProperties: false`) wherever k8s/
 * sets fields, so that a misspelt or misplaced field fails. Embedded Kubernetes types (resource
 * requirements, pod templates) are left open: the operators pass them on to the API server.
 * They are not the operators' full schemas: a field they do not list is refused here even if
 * the operator knows it; add it (from the operator's CRD) when k8s/ starts using it.
 */
import Ajv2019 from 'ajv/dist/2019';
import type { ValidateFunction } from 'ajv';

type Schema = Record<string, unknown>;

const str = { type: 'string', minLength: 1 };
const int = (minimum = 0) => ({ type: 'integer', minimum });
const bool = { type: 'boolean' };
const open = { type: 'object' };
const closed = (properties: Record<string, unknown>, required: string[] = []): Schema => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});
const secretKey = closed({ name: str, key: str }, ['name']);
const resources = closed({ requests: open, limits: open });
const metadata = closed(
  {
    name: { type: 'string', pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$', maxLength: 253 },
    namespace: str,
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    annotations: { type: 'object', additionalProperties: { type: 'string' } },
  },
  ['name'],
);
const resource = (apiVersion: string, kind: string, spec: Schema): Schema =>
  closed({ apiVersion: { const: apiVersion }, kind: { const: kind }, metadata, spec }, ['apiVersion', 'kind', 'metadata', 'spec']);
const k8sName = { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$' };

/** mongodbcommunity.mongodb.com/v1 MongoDBCommunity (config/crd/bases of the operator). */
const mongoDBCommunity = resource(
  'mongodbcommunity.mongodb.com/v1',
  'MongoDBCommunity',
  closed(
    {
      type: { enum: ['ReplicaSet'] },
      members: int(1),
      arbiters: int(0),
      version: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+$' },
      featureCompatibilityVersion: { type: 'string', pattern: '^\\d+\\.\\d+$' },
      security: closed({
        authentication: closed(
          { modes: { type: 'array', minItems: 1, items: { enum: ['SCRAM', 'SCRAM-SHA-256', 'SCRAM-SHA-1', 'X509'] } } },
          ['modes'],
        ),
        tls: open,
      }),
      users: {
        type: 'array',
        items: closed(
          {
            name: str,
            db: str,
            passwordSecretRef: secretKey,
            roles: { type: 'array', minItems: 1, items: closed({ name: str, db: str }, ['name', 'db']) },
            scramCredentialsSecretName: k8sName,
            connectionStringSecretName: k8sName,
          },
          ['name', 'passwordSecretRef', 'roles', 'scramCredentialsSecretName'],
        ),
      },
      additionalMongodConfig: open,
      statefulSet: closed({ spec: open, metadata: open }, ['spec']),
    },
    ['security', 'type', 'users', 'version'],
  ),
);

/** redis.redis.opstreelabs.in/v1beta2 Redis (standalone). */
const redis = resource(
  'redis.redis.opstreelabs.in/v1beta2',
  'Redis',
  closed(
    {
      kubernetesConfig: closed(
        {
          image: str,
          imagePullPolicy: { enum: ['Always', 'IfNotPresent', 'Never'] },
          redisSecret: secretKey,
          resources,
        },
        ['image'],
      ),
      redisConfig: closed({ additionalRedisConfig: str }),
      storage: closed({ volumeClaimTemplate: closed({ spec: open, metadata: open }) }),
      redisExporter: closed({ enabled: bool, image: str, imagePullPolicy: str, resources }),
      podSecurityContext: open,
      securityContext: open,
    },
    ['kubernetesConfig'],
  ),
);

/** k8s.keycloak.org/v2alpha1 Keycloak (operator/src/main/java/.../crds/v2alpha1/deployment). */
const keycloak = resource(
  'k8s.keycloak.org/v2alpha1',
  'Keycloak',
  closed(
    {
      instances: int(1),
      image: str,
      startOptimized: bool,
      db: closed({
        vendor: str,
        host: str,
        port: int(1),
        database: str,
        schema: str,
        url: str,
        usernameSecret: secretKey,
        passwordSecret: secretKey,
        poolMinSize: int(),
        poolMaxSize: int(),
      }),
      http: closed({ httpEnabled: bool, httpPort: int(1), httpsPort: int(1), tlsSecret: str }),
      hostname: closed({ hostname: str, admin: str, strict: bool, backchannelDynamic: bool }),
      proxy: closed({ headers: { enum: ['forwarded', 'xforwarded'] } }),
      ingress: closed({ enabled: bool, className: str, annotations: open }),
      bootstrapAdmin: closed({ user: closed({ secret: str }, ['secret']), service: closed({ secret: str }, ['secret']) }),
      additionalOptions: {
        type: 'array',
        items: closed({ name: str, value: { type: 'string' }, secret: secretKey }, ['name']),
      },
      resources,
    },
    [],
  ),
);

/** k8s.keycloak.org/v2alpha1 KeycloakRealmImport: the realm is a RealmRepresentation. */
const keycloakRealmImport = resource(
  'k8s.keycloak.org/v2alpha1',
  'KeycloakRealmImport',
  closed(
    {
      keycloakCRName: str,
      realm: { type: 'object', required: ['realm'], properties: { realm: str } },
      placeholders: open,
    },
    ['keycloakCRName', 'realm'],
  ),
);

/** postgresql.cnpg.io/v1 Cluster (CloudNativePG). */
const cnpgCluster = resource(
  'postgresql.cnpg.io/v1',
  'Cluster',
  closed(
    {
      instances: int(1),
      imageName: str,
      storage: closed({ size: { type: 'string', pattern: '^[0-9]+(Mi|Gi|Ti)$' }, storageClass: str }, ['size']),
      bootstrap: closed({ initdb: closed({ database: str, owner: str, secret: closed({ name: str }, ['name']) }) }),
      resources,
      backup: open,
    },
    ['instances'],
  ),
);

const SCHEMAS: Record<string, Schema> = {
  'mongodbcommunity.mongodb.com/v1 MongoDBCommunity': mongoDBCommunity,
  'redis.redis.opstreelabs.in/v1beta2 Redis': redis,
  'k8s.keycloak.org/v2alpha1 Keycloak': keycloak,
  'k8s.keycloak.org/v2alpha1 KeycloakRealmImport': keycloakRealmImport,
  'postgresql.cnpg.io/v1 Cluster': cnpgCluster,
};

const ajv = new Ajv2019({ allErrors: true, strict: true });
const compiled = new Map<string, ValidateFunction>();

/** The kinds covered here, as "apiVersion Kind". */
export const customKinds = Object.keys(SCHEMAS);

/** undefined when the kind is not covered; otherwise the problems found (empty when valid). */
export function validateCustomResource(object: { apiVersion?: unknown; kind?: unknown }): string[] | undefined {
  const key = `${String(object.apiVersion)} ${String(object.kind)}`;
  const schema = SCHEMAS[key];
  if (!schema) return undefined;
  let validate = compiled.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(key, validate);
  }
  return validate(object)
    ? []
    : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
