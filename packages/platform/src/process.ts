import { z } from 'zod';
import { BaseConfig, ConfigError, loadConfig } from './config';
import { createJwksVerifier, type TokenVerifier } from './http/auth';
import { unauthorized } from './errors';
import type { Logger } from 'pino';
import { createLogger } from './logger';
import { systemClock } from './clock';
import { hostModeFromConfig, openHost, type ServiceFactory } from './host';

export const ServiceProcessConfig = BaseConfig.and(
  z.object({
    /** Without an identity provider every authenticated route answers 401 (a safe default, logged at start). */
    AUTH_JWKS_URL: z.url('must be the identity provider JWKS URL').optional(),
    AUTH_ISSUER: z.string().min(1).default('sanshe'),
    AUTH_AUDIENCE: z.string().min(1).default('sanshe-api'),
    /** After a token names an unknown key (the provider rotated), the JWKS is fetched again at most this often. */
    AUTH_JWKS_COOLDOWN_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
  }),
);

/**
 * Runs one service as its own process on Kafka, MongoDB and Redis (distributed mode). It listens
 * as soon as its store is set up: /health/live answers at once and commands work, while its
 * consumers join their group in the background (/health/ready says so meanwhile). If they cannot
 * start, the process exits, as it did when it failed before listening.
 */
export function runServiceProcess(factory: ServiceFactory): void {
  void (async () => {
    const config = loadConfig(ServiceProcessConfig, process.env);
    const mode = hostModeFromConfig(config);
    if (mode.kind !== 'distributed') {
      throw new ConfigError([
        'KAFKA_BROKERS, MONGO_URL, REDIS_URL: a service process runs distributed; set all three (or use `npm start` for everything in one process)',
      ]);
    }
    const logger = createLogger({ name: factory.name, level: config.LOG_LEVEL });
    const host = await openHost({
      mode,
      services: [factory],
      logger,
      clock: systemClock,
      verifier: config.AUTH_JWKS_URL
        ? createJwksVerifier({
            jwksUrl: config.AUTH_JWKS_URL,
            issuer: config.AUTH_ISSUER,
            audience: config.AUTH_AUDIENCE,
            cooldownMs: config.AUTH_JWKS_COOLDOWN_MS,
          })
        : rejectAllTokens(logger),
      bodyLimit: config.BODY_LIMIT,
      livenessStoreGraceMs: config.LIVENESS_STORE_GRACE_MS,
      processedRetentionMs: config.PROCESSED_EVENTS_RETENTION_DAYS * 24 * 3600_000,
    });
    const server = host.app.listen(config.PORT, config.HOST, () =>
      logger.info({ port: config.PORT }, `${factory.name} listening`),
    );
    let shuttingDown = false;
    host.started.then(
      () => logger.info(`${factory.name} consuming`),
      (error: unknown) => {
        if (shuttingDown) return;
        logger.fatal({ err: error }, `${factory.name} could not start consuming; exiting`);
        process.exit(1);
      },
    );
    const shutdown = (signal: string) => {
      shuttingDown = true;
      logger.info({ signal }, 'shutting down');
      server.close(() => void host.close().then(() => process.exit(0)));
      setTimeout(() => process.exit(1), 15_000).unref();
    };
    process.on('SIGINT', () => shutdown('SIGINT'));
    process.on('SIGTERM', () => shutdown('SIGTERM'));
  })().catch((error: unknown) => {
    if (error instanceof ConfigError) console.error(error.message);
    else console.error(error);
    process.exit(1);
  });
}

function rejectAllTokens(logger: Logger): TokenVerifier {
  logger.warn('AUTH_JWKS_URL is not set: no token can be verified, so every authenticated route answers 401');
  return {
    async verify() {
      throw unauthorized('no identity provider is configured (AUTH_JWKS_URL)');
    },
  };
}
