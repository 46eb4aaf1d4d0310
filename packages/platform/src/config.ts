import { z } from 'zod';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment with a zod schema; fails fast naming every bad variable. */
export function loadConfig<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv = process.env): z.infer<T> {
  const result = schema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  return result.data;
}

const csv = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^[\w.-]+:\d+$/, 'each broker must be host:port')).min(1));

/**
 * What every process reads. Embedded mode needs none of the infrastructure URLs;
 * distributed mode needs all three.
 */
export const BaseConfig = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(8080),
    HOST: z.string().default('0.0.0.0'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    KAFKA_BROKERS: csv.optional(),
    KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).default(1),
    KAFKA_PARTITIONS: z.coerce.number().int().min(1).default(3),
    /**
     * Where a consumer group that never committed an offset starts: `earliest` replays all
     * history, which a newly deployed service or projection needs; `latest` is for throw-away
     * test namespaces on a shared broker.
     */
    KAFKA_NEW_GROUP_START: z.enum(['earliest', 'latest']).default('earliest'),
    MONGO_URL: z
      .string()
      .regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// URL')
      .optional(),
    MONGO_DB: z
      .string()
      .regex(/^[\w-]+$/)
      .optional(),
    REDIS_URL: z
      .string()
      .regex(/^rediss?:\/\//, 'must be a redis:// URL')
      .optional(),
    PII_HASH_KEY: z.string().min(16, 'must be at least 16 characters').default('dev-only-pii-hash-key-change-me'),
    BODY_LIMIT: z.string().default('256kb'),
    /**
     * /health/live fails once the store has failed every ping for longer than this, so that an
     * orchestrator restarts a process whose MongoDB driver never reconnects (docs/operations.md).
     * Longer than a database restart or fail-over; 0 turns the rule off.
     */
    LIVENESS_STORE_GRACE_MS: z.coerce.number().int().min(0).max(3_600_000).default(120_000),
    /**
     * Days a consumer remembers a processed event id (its TTL): an event redelivered or replayed
     * from a dead-letter topic later than this is processed again. Replays happen within days.
     */
    PROCESSED_EVENTS_RETENTION_DAYS: z.coerce.number().int().min(1).max(365).default(14),
  })
  .superRefine((c, ctx) => {
    const given = [c.KAFKA_BROKERS, c.MONGO_URL, c.REDIS_URL].filter((x) => x !== undefined).length;
    if (given > 0 && given < 3) {
      for (const key of ['KAFKA_BROKERS', 'MONGO_URL', 'REDIS_URL'] as const) {
        if (c[key] === undefined)
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: 'distributed mode needs KAFKA_BROKERS, MONGO_URL and REDIS_URL together',
          });
      }
    }
    if (c.NODE_ENV === 'production' && c.KAFKA_NEW_GROUP_START === 'latest') {
      ctx.addIssue({
        code: 'custom',
        path: ['KAFKA_NEW_GROUP_START'],
        message: 'production needs earliest: a new service must process the events published before it started',
      });
    }
    if (c.NODE_ENV === 'production' && c.PII_HASH_KEY.startsWith('dev-only')) {
      ctx.addIssue({ code: 'custom', path: ['PII_HASH_KEY'], message: 'set a real secret in production' });
    }
  });
export type BaseConfig = z.infer<typeof BaseConfig>;

export function isDistributed(config: BaseConfig): boolean {
  return config.KAFKA_BROKERS !== undefined && config.MONGO_URL !== undefined && config.REDIS_URL !== undefined;
}
