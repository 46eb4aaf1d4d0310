import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = path.join(__dirname, '../..');

export type InfraComponent = 'kafka' | 'mongo' | 'redis';

export interface ChaosInfraPorts {
  kafka: number;
  kafkaController: number;
  mongo: number;
  redis: number;
}

/** The shared instance everybody else's tests use: the chaos suite must never touch it. */
const SHARED_PORTS = new Set([9092, 9093, 27017, 6379]);
const SHARED_DIR = path.join(ROOT, '.infra');

export interface ChaosInfra {
  dir: string;
  env: { KAFKA_BROKERS: string; MONGO_URL: string; REDIS_URL: string };
  /** Stops one server (SIGTERM, as scripts/infra/down.sh does) and starts it again on its kept data. */
  restart(component: InfraComponent): Promise<void>;
  /** Stops all three; wipes the state directory unless `keep`. */
  down(options?: { keep?: boolean }): Promise<void>;
}

/**
 * A private Kafka + MongoDB-wire server + Redis started by scripts/infra/up.sh on other ports
 * and in its own state directory (INFRA_DIR), with persistence on, so that each can be
 * restarted without losing what it holds: Kafka keeps its log dir (KAFKA_KEEP_DATA), the
 * MongoDB-wire server runs on its H2 backend (MONGO_DATA_FILE), Redis writes an append-only
 * file (REDIS_APPENDONLY). Every start begins from an empty directory.
 */
export async function startChaosInfra(options: { dir: string; ports: ChaosInfraPorts }): Promise<ChaosInfra> {
  const dir = path.resolve(options.dir);
  const { ports } = options;
  const clash = Object.values(ports).filter((p) => SHARED_PORTS.has(p));
  if (clash.length > 0 || dir === SHARED_DIR)
    throw new Error(`the chaos instance must not use the shared instance's ports or directory (${clash.join(', ')})`);
  const env = {
    ...process.env,
    INFRA_DIR: dir,
    KAFKA_PORT: String(ports.kafka),
    KAFKA_CONTROLLER_PORT: String(ports.kafkaController),
    MONGO_PORT: String(ports.mongo),
    REDIS_PORT: String(ports.redis),
    KAFKA_KEEP_DATA: '1',
    MONGO_DATA_FILE: path.join(dir, 'mongo', 'data.mv'),
    REDIS_APPENDONLY: 'yes',
    KAFKA_HEAP_OPTS: '-Xms256m -Xmx512m',
    MONGO_HEAP_OPTS: '-Xms128m -Xmx768m',
  };
  const script = (name: string, ...components: InfraComponent[]) =>
    run('bash', [path.join(ROOT, 'scripts/infra', name), ...components], { env, cwd: ROOT, maxBuffer: 1 << 22 });

  // A previous run that was interrupted may have left its servers running: stop them first.
  await script('down.sh');
  rmSync(dir, { recursive: true, force: true });
  await script('up.sh');
  return {
    dir,
    env: {
      KAFKA_BROKERS: `127.0.0.1:${ports.kafka}`,
      MONGO_URL: `mongodb://127.0.0.1:${ports.mongo}`,
      REDIS_URL: `redis://127.0.0.1:${ports.redis}`,
    },
    async restart(component) {
      await script('down.sh', component);
      await script('up.sh', component);
    },
    async down(opts) {
      await script('down.sh');
      if (!opts?.keep) rmSync(dir, { recursive: true, force: true });
    },
  };
}
