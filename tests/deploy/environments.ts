/**
 * The environment a service container gets, worked out from docker-compose.yml or from the
 * objects of a k8s overlay, and what each service's code reads (its zod schemas). env.spec.ts
 * holds the two against each other.
 */
import { ServiceProcessConfig } from '@sanshe/platform';
import type { z } from 'zod';
import { FulfilmentSettings } from '../../services/fulfilment/src/settings';
import { IntakeSettings } from '../../services/needs-intake/src/settings';
import { ProcurementSettings } from '../../services/procurement/src/settings';
import { DesignSettings } from '../../services/project-design/src/settings';
import type { K8sObject } from './kustomize';
import { isRecord, type ServiceName } from './support';

/** The schema each service's main.ts loads besides ServiceProcessConfig (env.spec.ts checks main.ts). */
export const SERVICE_SETTINGS: Record<ServiceName, { name: string; schema: z.ZodType }> = {
  'needs-intake': { name: 'IntakeSettings', schema: IntakeSettings },
  'project-design': { name: 'DesignSettings', schema: DesignSettings },
  procurement: { name: 'ProcurementSettings', schema: ProcurementSettings },
  fulfilment: { name: 'FulfilmentSettings', schema: FulfilmentSettings },
};

/**
 * The variables a schema reads: it is parsed against a stand-in environment that records every
 * name asked for (zod asks an object schema's every key, whatever the answers).
 */
export function envKeysRead(schema: z.ZodType): Set<string> {
  const seen = new Set<string>();
  const probe = new Proxy(
    {},
    {
      get(_target, key) {
        if (typeof key === 'string') seen.add(key);
        return undefined;
      },
    },
  );
  schema.safeParse(probe);
  return seen;
}

/** Everything a service process reads: the platform's process config and its own settings. */
export const readBy = (service: ServiceName): Set<string> =>
  new Set([...envKeysRead(ServiceProcessConfig), ...envKeysRead(SERVICE_SETTINGS[service].schema)]);

/** A value of the right shape for a secret that a deployment leaves to its operator. */
export function sampleSecret(name: string): string {
  if (name === 'PROCUREMENT_MASTER_KEY') return Buffer.alloc(32, 7).toString('base64');
  if (name === 'PII_HASH_KEY') return 'f'.repeat(64);
  return 'sample-secret-value';
}

/**
 * docker compose's interpolation: `${VAR:-default}` and `${VAR-default}` give the default,
 * `${VAR:?message}` (a required secret) a sample value, `$$` a dollar sign.
 */
export function interpolateCompose(value: string): string {
  return value
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*):?-([^}]*)\}/g, (_m, _name: string, fallback: string) => fallback)
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*):?\?[^}]*\}/g, (_m, name: string) => sampleSecret(name))
    .replace(/\$\$/g, '$');
}

export interface ResolvedEnv {
  /** Every variable the container gets, by name, with its value. */
  env: Record<string, string>;
  /** Names used only to build another variable's value through $(NAME). */
  referenced: Set<string>;
  /** Problems: references to ConfigMaps, Secrets or keys that nothing makes. */
  problems: string[];
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string }; configMapKeyRef?: { name: string; key: string } };
}
interface Container {
  name: string;
  env?: EnvVar[];
  envFrom?: Array<{ configMapRef?: { name: string }; secretRef?: { name: string } }>;
}

const named = (objects: K8sObject[], kind: string, name: string): K8sObject | undefined =>
  objects.find((o) => o.kind === kind && o.metadata.name === name);

function secretData(secret: K8sObject): Record<string, string> {
  const stringData = (secret['stringData'] ?? {}) as Record<string, string>;
  const data = Object.fromEntries(
    Object.entries((secret['data'] ?? {}) as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]),
  );
  // Placeholders stand for what the operator of the deployment puts there.
  return Object.fromEntries(
    Object.entries({ ...data, ...stringData }).map(([k, v]) => [k, v.includes('CHANGE-ME') ? sampleSecret(k) : v]),
  );
}

/**
 * Secrets written by an operator, from the resources that make them: for each MongoDBCommunity
 * user, the connection-string Secret (the format the MongoDB operator writes).
 */
export function operatorSecrets(objects: K8sObject[]): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const mongo of objects.filter((o) => o.kind === 'MongoDBCommunity')) {
    const spec = mongo['spec'] as { members: number; users: Array<{ name: string; db?: string; connectionStringSecretName?: string }> };
    const name = mongo.metadata.name;
    const ns = mongo.metadata.namespace ?? 'default';
    const hosts = Array.from(
      { length: spec.members },
      (_, i) => `${name}-${i}.${name}-svc.${ns}.svc.cluster.local:27017`,
    ).join(',');
    for (const user of spec.users) {
      const db = user.db ?? 'admin';
      const secretName = user.connectionStringSecretName ?? `${name}-${db}-${user.name}`;
      out[secretName] = {
        'connectionString.standard': `mongodb://${user.name}:sample@${hosts}/${db}?replicaSet=${name}&ssl=false`,
        username: user.name,
        password: 'sample',
      };
    }
  }
  return out;
}

/** The environment of one container of a k8s overlay, as the kubelet would set it. */
export function containerEnv(objects: K8sObject[], container: Container): ResolvedEnv {
  const env: Record<string, string> = {};
  const referenced = new Set<string>();
  const problems: string[] = [];
  const madeByOperators = operatorSecrets(objects);
  const secretValues = (name: string): Record<string, string> | undefined => {
    const secret = named(objects, 'Secret', name);
    return secret ? secretData(secret) : madeByOperators[name];
  };
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) {
      const map = named(objects, 'ConfigMap', source.configMapRef.name);
      if (!map) problems.push(`ConfigMap ${source.configMapRef.name} does not exist`);
      Object.assign(env, (map?.['data'] ?? {}) as Record<string, string>);
    }
    if (source.secretRef) {
      const values = secretValues(source.secretRef.name);
      if (!values) problems.push(`Secret ${source.secretRef.name} does not exist`);
      Object.assign(env, values ?? {});
    }
  }
  for (const variable of container.env ?? []) {
    if (variable.value !== undefined) {
      env[variable.name] = variable.value.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name: string) => {
        if (!(name in env)) {
          problems.push(`${variable.name} refers to $(${name}), which is not defined before it`);
          return whole;
        }
        referenced.add(name);
        return env[name]!;
      });
    } else if (variable.valueFrom?.secretKeyRef) {
      const { name, key } = variable.valueFrom.secretKeyRef;
      const value = secretValues(name)?.[key];
      if (value === undefined) problems.push(`${variable.name}: Secret ${name} (key ${key}) is made by nothing here`);
      env[variable.name] = value ?? '';
    } else if (variable.valueFrom?.configMapKeyRef) {
      const { name, key } = variable.valueFrom.configMapKeyRef;
      const value = ((named(objects, 'ConfigMap', name)?.['data'] ?? {}) as Record<string, string>)[key];
      if (value === undefined) problems.push(`${variable.name}: ConfigMap ${name} has no key ${key}`);
      env[variable.name] = value ?? '';
    } else problems.push(`${variable.name}: neither a value nor a Secret or ConfigMap key`);
  }
  return { env, referenced, problems };
}

/** The containers of a Deployment or Job's pod template. */
export function podContainers(workload: K8sObject): Container[] {
  const spec = workload['spec'] as { template?: { spec?: { containers?: unknown } } };
  const containers = spec.template?.spec?.containers;
  return Array.isArray(containers) ? (containers.filter(isRecord) as unknown as Container[]) : [];
}
