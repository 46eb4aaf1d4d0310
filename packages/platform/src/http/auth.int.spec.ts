import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { jest } from '@jest/globals';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type JWTVerifyGetKey } from 'jose';
import { createJwksVerifier, createLocalIssuer, createVerifier, type LocalIssuer } from './auth';

const STAFF: Parameters<LocalIssuer['sign']>[0] = {
  sub: 'staff-1',
  roles: ['community_staff'],
  communities: ['XZ-GL-HL-01'],
};

async function refused(issuer: LocalIssuer, token: string): Promise<string> {
  const error = await issuer.verifier.verify(token).then(
    () => null,
    (e: unknown) => e as { status?: number; message?: string },
  );
  expect(error?.status).toBe(401);
  return error?.message ?? '';
}

describe('token verification', () => {
  test('a token of this issuer for this audience gives the principal', async () => {
    const issuer = await createLocalIssuer();
    await expect(issuer.verifier.verify(await issuer.sign(STAFF))).resolves.toMatchObject({
      sub: 'staff-1',
      roles: ['community_staff'],
      communities: ['XZ-GL-HL-01'],
      organisationId: null,
    });
  });

  test('another issuer, another audience, an expired token, a forged signature and alg "none" are refused', async () => {
    const issuer = await createLocalIssuer();
    const stranger = await createLocalIssuer({ issuer: 'someone-else' });
    const otherAudience = await createLocalIssuer({ audience: 'another-api' });
    await refused(issuer, await stranger.sign(STAFF));
    await refused(issuer, await otherAudience.sign(STAFF));
    await refused(issuer, await issuer.sign(STAFF, -60));
    // A token signed by another key that claims this issuer's key id.
    const forger = await createLocalIssuer();
    const forged = await forger.sign(STAFF);
    const [, payload, signature] = forged.split('.');
    const header = Buffer.from(JSON.stringify({ alg: 'ES256', kid: issuer.currentKid() })).toString('base64url');
    await refused(issuer, `${header}.${payload}.${signature}`);
    const unsigned = new UnsecuredJWT({ roles: ['admin'] })
      .setSubject('x')
      .setIssuer(issuer.issuer)
      .setAudience(issuer.audience)
      .encode();
    await refused(issuer, unsigned);
  });

  test('a correctly signed token whose roles are not ours is refused', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const verifier = createVerifier(createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1' }] }), {
      issuer: 'idp',
      audience: 'sanshe-api',
    });
    const token = (roles: string[]) =>
      new SignJWT({ roles })
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setSubject('u1')
        .setIssuer('idp')
        .setAudience('sanshe-api')
        .setExpirationTime('1h')
        .sign(privateKey);
    await expect(verifier.verify(await token(['official']))).resolves.toMatchObject({ roles: ['official'] });
    await expect(verifier.verify(await token(['superuser']))).rejects.toMatchObject({
      status: 401,
      message: expect.stringContaining('roles'),
    });
  });

  test('rotation: old tokens stay valid until their key is retired, new tokens use the new key', async () => {
    const issuer = await createLocalIssuer();
    const before = await issuer.sign(STAFF);
    const oldKid = issuer.currentKid();
    const newKid = await issuer.rotate();
    expect(newKid).not.toBe(oldKid);
    expect(issuer.jwks().keys.map((k) => k.kid)).toEqual([oldKid, newKid]);
    const after = await issuer.sign(STAFF);
    expect(JSON.parse(Buffer.from(after.split('.')[0]!, 'base64url').toString()).kid).toBe(newKid);
    await expect(issuer.verifier.verify(before)).resolves.toMatchObject({ sub: 'staff-1' });
    await expect(issuer.verifier.verify(after)).resolves.toMatchObject({ sub: 'staff-1' });
    issuer.retire(oldKid);
    await refused(issuer, before);
    await expect(issuer.verifier.verify(after)).resolves.toMatchObject({ sub: 'staff-1' });
    expect(() => issuer.retire(newKid)).toThrow(/rotate first/);
  });

  test('a service verifying against a JWKS URL follows the provider through a key rotation', async () => {
    const provider = await createLocalIssuer({ issuer: 'https://idp.example/realms/sanshe' });
    const app = express();
    let fetches = 0;
    app.get('/certs', (_req, res) => {
      fetches += 1;
      res.json(provider.jwks());
    });
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const { port } = server.address() as AddressInfo;
      const verifier = createJwksVerifier({
        jwksUrl: `http://127.0.0.1:${port}/certs`,
        issuer: provider.issuer,
        audience: provider.audience,
        cooldownMs: 0,
      });
      await expect(verifier.verify(await provider.sign(STAFF))).resolves.toMatchObject({ sub: 'staff-1' });
      expect(fetches).toBe(1);
      await expect(verifier.verify(await provider.sign(STAFF))).resolves.toMatchObject({ sub: 'staff-1' });
      expect(fetches).toBe(1); // cached
      await provider.rotate();
      await expect(verifier.verify(await provider.sign(STAFF))).resolves.toMatchObject({ sub: 'staff-1' });
      expect(fetches).toBe(2); // an unknown key id made it fetch the set again
      const stranger = await createLocalIssuer({ issuer: provider.issuer });
      await expect(verifier.verify(await stranger.sign(STAFF))).rejects.toMatchObject({ status: 401 });
    } finally {
      server.close();
    }
  });
});

