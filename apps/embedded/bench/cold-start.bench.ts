/**
 * Embedded cold start and resident memory: `node apps/embedded/dist/main.js` (what `npm start`
 * runs, all four services in one process) from spawning the process to `/health/ready`
 * answering 200, and its resident set size (VmRSS) once ready and after logging needs through
 * the API. Baseline, measured alternately in the same run: a bare express process with a JSON
 * echo route, spawned and probed the same way.
 *
 * The compiled build is used when it exists (`npm run build`, or `tsc -b` as `npm test` runs
 * it); without one the sources run through swc, which adds their compilation to the start.
 *
 * Goals (issue 9): ready within 5 s; resident memory ≤ 350 MB.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { atMost, emit, figure, percentile, QUICK, run, sleep, since } from '../../../bench/support/kit';
import { load } from '../../../bench/support/load';
import { NEED_BODY, NEEDS_PATH, STAFF } from './support';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const DIST = path.join(ROOT, 'apps', 'embedded', 'dist', 'main.js');
const REGISTER = path.join(ROOT, 'scripts', 'bench-register.cjs');
const ROUNDS = QUICK ? 1 : 3;
const NEEDS = QUICK ? 100 : 2_000;

const ECHO = `
const express = require('express');
const app = express();
app.use(express.json());
app.post('/echo', (req, res) => res.status(201).json(req.body));
app.get('/health/ready', (_req, res) => res.json({ status: 'ready' }));
app.listen(Number(process.env.PORT), '127.0.0.1');
`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** VmRSS of a process, in MB. */
function rssMb(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1] ?? Number.NaN) / 1024;
}

interface Started {
  child: ChildProcess;
  url: string;
  readyMs: number;
  rssMb: number;
}

/** Spawns a process and probes /health/ready every 10 ms until it answers 200. */
async function start(args: string[], env: NodeJS.ProcessEnv): Promise<Started> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const begin = process.hrtime.bigint();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/health/ready`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`${args.join(' ')} not ready within 120 s`);
    await sleep(10);
  }
  const readyMs = since(begin);
  await sleep(500); // what it holds once settled, not mid-way through its last allocations
  return { child, url, readyMs, rssMb: rssMb(child.pid!) };
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, sleep(15_000)]);
  if (child.exitCode === null) child.kill('SIGKILL');
}

run(async () => {
  const compiled = existsSync(DIST);
  const embeddedArgs = compiled
    ? [DIST]
    : ['--require', REGISTER, path.join(ROOT, 'apps', 'embedded', 'src', 'main.ts')];
  const embeddedEnv = { NODE_ENV: 'development', AUTH_DEV_TOKENS: 'true', LOG_LEVEL: 'warn' };
  const echo: Started[] = [];
  const embedded: Started[] = [];
  let afterNeeds = Number.NaN;
  for (let round = 0; round < ROUNDS; round++) {
    const e = await start(['-e', ECHO], { NODE_ENV: 'production' });
    echo.push(e);
    await stop(e.child);
    const s = await start(embeddedArgs, embeddedEnv);
    embedded.push(s);
    if (round === ROUNDS - 1) {
      // What the process holds after some work: needs logged through the API, all their consequences settled.
      const res = await fetch(`${s.url}/api/auth/dev-token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(STAFF),
      });
      const { token } = (await res.json()) as { token: string };
      const result = await load({
        url: `${s.url}${NEEDS_PATH}`,
        headers: { authorization: `Bearer ${token}` },
        body: NEED_BODY,
        concurrency: 4,
        warmupMs: 0,
        durationMs: 60_000,
        maxRequests: NEEDS,
      });
      if (result.completed < NEEDS) throw new Error(`only ${result.completed} of ${NEEDS} needs logged`);
      await sleep(2_000);
      afterNeeds = rssMb(s.child.pid!);
    }
    await stop(s.child);
  }

  const median = (xs: number[]) => percentile(xs, 50);
  const ready = median(embedded.map((s) => s.readyMs));
  const rss = Math.max(...embedded.map((s) => s.rssMb));
  emit({
    name: 'embedded cold start and resident memory (npm start)',
    figures: [
      figure(
        'cold start: spawn to /health/ready (median)',
        { value: ready, unit: 'ms' },
        {
          baseline: { what: 'bare express echo process', value: median(echo.map((e) => e.readyMs)), unit: 'ms' },
          goal: QUICK ? undefined : atMost(ready, 5_000, '≤ 5 s'),
        },
      ),
      figure(
        'resident memory once ready (largest)',
        { value: rss, unit: 'MB' },
        {
          baseline: { what: 'bare express echo process', value: Math.max(...echo.map((e) => e.rssMb)), unit: 'MB' },
          goal: QUICK ? undefined : atMost(rss, 350, '≤ 350 MB'),
        },
      ),
      figure(
        `resident memory after ${NEEDS.toLocaleString('en')} needs logged`,
        { value: afterNeeds, unit: 'MB' },
        {
          baseline: { what: 'the same process once ready', value: embedded[embedded.length - 1]!.rssMb, unit: 'MB' },
          goal: QUICK ? undefined : atMost(afterNeeds, 350, '≤ 350 MB'),
        },
      ),
    ],
    sizes: {
      rounds: ROUNDS,
      build: compiled ? 'apps/embedded/dist (compiled)' : 'sources through swc (no build)',
      readyMs: embedded.map((s) => Math.round(s.readyMs)).join(' / '),
      needsLogged: NEEDS,
    },
  });
});
