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

export function createLogger(options: { name: string; level?: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      name: options.name,
      level: options.level ?? 'info',
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      base: { service: options.name },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}
