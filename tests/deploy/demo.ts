/**
 * The demo instance that compose (service `demo`, profile `demo`) and k8s (overlays/dev-demo,
 * Deployment `sanshe-demo`) run beside the distributed installation: the embedded process
 * (apps/embedded) started with its demo flag, sharing nothing with the stack. What the checks
 * in compose.spec.ts, k8s.spec.ts and env.spec.ts hold both deployments to, read from the code.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { EmbeddedConfig } from '../../apps/embedded/src/config';
import { envKeysRead, SERVICE_SETTINGS } from './environments';
import { LIVE_PATH, READY_PATH, readRepoFile, repoRoot, serviceNames } from './support';

export const DEMO = {
  /** The image: the root Dockerfile's target `embedded`. */
  image: 'sanshe/embedded',
  /** The entry point's source; its compiled form is what the containers run. */
  entrySource: 'apps/embedded/src/main.ts',
  /** What main.ts takes as "seed the demo story at start". */
  flag: '--demo',
  composeService: 'demo',
  k8sName: 'sanshe-demo',
  /** overlays/dev-demo publishes it on a host of its own, beside the dev installation's. */
  k8sHost: 'demo.sanshe.localtest.me',
} as const;

/** apps/embedded/src/main.ts as compiled by its tsconfig (rootDir src → outDir dist). */
export function compiledEntry(): string {
  const tsconfig = JSON.parse(readRepoFile('apps/embedded/tsconfig.json')) as {
    compilerOptions: { rootDir: string; outDir: string };
  };
  const { rootDir, outDir } = tsconfig.compilerOptions;
  const prefix = `apps/embedded/${rootDir}/`;
  if (!DEMO.entrySource.startsWith(prefix)) throw new Error(`${DEMO.entrySource} is not under ${prefix}`);
  return `apps/embedded/${outDir}/${DEMO.entrySource.slice(prefix.length).replace(/\.ts$/, '.js')}`;
}

/** The command both deployments must run: node, the compiled entry point, the demo flag. */
export const demoCommand = (): string[] => ['node', compiledEntry(), DEMO.flag];

/**
 * Why the entry point would not do what the deployments count on (empty when it does): it exists,
 * loads EmbeddedConfig, takes the demo flag (or SANSHE_DEMO) and reads AUTH_DEV_TOKENS.
 */
export function entryPointProblems(): string[] {
  if (!existsSync(join(repoRoot, DEMO.entrySource))) return [`${DEMO.entrySource} does not exist`];
  const main = readRepoFile(DEMO.entrySource);
  const expected: Array<[string, RegExp]> = [
    ['loads EmbeddedConfig from the environment', /loadConfig\(EmbeddedConfig, process\.env\)/],
    [`takes ${DEMO.flag} from its arguments`, new RegExp(`process\\.argv[^\\n]*includes\\('${DEMO.flag}'\\)`)],
    ['or SANSHE_DEMO from its configuration', /config\.SANSHE_DEMO/],
    ['reads AUTH_DEV_TOKENS (the demo accounts need development tokens)', /config\.AUTH_DEV_TOKENS/],
    ['starts the embedded system with the demo', /startEmbedded\(\{[^}]*\bdemo\b[^}]*\}\)/],
  ];
  return expected.filter(([, pattern]) => !pattern.test(main)).map(([what]) => `${DEMO.entrySource} no longer ${what}`);
}

/** The health paths the platform's HTTP app serves (the probes must ask these, not the portal's fallback). */
export function servedHealthPaths(): string[] {
  const app = readRepoFile('packages/platform/src/http/app.ts');
  return [LIVE_PATH, READY_PATH].filter((path) => app.includes(`app.get('${path}'`));
}

/**
 * Every variable the embedded process reads: EmbeddedConfig (main.ts) and the four services'
 * settings (system.ts loads each from the same environment).
 */
export const readByEmbedded = (): Set<string> =>
  new Set([...envKeysRead(EmbeddedConfig), ...serviceNames.flatMap((s) => [...envKeysRead(SERVICE_SETTINGS[s].schema)])]);
