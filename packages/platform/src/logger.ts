import { join } from 'node:path';
import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths never written in clear: credentials and personal data (PIPL). ID numbers
 * are never even parsed into a log object, but a mistaken `log.info({ body })` is
 * still caught here.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.secret',
  '*.idNumber',
  '*.residentIdNumber',
  '*.phone',
  '*.contactPhone',
  '*.name',
  '*.residentName',
  '*.address',
  'body',
  'req.body',
];

/**
 * When set (the test run sets it), every log line of every level is also written to a file in
 * this folder, whatever the console level, so the whole run's output can be scanned for
 * personal data (tests/support/log-scan.ts).
 */
export const LOG_CAPTURE_ENV = 'SANSHE_LOG_CAPTURE';

let captureStream: pino.DestinationStream | null = null;
function captured(dir: string): pino.DestinationStream {
  // One file per process; written synchronously so a worker that exits loses nothing.
  captureStream ??= pino.destination({
    dest: join(dir, `${process.pid}-${Date.now()}.ndjson`),
    sync: true,
    mkdir: true,
  });
  return captureStream;
}

export function createLogger(options: { name: string; level?: string; destination?: pino.DestinationStream }): Logger {
  const level = options.level ?? 'info';
  const base = {
    name: options.name,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    base: { service: options.name },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  const captureDir = process.env[LOG_CAPTURE_ENV];
  if (!captureDir) return pino({ ...base, level }, options.destination);
  const streams: pino.StreamEntry[] = [{ level: 'trace', stream: captured(captureDir) }];
  if (level !== 'silent')
    streams.push({ level: level as pino.Level, stream: options.destination ?? pino.destination(1) });
  return pino({ ...base, level: 'trace' }, pino.multistream(streams));
}
