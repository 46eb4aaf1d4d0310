import type { Request, Response } from 'express';
import { z } from 'zod';
import { badRequest, conflict, unprocessable } from '../errors';
import type { IdempotencyKeys, IdempotentRequest } from './idempotency';
import { toProblem } from './problem';

/** The request header (draft-ietf-httpapi-idempotency-key-header) and the one a replayed answer carries. */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const REPLAYED_HEADER = 'Idempotent-Replayed';
/** Answer headers a replay repeats (an import's Location); the rest are the replaying request's own. */
const KEPT_HEADERS = ['location', 'content-location'] as const;

const KEY_TEXT = /^[\x20-\x7E]{1,255}$/;

/** How an idempotent route documents the header in its OpenAPI operation. */
export const IdempotencyKeyHeaders = z.object({
  'Idempotency-Key': z
    .string()
    .min(1)
    .max(255)
    .optional()
    .meta({
      description:
        'Optional: a unique key for this request (e.g. a UUID), 1–255 printable ASCII characters. Sending the ' +
        'same request again with the same key within 24 hours answers the first answer again ' +
        '(Idempotent-Replayed: true) instead of acting twice.',
    }),
});

/**
 * The key of the request, or null when it has none. The draft defines the value as a
 * Structured Field string (`"8e03978e-…"`); a bare value, as most clients send, is taken too.
 */
export function readIdempotencyKey(req: Request): string | null {
  const raw = req.headers[IDEMPOTENCY_KEY_HEADER];
  if (raw === undefined) return null;
  const text = Array.isArray(raw) ? raw.join(', ') : raw;
  const quoted = /^"((?:[^"\\]|\\["\\])*)"$/.exec(text);
  const key = quoted ? (quoted[1] ?? '').replace(/\\(["\\])/g, '$1') : text;
  if (!KEY_TEXT.test(key) || key.trim() === '') {
    throw badRequest('VALIDATION.INVALID_INPUT', 'invalid Idempotency-Key header', [
      { field: `header.${IDEMPOTENCY_KEY_HEADER}`, reason: 'must be 1–255 printable ASCII characters' },
    ]);
  }
  return key;
}

/** A request with a key whose handler is to run. */
export interface IdempotentCall {
  /** The record id, handed to the handler as `idempotencyKey` to derive the ids it creates. */
  readonly id: string;
  /** The handler failed: a refusal (4xx) frees the key; anything else leaves it pending until its lease ends. */
  failed(error: unknown): Promise<void>;
  /** The handler succeeded: keep the answer for replays. Never throws: the command took effect regardless. */
  succeeded(status: number, body: unknown): Promise<void>;
  /** The handler answered by itself (nothing to replay): free the key. */
  abandon(): Promise<void>;
}

/**
 * Starts a request that carries a key. Returns the call to run; or null when the request
 * was answered from the record (a replay: same status and body, `Idempotent-Replayed: true`,
 * no second effect); or throws 422 (the key was used for another request) or 409 with
 * Retry-After (the same request is still running).
 */
export async function beginIdempotent(
  keys: IdempotencyKeys,
  req: Request,
  res: Response,
  request: IdempotentRequest,
): Promise<IdempotentCall | null> {
  const claim = await keys.claim(request);
  if (claim.kind === 'reused') {
    throw unprocessable('IDEMPOTENCY.KEY_REUSED', 'this Idempotency-Key was used for another request', [
      { field: `header.${IDEMPOTENCY_KEY_HEADER}`, reason: 'already used with another body or path; use a new key' },
    ]);
  }
  if (claim.kind === 'busy') {
    res.setHeader('Retry-After', String(claim.retryAfterSeconds));
    throw conflict('IDEMPOTENCY.IN_PROGRESS', 'a request with this Idempotency-Key is still being processed');
  }
  if (claim.kind === 'replay') {
    const { status, body, headers } = claim.answer;
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    res.setHeader(REPLAYED_HEADER, 'true');
    res.status(status);
    if (body === null) res.end();
    else res.type('application/json').send(body);
    return null;
  }
  const run = { id: claim.id, owner: claim.owner };
  const route = `${request.method.toUpperCase()} ${request.route}`;
  if (claim.takenOver) req.log?.warn({ route }, 'idempotency key taken over from a try that did not finish');
  const release = async () => {
    try {
      await keys.release(run);
    } catch (error) {
      // The key stays pending until its lease ends; then a retry runs again.
      req.log?.warn({ err: error, route }, 'idempotency key not released');
    }
  };
  return {
    id: claim.id,
    async failed(error) {
      const status = toProblem(error).status;
      if (status >= 400 && status < 500) await release();
    },
    abandon: release,
    async succeeded(status, body) {
      if (status >= 400 && status < 500) return release();
      const headers: Record<string, string> = {};
      for (const name of KEPT_HEADERS) {
        const value = res.getHeader(name);
        if (typeof value === 'string') headers[name] = value;
      }
      try {
        const done = await keys.complete(run, { status, body: JSON.stringify(body) ?? null, headers });
        if (!done) req.log?.warn({ route }, 'idempotency key was taken over before this try finished');
      } catch (error) {
        // The change is made: answer it. A retry finds the key pending, and once the lease is
        // over runs again, and the handler's keyed ids make it find what this try created.
        req.log?.error({ err: error, route }, 'idempotency answer not stored; the command took effect');
      }
    },
  };
}
