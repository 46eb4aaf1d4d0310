import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOG_CAPTURE_ENV } from '../../packages/platform/src/logger';
import { scanLogDir } from './log-scan';

/**
 * The run's personal-data check: every log line any test produced is scanned for resident ID
 * numbers and unmasked phone numbers; one is enough to fail the run. The summary (counts and
 * masked samples only) is kept in reports/log-scan.json.
 */
export default async function globalTeardown(): Promise<void> {
  const dir = process.env[LOG_CAPTURE_ENV];
  if (!dir) return;
  const result = scanLogDir(dir);
  const reports = join(__dirname, '..', '..', 'reports');
  mkdirSync(reports, { recursive: true });
  writeFileSync(
    join(reports, 'log-scan.json'),
    `${JSON.stringify({ ...result, leaks: result.leaks.slice(0, 50) }, null, 2)}\n`,
  );
  process.stdout.write(
    `\nlog scan: ${result.lines} log lines in ${result.files} files, ${result.leaks.length} with personal data\n`,
  );
  if (result.leaks.length > 0) {
    const first = result.leaks.slice(0, 10).map((l) => `  ${l.kind} ${l.sample} (${l.file}:${l.line})`);
    throw new Error(
      `personal data found in the test run's logs:\n${first.join('\n')}\n(see reports/log-scan.json; the raw logs are in ${dir})`,
    );
  }
  if (process.env.SANSHE_KEEP_LOGS !== '1') rmSync(dir, { recursive: true, force: true });
}
