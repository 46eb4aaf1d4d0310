import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import { REAL_INFRA } from './infra';
import { percentile, since } from './kit';

/**
 * What the real infrastructure allows at best, measured in the same run as the figure it
 * bounds: raw driver calls against the same MongoDB-wire server (no service code around them),
 * and the CPU each process of the infrastructure spent meanwhile. A goal the server itself
 * cannot reach is then shown as such, with the numbers, rather than guessed at.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const PIDS = path.join(ROOT, '.infra', 'pids');

/** CPU seconds a process has used so far (Linux /proc), or null when it cannot be read. */
function cpuSeconds(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in clock ticks of 1/100 s
  } catch {
    return null;
  }
}

/** The infrastructure's processes started by `npm run infra:up` (their pid files), by name. */
function infraPids(): Record<string, number> {
  const pids: Record<string, number> = {};
  for (const name of ['mongo', 'kafka', 'redis']) {
    const file = path.join(PIDS, `${name}.pid`);
    if (existsSync(file)) pids[name] = Number(readFileSync(file, 'utf8').trim());
  }
  return pids;
}

/**
 * Cores each process used while `work` ran: this process (the service under test) and the
 * infrastructure's (MongoDB-wire server, Kafka, Redis), where their pid files are readable.
 */
export async function coresUsed<T>(work: () => Promise<T>): Promise<{ result: T; cores: Record<string, number> }> {
  const pids = infraPids();
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuSeconds(pid)]));
  const usage = process.cpuUsage();
  const start = process.hrtime.bigint();
  const result = await work();
  const seconds = since(start) / 1000;
  const own = process.cpuUsage(usage);
  const cores: Record<string, number> = { service: (own.user + own.system) / 1e6 / seconds };
  for (const [name, pid] of Object.entries(pids)) {
    const after = cpuSeconds(pid);
    const was = before[name];
    if (after !== null && was !== null && was !== undefined) cores[name] = (after - was) / seconds;
  }
  return { result, cores };
}

export const showCores = (cores: Record<string, number>) =>
  Object.entries(cores)
    .map(([name, used]) => `${name} ${used.toFixed(2)}`)
    .join(' / ');

/**
 * Raw driver inserts of `doc`-shaped documents into a fresh collection of the same server, at a
 * fixed concurrency, for `durationMs`: the most documents per second the server stores when
 * nothing else is asked of it (the write path asks it for more per need).
 */
export async function rawInsertRate(
  dbName: string,
  doc: Record<string, unknown>,
  concurrency: number,
  durationMs: number,
) {
  const connection = await mongoose.createConnection(REAL_INFRA.mongoUrl, { dbName }).asPromise();
  try {
    const collection = connection.db!.collection<{ _id: string }>('raw_inserts');
    let inserted = 0;
    const deadline = Date.now() + durationMs;
    const start = process.hrtime.bigint();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (Date.now() < deadline) {
          await collection.insertOne({ ...doc, _id: randomUUID() });
          inserted += 1;
        }
      }),
    );
    return (inserted / since(start)) * 1000;
  } finally {
    await connection.dropDatabase().catch(() => undefined);
    await connection.close();
  }
}

/** The median time of `query` over `samples` runs, one after the other (ms). */
export async function medianMs(query: () => Promise<unknown>, samples = 30): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = process.hrtime.bigint();
    await query();
    times.push(since(start));
  }
  return percentile(times, 50);
}
