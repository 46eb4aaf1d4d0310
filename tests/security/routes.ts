import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { Express } from 'express';

export const API_PREFIXES = ['/api/intake', '/api/design', '/api/procurement', '/api/fulfilment'] as const;

export interface DocumentedRoute {
  prefix: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI template, e.g. `/needs/{needId}`. */
  path: string;
  /** `['public']` or the roles allowed. */
  roles: string[];
  params: string[];
  bodyTypes: string[];
  /** Query parameter names, and the JSON body's top-level properties (for fuzzing). */
  queryNames: string[];
  bodyProperties: string[];
}

interface OpenApiOperation {
  'x-roles'?: string[];
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: { content: Record<string, { schema?: JsonSchema }> };
}

interface JsonSchema {
  $ref?: string;
  properties?: Record<string, unknown>;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

function propertiesOf(schema: JsonSchema | undefined, components: Record<string, JsonSchema>): string[] {
  if (!schema) return [];
  if (schema.$ref) return propertiesOf(components[schema.$ref.split('/').pop() ?? ''], components);
  const nested = [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])];
  return [...new Set([...Object.keys(schema.properties ?? {}), ...nested.flatMap((s) => propertiesOf(s, components))])];
}

/** Every route the services document, read from their OpenAPI documents (so none is forgotten). */
export async function documentedRoutes(app: Express): Promise<DocumentedRoute[]> {
  const routes: DocumentedRoute[] = [];
  for (const prefix of API_PREFIXES) {
    const res = await request(app).get(`${prefix}/openapi.json`);
    if (res.status !== 200) throw new Error(`${prefix}/openapi.json answered ${res.status}`);
    const paths = res.body.paths as Record<string, Record<string, OpenApiOperation>>;
    const components = (res.body.components?.schemas ?? {}) as Record<string, JsonSchema>;
    for (const [path, operations] of Object.entries(paths)) {
      for (const [method, op] of Object.entries(operations)) {
        if (!op['x-roles']) throw new Error(`${method} ${prefix}${path} declares no x-roles`);
        routes.push({
          prefix,
          method: method as DocumentedRoute['method'],
          path,
          roles: op['x-roles'],
          params: (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
          bodyTypes: Object.keys(op.requestBody?.content ?? {}),
          queryNames: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
          bodyProperties: propertiesOf(op.requestBody?.content['application/json']?.schema, components),
        });
      }
    }
  }
  return routes;
}

/** The concrete URL of a route with every path parameter set to a fresh id. */
export function concretePath(route: DocumentedRoute, value: (name: string) => string = () => randomUUID()): string {
  return route.prefix + route.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(value(name)));
}

export const routeName = (r: DocumentedRoute) => `${r.method.toUpperCase()} ${r.prefix}${r.path}`;
