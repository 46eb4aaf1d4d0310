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
import { createDemoClock, seedDemo, type DemoSummary } from './demo/seed';
import { DEFAULT_PORTAL_DIR, mountPortal } from './portal';
import { serviceFactories } from './system';

export interface EmbeddedSystem {
  host: Host;
  issuer: LocalIssuer;
  /** What the demo seed told, when started with `demo: true`. */
  demo: DemoSummary | null;
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
    /**
     * Seeds six months of demo data through the APIs before returning (`src/demo/`); the system
     * then runs on a clock that played that history forward and now follows real time.
     */
    demo?: boolean;
  } = {},
): Promise<EmbeddedSystem> {
  const logger = options.logger ?? createLogger({ name: 'sanshe', level: 'silent' });
  if (options.demo && options.clock) throw new Error('a demo start brings its own clock');
  if (options.demo && options.devTokens === false)
    throw new Error('the demo needs the demo accounts, which exist only with development tokens');
  const demoClock = options.demo ? createDemoClock() : null;
  const organisationLinks = new Map<string, string>();
  const issuer = await createLocalIssuer();
  const factories = serviceFactories(options.env);
  const host = await startHost({
    mode: { kind: 'embedded' },
    services: [factories.intake, factories.design, factories.procurement, factories.fulfilment],
    logger,
    clock: demoClock ?? options.clock ?? systemClock,
    verifier: issuer.verifier,
    beforeNotFound: (app) => {
      mountDevAuth(app, issuer, { devTokens: options.devTokens ?? true, organisationLinks });
      const portalDir = options.portalDir ?? DEFAULT_PORTAL_DIR;
      if (portalDir !== false && !mountPortal(app, portalDir)) {
        logger.warn({ portalDir }, 'the portal is not built (npm run build); only the APIs are served');
      }
    },
  });
  if (!demoClock) return { host, issuer, demo: null };
  const close = host.close.bind(host);
  host.close = async () => {
    demoClock.stop();
    await close();
  };
  const demo = await seedDemo({
    host,
    clock: demoClock,
    logger: options.logger ?? null,
    linkAccount: (username, organisationId) => organisationLinks.set(username, organisationId),
  });
  return { host, issuer, demo };
}
