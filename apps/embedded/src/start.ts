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
import { DEFAULT_PORTAL_DIR, mountPortal } from './portal';
import { serviceFactories } from './system';

export interface EmbeddedSystem {
  host: Host;
  issuer: LocalIssuer;
}

/** All four services in one process on the in-process adapters (`npm start`, fast tests). */
export async function startEmbedded(
  options: {
    clock?: Clock;
    logger?: Logger;
    env?: NodeJS.ProcessEnv;
    devTokens?: boolean;
    /** The built portal (apps/portal/dist by default); `false` serves none. */
    portalDir?: string | false;
  } = {},
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
    beforeNotFound: (app) => {
      mountDevAuth(app, issuer, { devTokens: options.devTokens ?? true });
      const portalDir = options.portalDir ?? DEFAULT_PORTAL_DIR;
      if (portalDir !== false && !mountPortal(app, portalDir)) {
        logger.warn({ portalDir }, 'the portal is not built (npm run build); only the APIs are served');
      }
    },
  });
  return { host, issuer };
}