describe('verified-token cache', () => {
  /** A verifier over one key pair whose key lookups are counted: a lookup is a full verification. */
  async function countingVerifier(options: { maxEntries?: number } = {}) {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const keys = createLocalJWKSet({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1' }] });
    let live = true;
    const lookups = { count: 0 };
    const counted: JWTVerifyGetKey = (header, token) => {
      lookups.count += 1;
      return keys(header, token);
    };
    const verifier = createVerifier(
      counted,
      { issuer: 'idp', audience: 'sanshe-api' },
      { holds: (kid) => live && kid === 'k1' },
      options,
    );
    const sign = (sub: string, roles: string[] = ['official']) =>
      new SignJWT({ roles })
        .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
        .setSubject(sub)
        .setIssuer('idp')
        .setAudience('sanshe-api')
        .setExpirationTime('1h')
        .sign(privateKey);
    return { verifier, sign, lookups, dropKey: () => (live = false) };
  }

  afterEach(() => {
    jest.useRealTimers();
  });

  test('a token verified once is not verified again, and each caller gets its own principal', async () => {
    const { verifier, sign, lookups } = await countingVerifier();
    const token = await sign('u1');
    const first = await verifier.verify(token);
    first.roles.push('admin');
    await expect(verifier.verify(token)).resolves.toMatchObject({ sub: 'u1', roles: ['official'] });
    expect(lookups.count).toBe(1);
  });

  test('failures are never kept: a refused token is refused again, a forged twin of a kept one is refused', async () => {
    const { verifier, sign, lookups } = await countingVerifier();
    const badRoles = await sign('u1', ['superuser']);
    await expect(verifier.verify(badRoles)).rejects.toMatchObject({ status: 401 });
    await expect(verifier.verify(badRoles)).rejects.toMatchObject({ status: 401 });
    expect(lookups.count).toBe(2);
    const good = await sign('u2');
    await expect(verifier.verify(good)).resolves.toMatchObject({ sub: 'u2' });
    // Same header and claims, another signature: a different token, verified (and refused) in full.
    const [header, payload] = good.split('.');
    const forged = `${header}.${payload}.${Buffer.alloc(64, 7).toString('base64url')}`;
    await expect(verifier.verify(forged)).rejects.toMatchObject({ status: 401 });
    await expect(verifier.verify(good)).resolves.toMatchObject({ sub: 'u2' });
  });

  test('the cache is bounded: the least recently used token is dropped first', async () => {
    const { verifier, sign, lookups } = await countingVerifier({ maxEntries: 2 });
    const [t1, t2, t3] = await Promise.all([sign('u1'), sign('u2'), sign('u3')]);
    await verifier.verify(t1);
    await verifier.verify(t2);
    await verifier.verify(t1); // t1 is now the most recently used
    await verifier.verify(t3); // drops t2
    expect(lookups.count).toBe(3);
    await verifier.verify(t1);
    expect(lookups.count).toBe(3);
    await verifier.verify(t2);
    expect(lookups.count).toBe(4);
  });

  test('a kept token ends with its key: once the key set no longer holds it, it is verified again', async () => {
    const { verifier, sign, lookups, dropKey } = await countingVerifier();
    const token = await sign('u1');
    await verifier.verify(token);
    await verifier.verify(token);
    expect(lookups.count).toBe(1);
    dropKey();
    await verifier.verify(token);
    expect(lookups.count).toBe(2);
  });

  test('a kept token is refused once it expires', async () => {
    // Only Date is faked (jose reads the time from it); promises and crypto run as usual.
    const start = Date.parse('2026-03-01T08:00:00Z');
    jest.useFakeTimers({
      now: start,
      doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate'],
      advanceTimers: true,
    });
    const issuer = await createLocalIssuer();
    const token = await issuer.sign(STAFF, 60);
    await expect(issuer.verifier.verify(token)).resolves.toMatchObject({ sub: 'staff-1' });
    jest.setSystemTime(start + 30_000);
    await expect(issuer.verifier.verify(token)).resolves.toMatchObject({ sub: 'staff-1' });
    jest.setSystemTime(start + 60_000 + 10_000); // past exp and jose's 5 s of tolerance
    await refused(issuer, token);
  });

  test('local issuer: a kept token is refused as soon as its key is retired', async () => {
    const issuer = await createLocalIssuer();
    const token = await issuer.sign(STAFF);
    const oldKid = issuer.currentKid();
    await issuer.verifier.verify(token);
    await issuer.verifier.verify(token);
    await issuer.rotate();
    await expect(issuer.verifier.verify(token)).resolves.toMatchObject({ sub: 'staff-1' });
    issuer.retire(oldKid);
    await refused(issuer, token);
  });

  test('JWKS: a fetch of the set that drops a key ends the tokens kept for it; a stale set is fetched again', async () => {
    const provider = await createLocalIssuer({ issuer: 'https://idp.example/realms/sanshe' });
    const app = express();
    let fetches = 0;
    app.get('/certs', (_req, res) => {
      fetches += 1;
      res.json(provider.jwks());
    });
    const server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const { port } = server.address() as AddressInfo;
      const options = {
        jwksUrl: `http://127.0.0.1:${port}/certs`,
        issuer: provider.issuer,
        audience: provider.audience,
      };
      const verifier = createJwksVerifier({ ...options, cooldownMs: 0 });
      const old = await provider.sign(STAFF);
      const oldKid = provider.currentKid();
      await verifier.verify(old);
      await expect(verifier.verify(old)).resolves.toMatchObject({ sub: 'staff-1' });
      expect(fetches).toBe(1);
      await provider.rotate();
      provider.retire(oldKid);
      // A token of the new key makes the verifier fetch the set, which no longer lists the old key.
      await expect(verifier.verify(await provider.sign(STAFF))).resolves.toMatchObject({ sub: 'staff-1' });
      expect(fetches).toBe(2);
      await expect(verifier.verify(old)).rejects.toMatchObject({ status: 401 });

      // A set that is never fresh is fetched at every verification, kept token or not.
      const neverFresh = createJwksVerifier({ ...options, cooldownMs: 0, cacheMaxAgeMs: 0 });
      const token = await provider.sign(STAFF);
      const before = fetches;
      await neverFresh.verify(token);
      await neverFresh.verify(token);
      expect(fetches).toBe(before + 2);
    } finally {
      server.close();
    }
  });
});
