import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startEmbedded, type EmbeddedSystem } from '@sanshe/embedded';
import type { Clock } from '@sanshe/platform';
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

/**
 * Builds the portal from its sources into a folder of this test run (vite, a few seconds), so the
 * tests check what the sources say and never share apps/portal/dist with a build running beside
 * them (a rebuild there replaces the hashed chunks a loaded page still asks for).
 */
export function buildPortal(): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'sanshe-portal-dist-'));
  execFileSync(
    process.execPath,
    [
      join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--outDir',
      dir,
      '--emptyOutDir',
      '--logLevel',
      'warn',
    ],
    { cwd: PORTAL_DIR, stdio: 'pipe', timeout: 300_000 },
  );
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`vite build produced no index.html in ${dir}`);
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface PortalUnderTest {
  system: EmbeddedSystem;
  baseUrl: string;
  close(): Promise<void>;
}

/** The embedded platform with a fresh build of the portal, on an ephemeral port of the loopback interface. */
export async function startPortal(options: { clock?: Clock; demo?: boolean } = {}): Promise<PortalUnderTest> {
  const build = buildPortal();
  // A manual clock lets a test move deadlines (bids, standstill) past without waiting; `demo`
  // seeds the demo story first (it brings its own clock).
  const system = await startEmbedded({
    portalDir: build.dir,
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.demo ? { demo: true } : {}),
  });
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
      build.cleanup();
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
