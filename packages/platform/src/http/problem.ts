import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import { AppError, isOutage, type FieldProblem } from '../errors';
import { DuplicateKeyError } from '../store/port';

/** RFC 9457 problem details, with our stable code and the fields at fault. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  errors?: FieldProblem[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function zodFieldProblems(error: ZodError, location?: string): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: [location, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)',
    reason: issue.message,
  }));
}

export function toProblem(error: unknown, instance?: string): Problem {
  const base = (status: number, code: string, detail: string, errors?: FieldProblem[]): Problem => ({
    type: `https://sanshe.dev/problems/${code.toLowerCase().replaceAll('.', '/').replaceAll('_', '-')}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...(instance ? { instance } : {}),
    ...(errors && errors.length > 0 ? { errors } : {}),
  });
  if (error instanceof AppError) return base(error.status, error.code, error.message, [...error.fields]);
  if (error instanceof ZodError)
    return base(400, 'VALIDATION.INVALID_INPUT', 'the request is not valid', zodFieldProblems(error));
  if (error instanceof DuplicateKeyError) return base(409, 'STORE.DUPLICATE', 'this record already exists');
  if (isBodyParserError(error)) {
    if (error.type === 'entity.too.large') return base(413, 'HTTP.BODY_TOO_LARGE', 'the request body is too large');
    if (error.type === 'entity.parse.failed')
      return base(400, 'HTTP.MALFORMED_JSON', 'the request body is not valid JSON');
    return base(error.status ?? 400, 'HTTP.BAD_BODY', error.message);
  }
  // A store or queue that cannot be reached is no fault of the request: the client should retry.
  if (isOutage(error))
    return base(503, 'SERVICE.UNAVAILABLE', 'a server this service needs is unreachable; retry shortly');
  return base(500, 'INTERNAL', 'an unexpected error occurred; it has been logged');
}

function isBodyParserError(error: unknown): error is { type: string; status?: number; message: string } {
  return (
    typeof error === 'object' &&
    error !== null &&
    'type' in error &&
    typeof error.type === 'string' &&
    'expose' in error
  );
}

export const problemHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const problem = toProblem(error, req.originalUrl);
  if (problem.status >= 500) req.log?.error({ err: error }, 'request failed');
  if (problem.status === 503) res.setHeader('Retry-After', '5');
  res.status(problem.status).type(PROBLEM_CONTENT_TYPE).json(problem);
};

export const notFoundHandler: RequestHandler = (req, res) => {
  const problem: Problem = {
    type: 'https://sanshe.dev/problems/http/not-found',
    title: 'Not Found',
    status: 404,
    detail: `no route for ${req.method} ${req.path}`,
    code: 'HTTP.NOT_FOUND',
    instance: req.originalUrl,
  };
  res.status(404).type(PROBLEM_CONTENT_TYPE).json(problem);
};
