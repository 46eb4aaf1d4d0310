/**
 * The browser tests set up and check server state through the platform's public API, as
 * development-token users of the embedded portal under test. One client for every spec.
 */

/** A JSON answer; test reads assert the shapes that matter where they read them. */
export type ReplyBody = Record<string, unknown> & { items?: Array<Record<string, unknown>> };

export interface Reply<T = ReplyBody> {
  status: number;
  body: T;
}

export interface PortalApi {
  /** One call; any status comes back (the test judges it). */
  call<T = ReplyBody>(token: string | null, method: string, path: string, body?: unknown): Promise<Reply<T>>;
  /** One call that must succeed (2xx); its body. */
  ok<T = ReplyBody>(token: string, method: string, path: string, body?: unknown): Promise<T>;
  /** A signed development token for this principal (embedded mode's `/api/auth/dev-token`). */
  devToken(principal: Record<string, unknown>): Promise<string>;
}

/** `baseUrl` is read on each call: the portal starts in `beforeAll`, after the spec declares its client. */
/**
 * The funder code of the demo login `funder` (apps/embedded/src/dev-auth.ts): a funder sees only
 * programmes of their own code, so programmes the signed-in funder works on carry this one.
 */
export const DEMO_FUNDER_CODE = 'XZ-SSLD-FUND';

export function portalApi(baseUrl: () => string): PortalApi {
  async function call<T = ReplyBody>(
    token: string | null,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<Reply<T>> {
    const res = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
  }

  async function ok<T = ReplyBody>(token: string, method: string, path: string, body?: unknown): Promise<T> {
    const res = await call<T>(token, method, path, body);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }

  async function devToken(principal: Record<string, unknown>): Promise<string> {
    const res = await call<{ token?: string }>(null, 'POST', '/api/auth/dev-token', principal);
    if (res.status !== 200 || !res.body.token) throw new Error(`dev token: ${res.status}`);
    return res.body.token;
  }

  return { call, ok, devToken };
}

/**
 * A calendar date in China (UTC+8) `days` (and `months`) from now: the services decide "today"
 * by China's date, so a test run just after midnight UTC must not send yesterday.
 */
export function chinaDay(days: number, months = 0): string {
  const d = new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}
