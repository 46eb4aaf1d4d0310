import { accessSync, constants, existsSync } from 'node:fs';

/**
 * The portal's browser tests drive Debian's Chromium (scripts/install-browser.sh) with
 * playwright-core; no browser is ever downloaded. tests/support/global-setup.ts looks for it
 * once per run: without it the suites are skipped with a warning, except under CI (CI=true)
 * or REQUIRE_BROWSER=1, where its absence fails the whole run.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const BROWSER_FLAG = 'SANSHE_BROWSER_FOUND';

export function browserRequired(): boolean {
  return process.env.CI === 'true' || process.env.REQUIRE_BROWSER === '1';
}

/** Null when Chromium is there, else why not. */
export function probeBrowser(): string | null {
  if (!existsSync(CHROMIUM_PATH)) return `${CHROMIUM_PATH} not found`;
  try {
    accessSync(CHROMIUM_PATH, constants.X_OK);
    return null;
  } catch {
    return `${CHROMIUM_PATH} is not executable`;
  }
}
