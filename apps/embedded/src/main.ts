import { ConfigError, createLogger, loadConfig } from '@sanshe/platform';
import { EmbeddedConfig } from './config';
import { startEmbedded } from './start';

async function main(): Promise<void> {
  const config = loadConfig(EmbeddedConfig, process.env);
  const logger = createLogger({ name: 'sanshe', level: config.LOG_LEVEL });
  const devTokens = config.AUTH_DEV_TOKENS ? config.AUTH_DEV_TOKENS === 'true' : config.NODE_ENV !== 'production';
  const demo = process.argv.slice(2).includes('--demo') || config.SANSHE_DEMO === '1' || config.SANSHE_DEMO === 'true';
  if (demo) logger.info('seeding the demo data: six months of needs, projects, tenders and contracts');
  const { host } = await startEmbedded({ logger, devTokens, demo });
  const server = host.app.listen(config.PORT, config.HOST, () => {
    logger.info(
      { port: config.PORT, mode: 'embedded', devTokens, demo },
      `Sanshe is running on http://localhost:${config.PORT}`,
    );
  });
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    server.close(() => void host.close().then(() => process.exit(0)));
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  // Configuration problems are the user's to fix: say what, without a stack trace.
  if (error instanceof ConfigError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
