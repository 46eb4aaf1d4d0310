import type { Express } from 'express';
import { Principal, type LocalIssuer } from '@sanshe/platform';

/**
 * The local identity endpoints of embedded mode: the JWKS (so services verify the
 * same way as against a real provider) and, outside production, a development
 * token endpoint. Production uses an identity provider through AUTH_JWKS_URL.
 */
export function mountDevAuth(app: Express, issuer: LocalIssuer, options: { devTokens: boolean }): void {
  app.get('/api/auth/.well-known/jwks.json', (_req, res) => {
    res.json(issuer.jwks());
  });
  if (!options.devTokens) return;
  app.post('/api/auth/dev-token', async (req, res, next) => {
    try {
      const principal = Principal.parse(req.body);
      res.json({ token: await issuer.sign(principal, 8 * 3600), tokenType: 'Bearer', expiresIn: 8 * 3600 });
    } catch (error) {
      next(error);
    }
  });
}
