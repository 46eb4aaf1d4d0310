/**
 * The intake write path in embedded mode: POST /api/intake/needs (token verification, zod
 * validation, the registry and duplicate checks, the SLA jobs, the need stored with its
 * `need.logged` in its outbox, the command audited) at a fixed concurrency, against a bare
 * express app that parses the same JSON body and echoes it, measured in the same process,
 * alternately (echo, system, echo, system), with the same load generator in its own process.
 *
 * Everything the write sets off runs meanwhile in the same process, as it does in `npm start`:
 * the outbox relay (audit chain, in-process bus), project-design's read model, the other
 * consumers. After the load the backlog is drained (host.settle) and its time reported, so a
 * throughput the relay could not follow does not pass unnoticed.
 *
 * Goal (issue 9): requests/s ≥ 35% of the echo server's.
 */
import { createLogger } from '@sanshe/platform';
import { startEmbedded } from '../src/start';
import { atLeast, emit, figure, QUICK, run, since } from '../../../bench/support/kit';
import { echoApp, listen, load, type LoadResult } from '../../../bench/support/load';
import { NEED_BODY, NEEDS_PATH, STAFF } from './support';

const CONCURRENCY = QUICK ? 4 : 16;
const WARMUP_MS = QUICK ? 200 : 2_000;
const DURATION_MS = QUICK ? 1_000 : 10_000;
const ROUNDS = QUICK ? 1 : 2;

type Measured = LoadResult & { cpuMsPerRequest: number };
const best = (results: Measured[]) => results.reduce((a, b) => (b.rps > a.rps ? b : a));

/** Runs a load and the CPU this process (the server) spent per request meanwhile, warm-up included. */
async function withCpu(run: () => Promise<LoadResult>): Promise<Measured> {
  const before = process.cpuUsage();
  const result = await run();
  const cpu = process.cpuUsage(before);
  return { ...result, cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / Math.max(1, result.total) };
}

run(async () => {
  const echo = await listen(echoApp());
  const system = await startEmbedded({
    logger: createLogger({ name: 'bench', level: 'silent' }),
    portalDir: false,
    env: {},
  });
  const server = await listen(system.host.app);
  const token = await system.issuer.sign(STAFF, 3600);

  const echoRuns: Measured[] = [];
  const systemRuns: Measured[] = [];
  let ridFrom = 0;
  let drainMs = 0;
  for (let round = 0; round < ROUNDS; round++) {
    echoRuns.push(
      await withCpu(() =>
        load({
          url: `${echo.url}/echo`,
          body: NEED_BODY,
          concurrency: CONCURRENCY,
          warmupMs: WARMUP_MS,
          durationMs: DURATION_MS,
        }),
      ),
    );
    const result = await withCpu(() =>
      load({
        url: `${server.url}${NEEDS_PATH}`,
        headers: { authorization: `Bearer ${token}` },
        body: NEED_BODY,
        concurrency: CONCURRENCY,
        warmupMs: WARMUP_MS,
        durationMs: DURATION_MS,
        ridFrom,
      }),
    );
    systemRuns.push(result);
    ridFrom += 1_000_000;
    const drained = process.hrtime.bigint();
    await system.host.settle();
    drainMs = Math.max(drainMs, since(drained));
    const bad = Object.entries(result.statuses).filter(([status]) => status !== '201');
    if (bad.length > 0 || result.errors > 0)
      throw new Error(`the write path answered ${JSON.stringify(result.statuses)}, ${result.errors} errors`);
  }
  const needs = await system.host.stores['needs-intake']!.collection('needs').countDocuments({});
  const designed = await system.host.stores['project-design']!.collection('open_needs').countDocuments({});
  await server.close();
  await echo.close();
  await system.host.close();

  const baseline = best(echoRuns);
  const measured = best(systemRuns);
  const share = measured.rps / baseline.rps;
  emit({
    name: 'intake write path, embedded (POST /api/intake/needs)',
    figures: [
      figure(
        `requests/s at concurrency ${CONCURRENCY}`,
        { value: measured.rps, unit: 'req/s' },
        {
          baseline: { what: 'bare express JSON echo', value: baseline.rps, unit: 'req/s' },
          goal: QUICK ? undefined : atLeast(share, 0.35, '≥ 35% of the echo'),
        },
      ),
      figure(
        'p50 latency',
        { value: measured.latencyMs.p50, unit: 'ms' },
        { baseline: { what: 'bare express JSON echo', value: baseline.latencyMs.p50, unit: 'ms' } },
      ),
      figure(
        'p99 latency',
        { value: measured.latencyMs.p99, unit: 'ms' },
        { baseline: { what: 'bare express JSON echo', value: baseline.latencyMs.p99, unit: 'ms' } },
      ),
      figure(
        'CPU of the serving process per request (relay and consumers included)',
        { value: measured.cpuMsPerRequest, unit: 'ms' },
        { baseline: { what: 'bare express JSON echo', value: baseline.cpuMsPerRequest, unit: 'ms' } },
      ),
      figure('outbox and consumers drained after the load (longest)', { value: drainMs, unit: 'ms' }),
    ],
    sizes: {
      concurrency: CONCURRENCY,
      warmupMs: WARMUP_MS,
      durationMs: DURATION_MS,
      rounds: ROUNDS,
      needsStored: needs,
      needsInDesignReadModel: designed,
      systemRps: systemRuns.map((r) => r.rps).join(' / '),
      echoRps: echoRuns.map((r) => r.rps).join(' / '),
    },
  });
});
