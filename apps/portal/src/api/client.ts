import type { ZodType } from 'zod';
import { sessionStore } from '../auth/session';

export interface FieldProblem {
  field: string;
  reason: string;
}

/** An RFC 9457 problem from the APIs (or a network failure, status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[] = [],
    readonly retryAfter: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface RequestOptions<T> {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** JSON body, or a string sent with `contentType`. */
  body?: unknown;
  contentType?: string;
  query?: Record<string, string | number | boolean | undefined | null>;
  /** Validates the response; the APIs' own zod schemas from @sanshe/contracts. */
  schema?: ZodType<T>;
  /** Public endpoints (the resident's lookup) send no token. */
  anonymous?: boolean;
  signal?: AbortSignal;
  /**
   * A user-initiated create: it carries an Idempotency-Key, so sending the same submission again
   * after an unknown outcome (see `submissionKey`) cannot create the thing twice.
   */
  idempotent?: boolean;
}

/**
 * Keys of create submissions whose outcome is unknown (no answer, a 5xx, or still in progress
 * on the server): the same submission sent again (the user presses the button again) reuses
 * its key, and the API answers with the first try's result instead of creating a second one.
 * Any other answer settles the submission; the next one gets a fresh key.
 */
const unsettled = new Map<string, string>();
const MAX_UNSETTLED = 50;

function freshKey(): string {
  // randomUUID exists only in secure contexts (https, localhost); getRandomValues everywhere.
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The key of a submission, and how to settle it once its outcome is known. */
function submissionKey(submission: string): { key: string; settle: (known: boolean) => void } {
  const key = unsettled.get(submission) ?? freshKey();
  unsettled.delete(submission);
  unsettled.set(submission, key);
  if (unsettled.size > MAX_UNSETTLED) unsettled.delete(unsettled.keys().next().value ?? '');
  return {
    key,
    settle: (known) => {
      if (known) unsettled.delete(submission);
    },
  };
}

/** Whether the outcome of a create is known (else the same submission must be sent with the same key). */
const outcomeKnown = (status: number, code: string) =>
  status !== 0 && status < 500 && code !== 'IDEMPOTENCY.IN_PROGRESS';

function queryString(query: RequestOptions<unknown>['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function problemOf(res: Response): Promise<ApiError> {
  let body: Record<string, unknown> = {};
  try {
    body = (await res.json()) as Record<string, unknown>;
  } catch {
    // not JSON (a proxy's error page)
  }
  const fields = Array.isArray(body['errors']) ? (body['errors'] as FieldProblem[]) : [];
  const retryAfter = Number(res.headers.get('retry-after')) || null;
  return new ApiError(
    res.status,
    typeof body['code'] === 'string' ? body['code'] : `HTTP.${res.status}`,
    typeof body['detail'] === 'string' ? body['detail'] : res.statusText,
    fields,
    retryAfter,
  );
}

/**
 * One call to the platform's APIs (same origin, /api/...): sends the bearer token, turns
 * problems into ApiError, signs out when a token is refused (401), checks the response.
 */
export async function request<T = unknown>(path: string, options: RequestOptions<T> = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = options.anonymous ? null : sessionStore.token();
  if (token) headers['authorization'] = `Bearer ${token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    if (typeof options.body === 'string') {
      body = options.body;
      headers['content-type'] = options.contentType ?? 'text/plain';
    } else {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
  }
  const url = `${path}${queryString(options.query)}`;
  const method = options.method ?? (body === undefined ? 'GET' : 'POST');
  const submission = options.idempotent ? submissionKey(`${method} ${url}\n${body ?? ''}`) : null;
  if (submission) headers['idempotency-key'] = submission.key;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      body: body ?? null,
      signal: options.signal ?? null,
      credentials: 'omit',
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError(0, 'NETWORK', error instanceof Error ? error.message : String(error));
  }
  if (!res.ok) {
    const problem = await problemOf(res);
    submission?.settle(outcomeKnown(problem.status, problem.code));
    if (res.status === 401 && token) sessionStore.clear('expired');
    throw problem;
  }
  submission?.settle(true);
  if (res.status === 204) return undefined as T;
  const json: unknown = await res.json();
  return options.schema ? options.schema.parse(json) : (json as T);
}
