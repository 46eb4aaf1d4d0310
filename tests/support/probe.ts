import net from 'node:net';

/**
 * Where the real infrastructure is (scripts/infra/up.sh starts it on these defaults).
 * tests/support/global-setup.ts probes it once per run: suites written with
 * `describeReal` are skipped (reported as skipped) when it is down, except under CI
 * (CI=true) or REQUIRE_REAL_INFRA=1, where a missing server fails the whole run.
 */
export const REAL_INFRA = {
  kafkaBrokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  mongoUrl: process.env.MONGO_URL ?? 'mongodb://127.0.0.1:27017',
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
};

export const REAL_INFRA_FLAG = 'SANSHE_REAL_INFRA_UP';

function reachable(address: string): Promise<boolean> {
  const url = new URL(address.includes('://') ? address : `tcp://${address}`);
  return new Promise((resolve) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port), timeout: 1000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}

export function realInfraRequired(): boolean {
  return process.env.CI === 'true' || process.env.REQUIRE_REAL_INFRA === '1';
}

export async function probeRealInfra(): Promise<string[]> {
  const checks: Array<[string, string]> = [
    ['kafka', REAL_INFRA.kafkaBrokers[0] ?? ''],
    ['mongo', REAL_INFRA.mongoUrl],
    ['redis', REAL_INFRA.redisUrl],
  ];
  const results = await Promise.all(checks.map(async ([name, address]) => [name, await reachable(address)] as const));
  return results.filter(([, ok]) => !ok).map(([name]) => name);
}
