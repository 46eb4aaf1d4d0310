import {
  createLocalIssuer,
  createLogger,
  startHost,
  systemClock,
  type Clock,
  type Host,
  type LocalIssuer,
  type Logger,
} from '@sanshe/platform';
import { mountDevAuth } from './dev-auth';
import { serviceFactories } from './system';

export interface EmbeddedSystem {
  host: Host;
  issuer: LocalIssuer;
}

/** All four services in one process on the in-process adapters (`npm start`, fast tests). */
export async function startEmbedded(
  options: { clock?: Clock; logger?: Logger; env?: NodeJS.ProcessEnv; devTokens?: boolean } = {},
): Promise<EmbeddedSystem> {
  const logger = options.logger ?? createLogger({ name: 'sanshe', level: 'silent' });
  const issuer = await createLocalIssuer();
  const factories = serviceFactories(options.env);
  const host = await startHost({
    mode: { kind: 'embedded' },
    services: [factories.intake, factories.design, factories.procurement, factories.fulfilment],
    logger,
    clock: options.clock ?? systemClock,
    verifier: issuer.verifier,
    beforeNotFound: (app) => mountDevAuth(app, issuer, { devTokens: options.devTokens ?? true }),
  });
  return { host, issuer };
}
