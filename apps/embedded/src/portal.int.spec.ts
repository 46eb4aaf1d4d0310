import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './dev-auth';
import { startEmbedded, type EmbeddedSystem } from './start';

/** A stand-in for apps/portal/dist: what vite builds, without building it. */
function fakePortal(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sanshe-portal-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><html><head><script type="module" src="/assets/index-Ab12Cd34.js"></script></head><body><div id="root"></div></body></html>',
  );
  writeFileSync(join(dir, 'assets', 'index-Ab12Cd34.js'), 'console.log("portal");');
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dir;
}

describe('embedded mode serves the portal at /', () => {
  const dir = fakePortal();
  let system: EmbeddedSystem;

  beforeAll(async () => {
    system = await startEmbedded({ portalDir: dir });
  });
  afterAll(async () => {
    await system.host.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('index.html at /, revalidated, with a CSP that allows only this origin and no inline script', async () => {
    const res = await request(system.host.app).get('/');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<div id="root">');
    expect(res.headers['cache-control']).toBe('no-cache');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("style-src 'self' 'unsafe-inline'"); // Ant Design's CSS-in-JS
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests'); // plain http on a LAN address keeps working
    expect(res.headers['x-content-type-options']).toBe('nosniff'); // helmet's other headers stay
  });

  test('the app’s own routes fall back to index.html; a missing asset is a 404', async () => {
    for (const path of ['/needs', '/needs/7d4f3b2a-1c5e-4f6a-9b8c-0d1e2f3a4b5c', '/track', '/login?from=x']) {
      const res = await request(system.host.app).get(path).set('accept', 'text/html');
      expect([path, res.status, res.text.includes('<div id="root">')]).toEqual([path, 200, true]);
    }
    expect((await request(system.host.app).get('/assets/index-missing.js')).status).toBe(404);
    expect((await request(system.host.app).get('/robots.txt')).status).toBe(404);
  });

  test('hashed assets are cached for a year, other files revalidated', async () => {
    const asset = await request(system.host.app).get('/assets/index-Ab12Cd34.js');
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await request(system.host.app).get('/favicon.svg');
    expect(icon.status).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  test('APIs, health and metrics keep their own answers (an unknown API path is still a 404 problem)', async () => {
    const api = await request(system.host.app).get('/api/nowhere').set('accept', 'text/html');
    expect(api.status).toBe(404);
    expect(api.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect((await request(system.host.app).get('/health/nowhere')).status).toBe(404);
    expect((await request(system.host.app).get('/health/live')).body).toEqual({ status: 'live' });
    expect((await request(system.host.app).post('/needs')).status).toBe(404); // only GET falls back
  });
});

describe('embedded mode without a built portal', () => {
  test('serves the APIs and answers / with a 404 problem', async () => {
    const system = await startEmbedded({ portalDir: join(tmpdir(), 'sanshe-no-portal-here') });
    try {
      const res = await request(system.host.app).get('/');
      expect(res.status).toBe(404);
      expect((await request(system.host.app).get('/health/live')).status).toBe(200);
    } finally {
      await system.host.close();
    }
  });
});

describe('demo accounts (development only)', () => {
  let system: EmbeddedSystem;
  beforeAll(async () => {
    system = await startEmbedded({ portalDir: false });
  });
  afterAll(async () => {
    await system.host.close();
  });

  test('there is one for every role, community staff of 黄楼社区 and a street official of 黄楼街道 among them', () => {
    const roles = new Set(DEMO_ACCOUNTS.flatMap((a) => a.principal.roles));
    expect([...roles].sort()).toEqual(
      [
        'admin',
        'community_staff',
        'evaluator',
        'funder',
        'official',
        'org_user',
        'social_worker',
        'street_official',
      ].sort(),
    );
    expect(DEMO_ACCOUNTS.find((a) => a.username === 'staff.hl')?.principal.communities).toEqual(['XZ-GL-HL-01']);
    expect(DEMO_ACCOUNTS.find((a) => a.username === 'street.hl')?.principal.communities).toEqual(['XZ-GL-HL']);
  });

  test('a right password gets a token the services accept, with the account’s roles and scope', async () => {
    const login = await request(system.host.app)
      .post('/api/auth/login')
      .send({ username: 'staff.hl', password: DEMO_PASSWORD });
    expect(login.status).toBe(200);
    expect(login.headers['cache-control']).toBe('no-store');
    expect(login.body).toMatchObject({
      tokenType: 'Bearer',
      expiresIn: 8 * 3600,
      principal: { sub: 'demo-staff-hl', name: '王芳', roles: ['community_staff'], communities: ['XZ-GL-HL-01'] },
    });
    const needs = await request(system.host.app)
      .get('/api/intake/needs')
      .set('authorization', `Bearer ${login.body.token as string}`);
    expect(needs.status).toBe(200);
  });

  test('a wrong password, an unknown user and a malformed body are refused alike', async () => {
    for (const body of [
      { username: 'staff.hl', password: 'sanshe2025' },
      { username: 'nobody', password: DEMO_PASSWORD },
    ]) {
      const res = await request(system.host.app).post('/api/auth/login').send(body);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('AUTH.INVALID_CREDENTIALS');
      expect(res.body.token).toBeUndefined();
    }
    const malformed = await request(system.host.app).post('/api/auth/login').send({ username: 'staff.hl' });
    expect(malformed.status).toBe(400);
  });

  test('the login page lists the accounts', async () => {
    const res = await request(system.host.app).get('/api/auth/demo-accounts');
    expect(res.status).toBe(200);
    expect(res.body.items).toHaveLength(DEMO_ACCOUNTS.length);
    expect(res.body.items[0]).toMatchObject({ username: 'staff.hl', title: { zh: '黄楼社区 社区工作者' } });
  });

  test('without development tokens (production) there is no login, no demo account and no dev token', async () => {
    const production = await startEmbedded({ devTokens: false, portalDir: false });
    try {
      const login = await request(production.host.app)
        .post('/api/auth/login')
        .send({ username: 'staff.hl', password: DEMO_PASSWORD });
      expect(login.status).toBe(404);
      expect((await request(production.host.app).get('/api/auth/demo-accounts')).status).toBe(404);
      expect((await request(production.host.app).get('/api/auth/.well-known/jwks.json')).status).toBe(200);
    } finally {
      await production.host.close();
    }
  });
});

describe('the demo login is rate-limited per address', () => {
  let system: EmbeddedSystem;
  beforeAll(async () => {
    system = await startEmbedded({});
  });
  afterAll(() => system.host.close());

  test('after 20 failed sign-ins the address gets 429 with Retry-After, even with the right password', async () => {
    const login = (password: string) =>
      request(system.host.app).post('/api/auth/login').send({ username: 'staff.hl', password });
    expect((await login(DEMO_PASSWORD)).status).toBe(200); // successes do not count
    for (let i = 0; i < 20; i++) expect((await login(`guess-${i}`)).status).toBe(401);
    const blocked = await login(DEMO_PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(blocked.body.code).toBe('AUTH.LOGIN_RATE_LIMITED');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });
});
