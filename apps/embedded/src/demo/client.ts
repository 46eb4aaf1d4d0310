import type { z } from 'zod';

/** A refused call of the seed: which one, and the problem the service answered. */
export class DemoApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly problem: unknown,
  ) {
    super(`${method} ${path} answered ${status}: ${JSON.stringify(problem)}`);
    this.name = 'DemoApiError';
  }

  /** The problem's code (e.g. PROCUREMENT.BID_SEALED), when it has one. */
  get code(): string | null {
    const code = (this.problem as { code?: unknown } | null)?.code;
    return typeof code === 'string' ? code : null;
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';

/**
 * The seed talks to the platform as its users' browsers do: HTTP on the platform's own port,
 * with each person's bearer token. Answers are validated with the contracts' schemas, so the seed
 * reads exactly what the API promises.
 */
export class DemoHttp {
  constructor(private readonly baseUrl: string) {}

  async call<S extends z.ZodType>(
    schema: S,
    method: Method,
    path: string,
    options: { token?: string; body?: unknown } = {},
  ): Promise<z.infer<S>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    });
    const text = await res.text();
    const json: unknown = text ? JSON.parse(text) : null;
    if (!res.ok) throw new DemoApiError(method, path, res.status, json);
    return schema.parse(json);
  }
}
