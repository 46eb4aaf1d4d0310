/**
 * One error type with a stable code (e.g. PROCUREMENT.BID_SEALED) and an HTTP
 * status; the HTTP layer maps it once to RFC 9457 problem+json.
 */
export interface FieldProblem {
  field: string;
  reason: string;
}

export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly fields: readonly FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const badRequest = (code: string, message: string, fields: FieldProblem[] = []) =>
  new AppError(code, 400, message, fields);
export const unauthorized = (message = 'authentication required') => new AppError('AUTH.UNAUTHENTICATED', 401, message);
export const forbidden = (message = 'not allowed for your role or scope') =>
  new AppError('AUTH.FORBIDDEN', 403, message);
export const notFound = (code: string, message: string) => new AppError(code, 404, message);
export const conflict = (code: string, message: string) => new AppError(code, 409, message);
export const unprocessable = (code: string, message: string, fields: FieldProblem[] = []) =>
  new AppError(code, 422, message, fields);

/** Errors of the MongoDB driver and ioredis that say the server cannot be reached (not that the request is wrong). */
const OUTAGE_ERRORS = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  'MaxRetriesPerRequestError',
]);
const OUTAGE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH']);
/**
 * MongoDB server errors that mean "this node cannot serve you right now", not "your request is
 * wrong": a replica set electing a new primary (not writable primary, stepped down, interrupted by
 * the state change) or a node shutting down. The driver retries such an operation once; an
 * election takes seconds longer, so a handler must wait rather than spend its attempts. The codes
 * are the driver's retryable ones (mongodb `RETRYABLE_READ_ERROR_CODES`), less ExceededTimeLimit,
 * which says the query was slow.
 */
const MONGO_OUTAGE_CODES = new Set([6, 7, 89, 91, 189, 9001, 10107, 11600, 11602, 13435, 13436]);

/**
 * Whether an operation failed because a store, queue or broker could not be reached. An event
 * whose handler met it is fine and will be handled once the server is back, so it must not be
 * dead-lettered (a
 * restart of the MongoDB-wire server outlasts the attempts' backoff; found by tests/chaos), and
 * a request that meets it is answered 503 (retry later), not 500.
 */
export function isOutage(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (OUTAGE_ERRORS.has(e.name) || (typeof code === 'string' && OUTAGE_CODES.has(code))) return true;
    if (e.name.startsWith('Mongo') && typeof code === 'number' && MONGO_OUTAGE_CODES.has(code)) return true;
    e = e.cause;
  }
  return false;
}
