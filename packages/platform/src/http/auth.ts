import type { RequestHandler } from 'express';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  SignJWT,
  type JSONWebKeySet,
  type JWK,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { z } from 'zod';
import { unauthorized } from '../errors';

export const Role = z.enum([
  'community_staff',
  'street_official',
  'official',
  'org_user',
  'social_worker',
  'funder',
  'evaluator',
  'admin',
]);
export type Role = z.infer<typeof Role>;

/** Who is calling, and the scopes that decide which objects they may touch. */
export const Principal = z.object({
  sub: z.string().min(1),
  name: z.string().default(''),
  roles: z.array(Role).min(1),
  /** Community codes a community-staff user works for. */
  communities: z.array(z.string()).default([]),
  /** The organisation an org user or social worker acts for. */
  organisationId: z.string().nullable().default(null),
  /** The funder a funder user acts for (programmes carry it as `funderCode`). */
  funderCode: z.string().nullable().default(null),
});
export type Principal = z.infer<typeof Principal>;

declare module 'express-serve-static-core' {
  interface Request {
    principal?: Principal;
  }
}

export interface TokenVerifier {
  verify(token: string): Promise<Principal>;
}

function toPrincipal(payload: JWTPayload): Principal {
  const parsed = Principal.safeParse({
    sub: payload.sub,
    name: payload.name,
    roles: payload.roles,
    communities: payload.communities,
    organisationId: payload.org ?? null,
    funderCode: payload.funder ?? null,
  });
  if (!parsed.success) throw unauthorized('the token does not carry valid roles and scopes');
  return parsed.data;
}

/**
 * What a verifier may know of its key set without fetching it, so that it can keep tokens it
 * verified: `holds(kid)` is true while the key is in the set and the set is current (false once
 * the key is retired or a fetch of the set no longer lists it, and while the set is stale, so
 * that a stale set is fetched again by a full verification rather than trusted by the cache).
 */
export interface KeySetView {
  holds(kid: string): boolean;
}

export interface VerifiedTokenCacheOptions {
  /** Tokens kept (least recently used dropped first); 0 turns the cache off. */
  maxEntries?: number;
  /** Longest a token stays verified without being checked again, even if `exp` is later. */
  maxAgeMs?: number;
}

/**
 * Verifies tokens, keeping those it verified (a bounded LRU keyed by the token text) so that a
 * client sending the same token again is not charged another ES256 verification (about 0.8 ms
 * of CPU here, more than a whole echo request). A kept token is trusted only until its `exp`
 * (and `maxAgeMs`), and only while `keySet` still holds the key that signed it; a failed
 * verification is never kept. Without a key-set view nothing is kept (retirement would go
 * unnoticed), and tokens without a key id are always verified.
 */
export function createVerifier(
  keys: JWTVerifyGetKey,
  options: { issuer: string; audience: string },
  keySet?: KeySetView,
  cacheOptions: VerifiedTokenCacheOptions = {},
): TokenVerifier {
  const maxEntries = keySet ? (cacheOptions.maxEntries ?? 10_000) : 0;
  const maxAgeMs = cacheOptions.maxAgeMs ?? 10 * 60_000;
  const verified = new Map<string, { principal: Principal; kid: string; expiresAt: number }>();
  return {
    async verify(token) {
      const kept = verified.get(token);
      if (kept) {
        verified.delete(token);
        if (Date.now() < kept.expiresAt && keySet?.holds(kept.kid)) {
          verified.set(token, kept); // most recently used
          return copyOf(kept.principal);
        }
      }
      try {
        const { payload, protectedHeader } = await jwtVerify(token, keys, {
          issuer: options.issuer,
          audience: options.audience,
          clockTolerance: 5,
        });
        const principal = toPrincipal(payload);
        const kid = protectedHeader.kid;
        if (maxEntries > 0 && kid !== undefined) {
          const expiresAt = Math.min(payload.exp === undefined ? Infinity : payload.exp * 1000, Date.now() + maxAgeMs);
          verified.set(token, { principal, kid, expiresAt });
          if (verified.size > maxEntries) verified.delete(verified.keys().next().value as string);
        }
        return copyOf(principal);
      } catch (error) {
        if (error instanceof Error && error.name === 'AppError') throw error;
        throw unauthorized('the token is invalid or expired');
      }
    },
  };
}

/** Each request gets its own principal: a handler changing it must not change a kept one. */
function copyOf(principal: Principal): Principal {
  return { ...principal, roles: [...principal.roles], communities: [...principal.communities] };
}

