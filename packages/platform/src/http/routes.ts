import { OpenAPIRegistry, OpenApiGeneratorV31 } from '@asteasolutions/zod-to-openapi';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { z } from 'zod';
import type { AuditLog } from '../audit/audit-log';
import { AppError } from '../errors';
import { forbidden, unauthorized } from '../errors';
import type { Principal, Role } from './auth';
import type { IdempotencyKeys } from './idempotency';
import { beginIdempotent, IdempotencyKeyHeaders, readIdempotencyKey, REPLAYED_HEADER } from './idempotency-http';
import { zodFieldProblems } from './problem';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export type BodyMediaType = 'application/json' | 'application/x-www-form-urlencoded' | 'text/csv';

export interface RouteContext<TBody, TParams, TQuery> {
  body: TBody;
  params: TParams;
  query: TQuery;
  /** The authenticated user, or null on a public route called anonymously. */
  principal: Principal | null;
  /** The authenticated user; on a protected route always present (reading it elsewhere without one is a 401). */
  readonly actor: Principal;
  correlationId: string;
  /**
   * On an `idempotent` route called with an Idempotency-Key: the key's record id, the same on
   * every try of the request (else null). A creating use case derives its new ids from it
   * (`keyedId`), so a try that runs again after a crash finds what the first one created.
   */
  idempotencyKey: string | null;
  /** Answers with another status than the route's default (e.g. 200 instead of 201 when nothing was created). */
  setStatus(status: number): void;
  req: Request;
  res: Response;
}

export interface RouteSpec<B extends z.ZodType, P extends z.ZodType, Q extends z.ZodType, R extends z.ZodType> {
  method: Method;
  /** Express-style path relative to the service prefix, e.g. `/needs/:needId`. */
  path: string;
  summary: string;
  tags?: string[];
  /** Roles allowed; `'public'` means no authentication at all. */
  roles: readonly Role[] | 'public';
  body?: B;
  params?: P;
  query?: Q;
  response: R;
  /** Further problem answers the route may give, documented in OpenAPI (e.g. 429 on a rate-limited route). */
  problems?: Record<number, string>;
  status?: number;
  /** Express middleware run before authentication and validation (e.g. a rate limiter on a public route). */
  middleware?: RequestHandler[];
  /**
   * Media types the body may come in; default JSON only (parsed app-wide). Other types get
   * their parser on this route alone, so no other route starts accepting them.
   */
  consumes?: readonly BodyMediaType[];
  /** Size limit of the parsers `consumes` installs (e.g. '5mb'); JSON keeps the app-wide limit. */
  bodyLimit?: string;
  /**
   * The answer carries personal data (a resident's phone, ID digest, address): each successful
   * call is written to the audit log with who read what. Commands are always audited.
   */
  readsPersonalData?: boolean;
  /**
   * A creating command that honours the optional `Idempotency-Key` header: the same request sent
   * again (a lost answer, a 503) gets the first answer again instead of acting twice. Only for
   * authenticated routes (keys are per caller); see `idempotency-http.ts`.
   */
  idempotent?: boolean;
  handler: (ctx: RouteContext<z.infer<B>, z.infer<P>, z.infer<Q>>) => Promise<z.input<R>>;
}

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string(),
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), reason: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });

/**
 * A router whose every route is declared once: the zod schemas validate the input
 * (→ 400 problem+json naming the fields) and the same schemas describe the route
 * in the service's OpenAPI document, so the document cannot drift from the code.
 */
export class ApiRouter {
  readonly router: Router = express.Router();
  private readonly registry = new OpenAPIRegistry();
  private audit: AuditLog | null = null;
  private idempotency: IdempotencyKeys | null = null;

