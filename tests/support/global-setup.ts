import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOG_CAPTURE_ENV } from '../../packages/platform/src/logger';
import { BROWSER_FLAG, browserRequired, probeBrowser } from './browser-probe';
import { probeRealInfra, REAL_INFRA_FLAG, realInfraRequired } from './probe';

export default async function globalSetup(): Promise<void> {
  // Every log line of the run (workers and the service processes they spawn) goes to files here,
  // scanned for personal data by the global teardown.
  process.env[LOG_CAPTURE_ENV] ??= mkdtempSync(join(tmpdir(), 'sanshe-test-logs-'));

  const missing = await probeRealInfra();
  if (missing.length > 0 && realInfraRequired()) {
    throw new Error(
      `real infrastructure is required (CI) but down: ${missing.join(', ')}; start it with npm run infra:up`,
    );
  }
  process.env[REAL_INFRA_FLAG] = missing.length === 0 ? '1' : '0';
  if (missing.length > 0)
    console.warn(`\nreal-infrastructure suites are skipped: ${missing.join(', ')} down (npm run infra:up)\n`);

  const noBrowser = probeBrowser();
  if (noBrowser && browserRequired()) {
    throw new Error(
      `Chromium is required for the portal's browser tests (CI) but ${noBrowser}; run npm run browser:install`,
    );
  }
  process.env[BROWSER_FLAG] = noBrowser ? '0' : '1';
  if (noBrowser) console.warn(`\nportal browser suites are skipped: ${noBrowser} (npm run browser:install)\n`);
}
