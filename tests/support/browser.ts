import { existsSync, mkdtempSync, rmSync, statSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startEmbedded, type EmbeddedSystem } from '@sanshe/embedded';
import { BROWSER_FLAG, CHROMIUM_PATH } from './browser-probe';

export { BROWSER_FLAG, CHROMIUM_PATH, browserRequired, probeBrowser } from './browser-probe';

export const describeBrowser: jest.Describe = process.env[BROWSER_FLAG] === '1' ? describe : describe.skip;

/** Headless Chromium as the machine notes prescribe: no sandbox (root), no GPU, no background traffic. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    chromiumSandbox: false,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

const repoRoot = resolve(__dirname, '..', '..');
export const PORTAL_DIR = join(repoRoot, 'apps', 'portal');

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((entry) => newestMtime(join(path, entry))));
}

/**
 * Builds the portal (vite) when apps/portal/dist is missing or older than its sources or the
 * contracts it imports, so `npx jest tests/browser` tests what the sources say.
 */
export function ensurePortalBuilt(): void {
  const index = join(PORTAL_DIR, 'dist', 'index.html');
  const sources = [
    join(PORTAL_DIR, 'src'),
    join(PORTAL_DIR, 'index.html'),
    join(PORTAL_DIR, 'vite.config.ts'),
    join(repoRoot, 'packages', 'contracts', 'src'),
  ];
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(...sources.map(newestMtime))) return;
  execFileSync('npm', ['run', 'build', '-w', 'apps/portal'], { cwd: repoRoot, stdio: 'pipe', timeout: 300_000 });
}

export interface PortalUnderTest {
  system: EmbeddedSystem;
  baseUrl: string;
  close(): Promise<void>;
}

/** The embedded platform with the built portal, on an ephemeral port of the loopback interface. */
export async function startPortal(): Promise<PortalUnderTest> {
  ensurePortalBuilt();
  const system = await startEmbedded({ portalDir: join(PORTAL_DIR, 'dist') });
  const server: Server = await new Promise((ok) => {
    const s = system.host.app.listen(0, '127.0.0.1', () => ok(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    system,
    baseUrl: `http://127.0.0.1:${port}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((ok) => server.close(() => ok()));
      await system.host.close();
    },
  };
}

/** Where screenshots go: docs/screenshots with `npm run screenshots`, else a temporary folder. */
export function screenshotDir(): { dir: string; cleanup(): void } {
  const target = process.env.SANSHE_SCREENSHOTS;
  if (target) return { dir: resolve(repoRoot, target), cleanup: () => undefined };
  const dir = mkdtempSync(join(tmpdir(), 'sanshe-screens-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