  constructor(
    readonly title: string,
    readonly prefix: string,
  ) {
    this.registry.registerComponent('securitySchemes', 'bearerAuth', {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
  }

  /** From now on, successful commands and personal-data reads are written to this log before answering. */
  useAudit(audit: AuditLog): void {
    this.audit = audit;
  }

  /** From now on, `idempotent` routes keep their Idempotency-Keys here (the service's own store). */
  useIdempotency(keys: IdempotencyKeys): void {
    this.idempotency = keys;
  }

  route<
    B extends z.ZodType = z.ZodUndefined,
    P extends z.ZodType = z.ZodObject,
    Q extends z.ZodType = z.ZodObject,
    R extends z.ZodType = z.ZodType,
  >(spec: RouteSpec<B, P, Q, R>): void {
    // Keys are remembered per caller: on a public route every anonymous caller would share them.
    if (spec.idempotent && spec.roles === 'public')
      throw new Error(`${spec.path}: a public route cannot be idempotent`);
    this.document(spec);
    const before = [...(spec.middleware ?? []), ...bodyParsers(spec)];
    this.router[spec.method](spec.path, ...before, async (req: Request, res: Response) => {
      const principal = authorise(req, spec.roles);
      const body = parse(spec.body, req.body, 'body') as z.infer<B>;
      const params = parse(spec.params, req.params, 'params') as z.infer<P>;
      const query = parse(spec.query, req.query, 'query') as z.infer<Q>;
      const key = spec.idempotent ? readIdempotencyKey(req) : null;
      const call =
        key && this.idempotency
          ? await beginIdempotent(this.idempotency, req, res, {
              principal: principal?.sub ?? 'anonymous',
              method: spec.method,
              route: `${this.prefix}${spec.path}`,
              key,
              input: { body, params, query },
            })
          : undefined;
      if (call === null) return; // answered from the key's record
      let status = spec.status ?? 200;
      let result: z.input<R>;
      try {
        result = await spec.handler({
          body,
          params,
          query,
          principal,
          get actor(): Principal {
            if (!principal) throw unauthorized();
            return principal;
          },
          correlationId: String(res.locals.correlationId ?? ''),
          idempotencyKey: call?.id ?? null,
          setStatus: (code) => {
            status = code;
          },
          req,
          res,
        });
      } catch (error) {
        await call?.failed(error);
        throw error;
      }
      if (res.headersSent) {
        // A handler that wrote its own answer left nothing to replay: free the key.
        await call?.abandon();
        return;
      }
      await this.recordAudit(spec, req, res, principal, status);
      await call?.succeeded(status, result);
      res.status(status).json(result);
    });
  }

  /**
   * A command or a personal-data read is answered once it is in the audit log. A read the log
   * cannot record is refused (503): personal data is never served unaudited. A command has
   * taken effect by now, and its change is chained in the log by its event (the relay appends
   * it): it is answered with its real result and the failure is logged, since a 503 would tell
   * the client it failed and invite a second try (chaos finding 4).
   */
  private async recordAudit(
    spec: { method: Method; path: string; readsPersonalData?: boolean },
    req: Request,
    res: Response,
    principal: Principal | null,
    status: number,
  ): Promise<void> {
    const kind = spec.method !== 'get' ? 'command' : spec.readsPersonalData ? 'personal_data_read' : null;
    if (!this.audit || !kind || status >= 400) return;
    try {
      await this.audit.append({
        kind,
        key: `request:${String(res.locals.requestId)}`,
        actor: principal?.sub ?? 'anonymous',
        roles: principal?.roles ?? [],
        action: `${spec.method.toUpperCase()} ${spec.path}`,
        // The path names the resource; the query string is left out (it may hold a search term).
        resource: `${this.prefix}${req.path}`,
        correlationId: String(res.locals.correlationId ?? ''),
        outcome: status,
        dataDigest: null,
      });
    } catch (error) {
      const route = `${spec.method.toUpperCase()} ${this.prefix}${spec.path}`;
      if (kind === 'command') {
        req.log?.error(
          { err: error, requestId: String(res.locals.requestId), route, outcome: status },
          'audit log could not record a command that took effect; answered with its result',
        );
        return;
      }
      throw new AppError('AUDIT.UNAVAILABLE', 503, `the audit log could not record this call: ${String(error)}`);
    }
  }

  openApiDocument(version = '0.1.0'): object {
    return new OpenApiGeneratorV31(this.registry.definitions).generateDocument({
      openapi: '3.1.0',
      info: { title: this.title, version },
      servers: [{ url: this.prefix }],
    });
  }

  private document<B extends z.ZodType, P extends z.ZodType, Q extends z.ZodType, R extends z.ZodType>(
    spec: RouteSpec<B, P, Q, R>,
  ): void {
    const problem = (description: string) => ({
      description,
      content: { 'application/problem+json': { schema: ProblemSchema } },
    });
    const responses: Record<string, unknown> = {
      [String(spec.status ?? 200)]: { description: 'OK', content: { 'application/json': { schema: spec.response } } },
      400: problem('Invalid input: the fields and reasons'),
      404: problem('Not found'),
      409: problem('Conflict with the current state'),
    };
    if (spec.consumes) responses[415] = problem(`The body is not ${spec.consumes.join(' or ')}`);
    if (spec.idempotent) {
      const ok = responses[String(spec.status ?? 200)] as Record<string, unknown>;
      ok.headers = {
        [REPLAYED_HEADER]: {
          description: 'true when this is the stored answer to an earlier request with the same Idempotency-Key',
          schema: { type: 'string', enum: ['true'] },
        },
      };
      responses[409] = problem(
        'Conflict with the current state, or IDEMPOTENCY.IN_PROGRESS: a request with this Idempotency-Key is still being processed (retry after Retry-After seconds)',
      );
      responses[422] = problem(
        'IDEMPOTENCY.KEY_REUSED: this Idempotency-Key was used for another request (or the input breaks a rule)',
      );
    }
    if (spec.roles !== 'public') {
      responses[401] = problem('Not authenticated');
      responses[403] = problem('Not allowed for this role or scope');
    }
    for (const [status, description] of Object.entries(spec.problems ?? {})) responses[status] = problem(description);
    this.registry.registerPath({
      method: spec.method,
      path: spec.path.replace(/:(\w+)/g, '{$1}'),
      summary: spec.summary,
      tags: spec.tags ?? [],
      ...(spec.roles !== 'public'
        ? { security: [{ bearerAuth: [] }], description: `Roles: ${spec.roles.join(', ')}` }
        : {}),
      // Machine-readable access rule: the authorisation matrix test and the portal read it.
      'x-roles': spec.roles === 'public' ? ['public'] : [...spec.roles],
      request: {
        ...(spec.params ? { params: spec.params as unknown as z.ZodObject } : {}),
        ...(spec.query ? { query: spec.query as unknown as z.ZodObject } : {}),
        ...(spec.idempotent ? { headers: IdempotencyKeyHeaders } : {}),
        ...(spec.body ? { body: { required: true, content: bodyContent(spec.consumes, spec.body) } } : {}),
      },
      responses: responses as never,
    });
  }
}

const PARSERS: Record<Exclude<BodyMediaType, 'application/json'>, (limit: string) => RequestHandler> = {
  // extended: GeoReport's `attribute[code][]=v` arrives as { attribute: { code: ['v'] } }.
  'application/x-www-form-urlencoded': (limit) => express.urlencoded({ extended: true, limit }),
  'text/csv': (limit) => express.text({ type: 'text/csv', limit }),
};

type BodyOptions = Pick<RouteSpec<z.ZodType, z.ZodType, z.ZodType, z.ZodType>, 'consumes' | 'bodyLimit' | 'roles'>;

/** The gate and parsers of a route with `consumes`; none for the JSON-only default. */
function bodyParsers(spec: BodyOptions): RequestHandler[] {
  const types = spec.consumes;
  if (!types) return [];
  const gate: RequestHandler = (req, _res, next) => {
    // Authenticate before reading a body that may be megabytes long.
    authorise(req, spec.roles);
    if (req.is([...types]) === false) {
      throw new AppError('HTTP.UNSUPPORTED_MEDIA_TYPE', 415, `send the body as ${types.join(' or ')}`);
    }
    next();
  };
  const limit = spec.bodyLimit ?? '256kb';
  return [gate, ...types.flatMap((type) => (type === 'application/json' ? [] : [PARSERS[type](limit)]))];
}

/** One OpenAPI media type per accepted body type, all described by the same schema. */
function bodyContent(consumes: readonly BodyMediaType[] | undefined, schema: z.ZodType) {
  return Object.fromEntries((consumes ?? ['application/json']).map((type) => [type, { schema }]));
}

/** Validates one part of the request; a route without a schema for it gets undefined. */
function parse(schema: z.ZodType | undefined, value: unknown, location: string): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new AppError(
      'VALIDATION.INVALID_INPUT',
      400,
      `invalid ${location}`,
      zodFieldProblems(result.error, location),
    );
  }
  return result.data;
}

function authorise(req: Request, roles: readonly Role[] | 'public'): Principal | null {
  if (roles === 'public') return req.principal ?? null;
  if (!req.principal) throw unauthorized();
  if (!roles.some((role) => req.principal?.roles.includes(role))) throw forbidden();
  return req.principal;
}