/**
 * Verifies against an identity provider's JWKS (e.g. Keycloak). jose caches the key set and
 * fetches it again when a token names a key it does not know (a rotated key), at most once
 * per `cooldownMs`.
 */
export function createJwksVerifier(options: {
  jwksUrl: string;
  issuer: string;
  audience: string;
  cooldownMs?: number;
  /** How long a fetched key set is trusted before it is fetched again (and kept tokens with it). */
  cacheMaxAgeMs?: number;
  tokenCache?: VerifiedTokenCacheOptions;
}): TokenVerifier {
  const keys = createRemoteJWKSet(new URL(options.jwksUrl), {
    cooldownDuration: options.cooldownMs ?? 30_000,
    cacheMaxAge: options.cacheMaxAgeMs ?? 10 * 60_000,
  });
  // A kept token counts only while the set is fresh and lists its key: once the set is stale, a
  // full verification makes jose fetch it again, and a key the new set drops ends its tokens.
  const keySet: KeySetView = {
    holds: (kid) => keys.fresh && (keys.jwks()?.keys.some((k) => k.kid === kid) ?? false),
  };
  return createVerifier(keys, options, keySet, options.tokenCache);
}

export interface LocalIssuer {
  issuer: string;
  audience: string;
  sign(principal: z.input<typeof Principal>, ttlSeconds?: number): Promise<string>;
  /** The public keys: the signing key and those rotated out but not yet retired. */
  jwks(): JSONWebKeySet;
  verifier: TokenVerifier;
  /** Signs from now on with a new key; tokens signed with the old one stay valid until it is retired. */
  rotate(): Promise<string>;
  /** Drops a rotated-out key: tokens it signed are refused from now on. */
  retire(kid: string): void;
  /** The key id new tokens are signed with. */
  currentKid(): string;
}

interface SigningKey {
  kid: string;
  privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  publicJwk: JWK;
}

let keySerial = 0;
async function newSigningKey(): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `local-${Date.now().toString(36)}-${(keySerial += 1)}`;
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' } };
}

/**
 * The issuer of embedded mode and tests: ES256 key pairs made at start-up, the public halves
 * published as a JWKS, so the same verification path serves both modes. Keys rotate like an
 * identity provider's: a new key signs, old ones verify until retired.
 */
export async function createLocalIssuer(
  options: { issuer?: string; audience?: string; tokenCache?: VerifiedTokenCacheOptions } = {},
): Promise<LocalIssuer> {
  const issuer = options.issuer ?? 'sanshe-local';
  const audience = options.audience ?? 'sanshe-api';
  let signing = await newSigningKey();
  let published: JWK[] = [signing.publicJwk];
  let localKeys = createLocalJWKSet({ keys: published });
  const republish = (keys: JWK[]) => {
    published = keys;
    localKeys = createLocalJWKSet({ keys: published });
  };
  return {
    issuer,
    audience,
    jwks: () => ({ keys: [...published] }),
    // Reads the key set at each verification, so rotation and retirement apply at once (to kept
    // tokens as well: they count only while their key is published).
    verifier: createVerifier(
      (header, token) => localKeys(header, token),
      { issuer, audience },
      { holds: (kid) => published.some((k) => k.kid === kid) },
      options.tokenCache,
    ),
    currentKid: () => signing.kid,
    async rotate() {
      const next = await newSigningKey();
      republish([...published, next.publicJwk]);
      signing = next;
      return next.kid;
    },
    retire(kid) {
      if (kid === signing.kid) throw new Error('the signing key cannot be retired; rotate first');
      republish(published.filter((k) => k.kid !== kid));
    },
    async sign(input, ttlSeconds = 3600) {
      const principal = Principal.parse(input);
      return new SignJWT({
        name: principal.name,
        roles: principal.roles,
        communities: principal.communities,
        org: principal.organisationId,
        funder: principal.funderCode,
      })
        .setProtectedHeader({ alg: 'ES256', kid: signing.kid })
        .setSubject(principal.sub)
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime(`${ttlSeconds}s`)
        .sign(signing.privateKey);
    },
  };
}

/** Sets req.principal from a valid bearer token; a present but bad token is a 401. */
export function authenticate(verifier: TokenVerifier): RequestHandler {
  return async (req, _res, next) => {
    const header = req.headers.authorization;
    if (!header) return next();
    const match = /^Bearer\s+(.+)$/i.exec(header);
    if (!match?.[1]) return next(unauthorized('use an Authorization: Bearer token'));
    try {
      req.principal = await verifier.verify(match[1]);
      next();
    } catch (error) {
      next(error);
    }
  };
}
