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
