#!/usr/bin/env node
/**
 * A small HTTP load generator for the benchmarks (autocannon is not a dependency): run as its
 * own process, so the server under test keeps its event loop (and, on two cores, a core) to
 * itself. Two modes:
 *
 *   closed loop  `concurrency` requests in flight at all times (each worker sends the next
 *                request when its answer arrives): throughput and latency at fixed concurrency;
 *   open loop    `rate` requests per second on a fixed schedule, whatever the answers do
 *                (latency at a fixed arrival rate, as real clients behave).
 *
 * The plan is one JSON argument; the result is one JSON line on stdout:
 *
 *   { url, method?, headers?, body?, concurrency?, rate?, warmupMs, durationMs, ridFrom?, maxRequests? }
 *   → { total (warm-up included), sent, completed, unfinished, errors, statuses, durationMs,
 *       rps (answered within the window, per second), latencyMs: { p50, p90, p99, max, mean } }
 *
 * The body may hold `__RID__` (replaced by a distinct valid resident ID number per request,
 * numbered from `ridFrom`) and `__N__` (the request's sequence number), so that every request
 * logs a new need rather than linking a duplicate.
 */
import http from 'node:http';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';
const DAY = 86_400_000;
const FIRST_BIRTHDAY = Date.UTC(1940, 0, 1);

/** The n-th resident ID number: area 110105, a birth date from 1940 on, 1,000 per day (GB 11643-1999). */
export function residentId(n) {
  const birth = new Date(FIRST_BIRTHDAY + Math.floor(n / 1000) * DAY).toISOString().slice(0, 10).replaceAll('-', '');
  const first17 = `110105${birth}${String(n % 1000).padStart(3, '0')}`;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return first17 + CHECK[sum % 11];
}

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function runLoad(plan) {
  const url = new URL(plan.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: plan.concurrency ?? 256 });
  const headers = { ...(plan.headers ?? {}) };
  const template = plan.body === undefined ? null : JSON.stringify(plan.body);
  if (template !== null) headers['content-type'] = 'application/json';
  let n = 0;
  let recording = false;
  let stopping = false;
  const latencies = [];
  const statuses = {};
  let errors = 0;
  let sent = 0;
  let answeredInWindow = 0;
  /** Start times of requests sent while measuring and not answered yet. */
  const pending = new Map();

  function bodyFor(seq) {
    if (template === null) return null;
    return template.replaceAll('__RID__', residentId((plan.ridFrom ?? 0) + seq)).replaceAll('__N__', String(seq));
  }

  function once() {
    const seq = n++;
    const body = bodyFor(seq);
    const counted = recording;
    if (counted) sent += 1;
    const start = process.hrtime.bigint();
    if (counted) pending.set(seq, start);
    return new Promise((resolve) => {
      const req = http.request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname + url.search,
          method: plan.method ?? (body === null ? 'GET' : 'POST'),
          agent,
          headers: body === null ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.on('data', () => undefined);
          res.on('end', () => {
            // Throughput: every answer within the window. Latency: every request sent within it, whenever
            // it is answered (so it includes any queueing).
            if (recording) answeredInWindow += 1;
            if (counted && pending.delete(seq)) {
              latencies.push(Number(process.hrtime.bigint() - start) / 1e6);
              statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
            }
            resolve();
          });
        },
      );
      req.on('error', () => {
        if (counted && pending.delete(seq)) errors += 1;
        resolve();
      });
      if (body !== null) req.write(body);
      req.end();
    });
  }

  const inFlight = new Set();
  function track(promise) {
    inFlight.add(promise);
    void promise.finally(() => inFlight.delete(promise));
  }

  let measuredFrom = 0n;
  let measuredTo = 0n;
  const startRecording = () => {
    recording = true;
    measuredFrom = process.hrtime.bigint();
  };
  // Without a warm-up the first request counts already.
  if (!plan.warmupMs) startRecording();
  const warmup = plan.warmupMs
    ? new Promise((resolve) => setTimeout(() => resolve(startRecording()), plan.warmupMs))
    : Promise.resolve();
  let finish = () => undefined;
  const done = warmup.then(
    () =>
      new Promise((resolve) => {
        const timer = setTimeout(() => finish(), plan.durationMs);
        finish = () => {
          clearTimeout(timer);
          if (stopping) return;
          measuredTo = process.hrtime.bigint();
          recording = false;
          stopping = true;
          resolve();
        };
      }),
  );
  const more = () => !stopping && (plan.maxRequests === undefined || n < plan.maxRequests);

  if (plan.rate) {
    // Open loop: the i-th request is due at start + i / rate, late or not.
    const start = performance.now();
    let i = 0;
    await new Promise((resolve) => {
      const tick = () => {
        if (stopping) return resolve();
        const due = Math.floor(((performance.now() - start) / 1000) * plan.rate);
        while (i < due) {
          i += 1;
          track(once());
        }
        setTimeout(tick, Math.max(1, Math.min(10, 1000 / plan.rate)));
      };
      tick();
    });
  } else {
    const worker = async () => {
      while (more()) await once();
    };
    await Promise.all(Array.from({ length: plan.concurrency ?? 1 }, worker));
    // Stopped by maxRequests: the last answers are in, the measurement ends here.
    await warmup;
    finish();
  }
  await done;
  // Answers still on their way are waited for, up to drainMs; what is left by then is counted as
  // unfinished, with its age as latency (a lower bound), so an overloaded server cannot look fast.
  let drainTimer;
  await Promise.race([
    Promise.all([...inFlight]),
    new Promise((resolve) => (drainTimer = setTimeout(resolve, plan.drainMs ?? 30_000))),
  ]);
  clearTimeout(drainTimer);
  const unfinished = pending.size;
  const now = process.hrtime.bigint();
  for (const start of pending.values()) latencies.push(Number(now - start) / 1e6);
  if (unfinished > 0) statuses.unfinished = unfinished;
  pending.clear();
  agent.destroy();

  const durationMs = Number(measuredTo - measuredFrom) / 1e6;
  latencies.sort((a, b) => a - b);
  const round = (x) => (x === null ? null : Math.round(x * 100) / 100);
  return {
    total: n,
    sent,
    completed: latencies.length - unfinished,
    unfinished,
    errors,
    statuses,
    durationMs: round(durationMs),
    rps: round((answeredInWindow / durationMs) * 1000),
    latencyMs: {
      p50: round(percentile(latencies, 50)),
      p90: round(percentile(latencies, 90)),
      p99: round(percentile(latencies, 99)),
      max: round(latencies[latencies.length - 1] ?? null),
      mean: round(latencies.length ? latencies.reduce((a, b) => a + b, 0) / latencies.length : null),
    },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const plan = JSON.parse(process.argv[2] ?? '{}');
  runLoad(plan).then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
