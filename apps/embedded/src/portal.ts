import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import express, { type Express, type Response } from 'express';

/** apps/portal/dist, seen from apps/embedded/dist (npm start) or apps/embedded/src (tests). */
export const DEFAULT_PORTAL_DIR = resolve(__dirname, '..', '..', 'portal', 'dist');

/** Paths the portal never answers: the APIs, health and metrics keep their own 404 problem. */
const NOT_PORTAL = /^\/(api|health|metrics)(\/|$)/;

/**
 * The portal's Content-Security-Policy, sent with its HTML: scripts only from this origin (the
 * build has no inline script), styles inline too (Ant Design's CSS-in-JS writes <style> elements),
 * images from data: and blob: (ECharts' export, CSV downloads), API calls to this origin only.
 * Helmet's default also asks to upgrade insecure requests, which would break the portal on a plain
 * http address other than localhost (a LAN address of a demo machine); it is kept for https.
 */
export function portalCsp(secure: boolean): string {
  return [
    "default-src 'self'",
    "base-uri 'self'",
    "script-src 'self'",
    "script-src-attr 'none'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "frame-ancestors 'self'",
    "form-action 'self'",
    ...(secure ? ['upgrade-insecure-requests'] : []),
  ].join('; ');
}

/**
 * Serves the built portal (a single-page app) at `/`: hashed assets under /assets with a year of
 * immutable caching, everything else revalidated, and index.html for any other GET that is not an
 * API, health or metrics path and has no file extension (the app's own routes, e.g. /needs/123).
 * Returns false, serving nothing, when the portal has not been built.
 */
export function mountPortal(app: Express, dir: string = DEFAULT_PORTAL_DIR): boolean {
  const indexFile = join(dir, 'index.html');
  if (!existsSync(indexFile)) return false;
  const index = readFileSync(indexFile);

  const sendIndex = (res: Response, secure: boolean) => {
    res.setHeader('Content-Security-Policy', portalCsp(secure));
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(index);
  };

  app.get('/', (req, res) => sendIndex(res, req.secure));
  app.get('/index.html', (req, res) => sendIndex(res, req.secure));
  app.use(
    express.static(dir, {
      index: false,
      redirect: false,
      fallthrough: true,
      setHeaders(res, path) {
        const hashed = /[\\/]assets[\\/]/.test(path);
        res.setHeader('Cache-Control', hashed ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    }),
  );
  app.use((req, res, next) => {
    const candidate = (req.method === 'GET' || req.method === 'HEAD') && !NOT_PORTAL.test(req.path);
    const lastSegment = req.path.split('/').pop() ?? '';
    if (!candidate || lastSegment.includes('.') || req.path.startsWith('/assets/')) return next();
    sendIndex(res, req.secure);
  });
  return true;
}
