/**
 * The signed-in session: the bearer token and who it names. Kept in memory and in
 * sessionStorage (so a reload keeps it, closing the tab forgets it), never in localStorage.
 */
export const ROLES = [
  'community_staff',
  'street_official',
  'official',
  'org_user',
  'social_worker',
  'funder',
  'evaluator',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  sub: string;
  name: string;
  roles: Role[];
  /** Area codes (communities, or a street for street officials). */
  communities: string[];
  organisationId: string | null;
}

export interface Session {
  token: string;
  principal: Principal;
  /** Epoch milliseconds. */
  expiresAt: number;
}

export type SignOutReason = 'user' | 'expired';

const STORAGE_KEY = 'sanshe.session';
type Listener = () => void;

let current: Session | null = load();
let lastSignOut: SignOutReason | null = null;
const listeners = new Set<Listener>();

function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Reads the claims of a JWT (no verification: the server verifies every call). */
export function principalFromToken(token: string): { principal: Principal; expiresAt: number } | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(json, (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    const roles = Array.isArray(claims['roles']) ? claims['roles'].filter(isRole) : [];
    const sub = claims['sub'];
    const exp = claims['exp'];
    if (typeof sub !== 'string' || roles.length === 0 || typeof exp !== 'number') return null;
    const communities = Array.isArray(claims['communities'])
      ? claims['communities'].filter((c): c is string => typeof c === 'string')
      : [];
    const org = claims['org'];
    return {
      principal: {
        sub,
        name: typeof claims['name'] === 'string' ? claims['name'] : sub,
        roles,
        communities,
        organisationId: typeof org === 'string' ? org : null,
      },
      expiresAt: exp * 1000,
    };
  } catch {
    return null;
  }
}

function load(): Session | null {
  try {
    const raw = window.sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as Session;
    if (typeof session.token !== 'string' || session.expiresAt <= Date.now()) return null;
    return session;
  } catch {
    return null;
  }
}

function emit() {
  for (const listener of listeners) listener();
}

export const sessionStore = {
  get: (): Session | null => current,
  token: (): string | null => (current && current.expiresAt > Date.now() ? current.token : null),
  lastSignOut: (): SignOutReason | null => lastSignOut,
  set(session: Session) {
    current = session;
    lastSignOut = null;
    try {
      window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
    } catch {
      // memory only
    }
    emit();
  },
  clear(reason: SignOutReason) {
    if (!current) return;
    current = null;
    lastSignOut = reason;
    try {
      window.sessionStorage.removeItem(STORAGE_KEY);
    } catch {
      // nothing stored
    }
    emit();
  },
  subscribe: (listener: Listener): (() => void) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

export const hasRole = (principal: Principal | undefined | null, roles: readonly Role[]): boolean =>
  !!principal && principal.roles.some((r) => roles.includes(r));
