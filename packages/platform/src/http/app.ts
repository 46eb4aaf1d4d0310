import { randomUUID } from 'node:crypto';
import express, { type Express, type RequestHandler } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Logger } from 'pino';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { authenticate, type TokenVerifier } from './auth';
import { notFoundHandler, problemHandler } from './problem';
import type { ApiRouter } from './routes';

export interface MountedApi {
  api: ApiRouter;
  /** Extra express middleware or routers mounted under the same prefix (rare). */
  extra?: RequestHandler[];
}

/** A health check's answer: a boolean, or one that says why it fails. */
export type HealthAnswer = boolean | { ok: boolean; reason?: string };
export type HealthCheck = () => HealthAnswer | Promise<HealthAnswer>;

export interface HttpAppOptions {
  logger: Logger;
  apis: MountedApi[];
  verifier: TokenVerifier;
  /** Named readiness checks of the adapters; all must be true for /health/ready to answer 200. */
  readiness: Record<string, HealthCheck>;
  /**
   * Named liveness checks: false only when the process cannot be expected to recover by itself
   * (an orchestrator then restarts it). Without any, /health/live answers 200 while the process serves.
   */
  liveness?: Record<string, HealthCheck>;
  bodyLimit?: string;
  metrics?: Registry;
  /** Mounted before the 404 handler (the portal's static files, the auth endpoints). */
  beforeNotFound?: (app: Express) => void;
}

const ID_HEADER = /^[\w.:-]{1,128}$/;

/** Runs named checks together. A check that throws just fails: its message may name internal hosts. */
async function runChecks(
  named: Record<string, HealthCheck>,
): Promise<{ ok: boolean; checks: Record<string, boolean>; reasons: Record<string, string> }> {
  const answers = await Promise.all(
    Object.entries(named).map(async ([name, check]): Promise<readonly [string, { ok: boolean; reason?: string }]> => {
      try {
        const answer = await check();
        return [name, typeof answer === 'boolean' ? { ok: answer } : answer] as const;
      } catch {
        return [name, { ok: false }] as const;
      }
    }),
  );
  const checks = Object.fromEntries(answers.map(([name, answer]) => [name, answer.ok]));
  const reasons = Object.fromEntries(
    answers.flatMap(([name, answer]) => (answer.reason === undefined ? [] : [[name, answer.reason] as const])),
  );
  return { ok: answers.every(([, answer]) => answer.ok), checks, reasons };
}

/** The express app every service (and the embedded process) is built from. */
export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  app.set('query parser', 'simple');

  const registry = options.metrics ?? new Registry();
  if (!options.metrics) collectDefaultMetrics({ register: registry });
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });

  app.use(helmet());
  app.use((req, res, next) => {
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && ID_HEADER.test(given) ? given : randomUUID();
    const correlation = req.headers['x-correlation-id'];
    res.locals.requestId = requestId;
    res.locals.correlationId = typeof correlation === 'string' && ID_HEADER.test(correlation) ? correlation : requestId;
    res.setHeader('x-request-id', requestId);
    res.setHeader('x-correlation-id', String(res.locals.correlationId));
    const stop = latency.startTimer();
    res.on('finish', () => {
      // The route pattern, not the URL, so ids never explode the metric's label values.
      const pattern = (req.route as { path?: unknown } | undefined)?.path;
      const route = typeof pattern === 'string' ? `${req.baseUrl}${pattern}` : 'unmatched';
      requests.inc({ method: req.method, route, status: String(res.statusCode) });
      stop({ method: req.method, route });
    });
    next();
  });
  app.use(
    pinoHttp({
      logger: options.logger,
      genReqId: (_req, res) => String(res.locals.requestId),
      customProps: (_req, res) => ({ correlationId: String(res.locals.correlationId) }),
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health') || req.url === '/metrics' },
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  app.use(express.json({ limit: options.bodyLimit ?? '256kb' }));
  app.use(authenticate(options.verifier));

  app.get('/health/live', async (_req, res) => {
    const { ok, checks, reasons } = await runChecks(options.liveness ?? {});
    if (ok) res.json({ status: 'live' });
    else res.status(503).json({ status: 'not live', checks, reasons });
  });
  app.get('/health/ready', async (_req, res) => {
    const { ok, checks, reasons } = await runChecks(options.readiness);
    res
      .status(ok ? 200 : 503)
      .json({ status: ok ? 'ready' : 'not ready', checks, ...(Object.keys(reasons).length > 0 ? { reasons } : {}) });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(registry.contentType).send(await registry.metrics());
  });

  for (const { api, extra } of options.apis) {
    const document = api.openApiDocument();
    app.get(`${api.prefix}/openapi.json`, (_req, res) => {
      res.json(document);
    });
    if (extra) app.use(api.prefix, ...extra);
    app.use(api.prefix, api.router);
  }
  options.beforeNotFound?.(app);
  app.use(notFoundHandler);
  app.use(problemHandler);
  return app;
}
