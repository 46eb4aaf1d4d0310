import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT, UnsecuredJWT } from 'jose';
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
