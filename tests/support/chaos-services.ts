import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, type WriteStream } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { LocalIssuer } from '@sanshe/platform';
import { LOG_CAPTURE_ENV } from '../../packages/platform/src/logger';

const ROOT = path.join(__dirname, '../..');

/** The issuer the processes trust (their AUTH_ISSUER); sign tokens with a LocalIssuer of this name. */
export const FLEET_ISSUER = 'sanshe-chaos-idp';

export const SERVICE_NAMES = ['needs-intake', 'project-design', 'procurement', 'fulfilment'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Which service answers which API prefix. */
export const API_OF: Record<ServiceName, string> = {
  'needs-intake': '/api/intake',
  'project-design': '/api/design',
  procurement: '/api/procurement',
  fulfilment: '/api/fulfilment',
};

/** A service that did not come back by itself after a fault, and what it said. */
export interface StuckService {
  service: ServiceName;
  /** Its /health/ready answer (status and checks) when given up on. */
  ready: string;
  at: string;
  /** The last lines of its log (the MongoDB driver's topology events included). */
  logTail: string[];
}

export interface FleetOptions {
  issuer: LocalIssuer;
  /** Where the servers are (the chaos instance). */
  infra: { KAFKA_BROKERS: string; MONGO_URL: string; REDIS_URL: string };
  ports: Record<ServiceName, number>;
  /** Extra environment for every process (SLA minutes, tender period, …). */
  env: Record<string, string>;
  /** Each service's stdout and stderr are appended to <logDir>/<service>.log, across restarts. */
  logDir: string;
}

/**
 * The four services as their own Node processes (`services/<name>/dist/main.js`, as
 * `npm run start:<service>` runs them), verifying tokens through a JWKS URL, as in
 * tests/e2e/service-processes.spec.ts. A process can be killed with SIGKILL and started
 * again on the same port, database, queue and consumer group.
 */
export class ServiceFleet {
  private readonly children = new Map<ServiceName, ChildProcess>();
  private readonly logs = new Map<ServiceName, WriteStream>();
  private jwks: http.Server | null = null;
  private jwksUrl = '';
  /** Process starts per service (the first one included). */
  readonly starts: Record<ServiceName, number> = {
    'needs-intake': 0,
    'project-design': 0,
    procurement: 0,
    fulfilment: 0,
  };

  constructor(private readonly options: FleetOptions) {}

  url(service: ServiceName): string {
    return `http://127.0.0.1:${this.options.ports[service]}`;
  }

  /** Builds the services if their dist is missing, serves the JWKS, starts every process and waits until ready. */
  async startAll(): Promise<void> {
    if (!SERVICE_NAMES.every((s) => existsSync(path.join(ROOT, 'services', s, 'dist/main.js')))) {
      const build = spawnSync('npx', ['tsc', '-b'], { cwd: ROOT, stdio: 'inherit' });
      if (build.status !== 0) throw new Error('the build failed');
    }
    mkdirSync(this.options.logDir, { recursive: true });
    const { issuer } = this.options;
    this.jwks = http.createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(issuer.jwks()));
    });
    await new Promise<void>((resolve) => this.jwks!.listen(0, '127.0.0.1', resolve));
    this.jwksUrl = `http://127.0.0.1:${(this.jwks.address() as AddressInfo).port}/jwks.json`;
    for (const service of SERVICE_NAMES) this.spawn(service);
    await Promise.all(SERVICE_NAMES.map((s) => this.waitReady(s)));
  }

  private spawn(service: ServiceName): void {
    const { infra, ports, env, logDir } = this.options;
    let log = this.logs.get(service);
    if (!log) {
      log = createWriteStream(path.join(logDir, `${service}.log`), { flags: 'a' });
      this.logs.set(service, log);
    }
    this.starts[service] += 1;
    log.write(`---- start #${this.starts[service]} at ${new Date().toISOString()}\n`);
    const capture = process.env[LOG_CAPTURE_ENV];
    const child = spawn(process.execPath, [path.join(ROOT, 'services', service, 'dist/main.js')], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(ports[service]),
        LOG_LEVEL: 'warn',
        ...infra,
        PII_HASH_KEY: 'a-chaos-test-key-that-is-long-enough',
        PROCUREMENT_MASTER_KEY: 'dGVzdC1vbmx5LXByb2N1cmVtZW50LW1hc3Rlci1rZXk=',
        AUTH_JWKS_URL: this.jwksUrl,
        AUTH_ISSUER: FLEET_ISSUER,
        // The MongoDB driver logs its view of the server (heartbeats, topology changes) to stderr,
        // so a service that does not recover from a database restart can be diagnosed.
        MONGODB_LOG_TOPOLOGY: 'debug',
        MONGODB_LOG_PATH: 'stderr',
        // Their log lines join the run's personal-data scan (tests/support/global-teardown.ts).
        ...(capture ? { [LOG_CAPTURE_ENV]: capture } : {}),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
    this.children.set(service, child);
  }

  /** Until /health/ready answers 200 (store, jobs and bus reachable). */
  async waitReady(service: ServiceName, ms = 180_000): Promise<void> {
    const deadline = Date.now() + ms;
    for (;;) {
      const child = this.children.get(service);
      if (child && child.exitCode !== null)
        throw new Error(`${service} exited with ${child.exitCode} (see ${this.options.logDir}/${service}.log)`);
      const ok = await fetch(`${this.url(service)}/health/ready`, { signal: AbortSignal.timeout(2_000) })
        .then((res) => res.status === 200)
        .catch(() => false);
      if (ok) return;
      if (Date.now() > deadline) throw new Error(`${service} not ready after ${ms} ms`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  async allReady(): Promise<void> {
    await Promise.all(SERVICE_NAMES.map((s) => this.waitReady(s)));
  }

  /**
   * Waits for every service to be ready again after a fault. One that is still not ready after
   * `patienceMs` is stuck: what it reports and logs is recorded, then it is restarted, as an
   * orchestrator would, and the run goes on (the report lists it).
   */
  async recover(patienceMs: number): Promise<StuckService[]> {
    const stuck: StuckService[] = [];
    await Promise.all(
      SERVICE_NAMES.map(async (service) => {
        try {
          await this.waitReady(service, patienceMs);
        } catch {
          const ready = await fetch(`${this.url(service)}/health/ready`, { signal: AbortSignal.timeout(2_000) })
            .then(async (res) => `${res.status} ${await res.text()}`)
            .catch((error: unknown) => String(error));
          const log = readFileSync(path.join(this.options.logDir, `${service}.log`), 'utf8').split('\n');
          stuck.push({ service, ready, at: new Date().toISOString(), logTail: log.slice(-40) });
          await this.killAndRestart(service);
        }
      }),
    );
    return stuck;
  }

  /** kill -9, then the same service again on the same port, until it is ready. */
  async killAndRestart(service: ServiceName): Promise<void> {
    await this.kill(service, 'SIGKILL');
    this.spawn(service);
    await this.waitReady(service);
  }

  private async kill(service: ServiceName, signal: NodeJS.Signals): Promise<number | null> {
    const child = this.children.get(service);
    if (!child || child.exitCode !== null || child.signalCode !== null) return child?.exitCode ?? null;
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill(signal);
    return exited;
  }

  /** SIGTERM to each (a clean stop), SIGKILL for any still running after 20 s. */
  async stopAll(): Promise<void> {
    await Promise.all(
      SERVICE_NAMES.map(async (service) => {
        const timer = setTimeout(() => this.children.get(service)?.kill('SIGKILL'), 20_000);
        await this.kill(service, 'SIGTERM');
        clearTimeout(timer);
      }),
    );
    await new Promise<void>((resolve) => (this.jwks ? this.jwks.close(() => resolve()) : resolve()));
    for (const log of this.logs.values()) log.end();
  }
}
