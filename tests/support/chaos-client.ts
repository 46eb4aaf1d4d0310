import { API_OF, SERVICE_NAMES, type ServiceName } from './chaos-services';

/** A JSON body as the tests read it: fields are checked where they are used. */
export type Json = Record<string, unknown> & { [key: string]: unknown };

/** An answer, or `status: 0` when none came (refused, reset, timed out): the outcome is then unknown. */
export interface Reply {
  status: number;
  body: Json;
  error?: string;
  /** The answer is the stored one of an earlier try with the same Idempotency-Key (`Idempotent-Replayed: true`). */
  replayed?: boolean;
}

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';

/** Calls the public HTTP API of whichever service owns the path's prefix. */
export function createClient(urlOf: (service: ServiceName) => string) {
  const serviceOf = (path: string): ServiceName => {
    const service = SERVICE_NAMES.find((s) => path.startsWith(`${API_OF[s]}/`));
    if (!service) throw new Error(`no service serves ${path}`);
    return service;
  };
  async function call(
    method: Method,
    path: string,
    token: string,
    body?: unknown,
    timeoutMs = 20_000,
    headers: Record<string, string> = {},
  ): Promise<Reply> {
    try {
      const res = await fetch(`${urlOf(serviceOf(path))}${path}`, {
        method,
        headers: {
          ...headers,
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await res.text();
      let parsed: Json = {};
      try {
        parsed = text ? (JSON.parse(text) as Json) : {};
      } catch {
        parsed = { text };
      }
      return {
        status: res.status,
        body: parsed,
        ...(res.headers.get('idempotent-replayed') === 'true' ? { replayed: true } : {}),
      };
    } catch (error) {
      return { status: 0, body: {}, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
    }
  }
  return { call };
}

export type Client = ReturnType<typeof createClient>;

/** A reply that will not change if the same request is sent again: retrying cannot help. */
export function definitive(reply: Reply): boolean {
  if (reply.status === 0 || reply.status >= 500) return false;
  // A guarded write lost a race: the same command, re-read, may pass. Or an earlier try of the
  // same request (same Idempotency-Key) is still running: its answer comes once it is done.
  const code = String(reply.body.code ?? '');
  if (reply.status === 409 && (code.endsWith('CONCURRENT_UPDATE') || code === 'IDEMPOTENCY.IN_PROGRESS')) return false;
  return reply.status !== 429;
}

/**
 * Sends until the answer is definitive (see `definitive`), with a short pause between tries;
 * `onRetry` counts them. Fails after `ms`.
 */
export async function untilDefinitive(
  send: () => Promise<Reply>,
  what: string,
  options: { ms?: number; onRetry?: (reply: Reply) => void } = {},
): Promise<Reply> {
  const deadline = Date.now() + (options.ms ?? 240_000);
  for (let attempt = 1; ; attempt++) {
    const reply = await send();
    if (definitive(reply)) return reply;
    options.onRetry?.(reply);
    if (Date.now() > deadline)
      throw new Error(
        `${what}: no definitive answer after ${attempt} tries (last ${reply.status} ${reply.error ?? ''})`,
      );
    await new Promise((resolve) => setTimeout(resolve, Math.min(2_000, 100 * attempt)));
  }
}

/** Polls until `probe` gives a value; fails with `what` after `ms` (errors count as "not yet"). */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, ms = 240_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
