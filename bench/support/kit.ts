/**
 * What every benchmark reports, in one shape, so that scripts/bench.mjs can collect the results
 * into bench/results/latest.json and the table of docs/benchmarks.md.
 *
 * A figure is measured against a baseline run side by side in the same process, on the same
 * machine, at the same time (the machine is shared: absolute figures move with its load, ratios
 * much less). Each figure may carry the goal of issue 9 and whether it is met.
 */
export const QUICK = process.env.BENCH_QUICK === '1';

export interface Measure {
  value: number;
  unit: string;
}

export interface Figure {
  /** What is measured ("intake write path: requests/s at concurrency 16"). */
  figure: string;
  value: number;
  unit: string;
  /** The same thing measured on the baseline in the same run. */
  baseline: (Measure & { what: string }) | null;
  /** value / baseline (or the reverse where lower is better: said in `figure`). */
  ratio: number | null;
  goal: { text: string; met: boolean } | null;
}

export interface BenchResult {
  name: string;
  status: 'ok' | 'skipped';
  /** Why a benchmark did not run (e.g. the real infrastructure is down outside CI). */
  reason?: string;
  quick: boolean;
  figures: Figure[];
  /** Sizes and settings of the run (records, concurrency, durations). */
  sizes: Record<string, number | string>;
  notes: string[];
}

export function figure(
  what: string,
  measured: Measure,
  options: { baseline?: Measure & { what: string }; ratio?: number; goal?: { text: string; met: boolean } } = {},
): Figure {
  const ratio =
    options.ratio ??
    (options.baseline && options.baseline.value !== 0 ? measured.value / options.baseline.value : null);
  return {
    figure: what,
    value: round(measured.value),
    unit: measured.unit,
    baseline: options.baseline ? { ...options.baseline, value: round(options.baseline.value) } : null,
    ratio: ratio === null ? null : round(ratio, 3),
    goal: options.goal ?? null,
  };
}

/** Goals: "at least" and "at most", with the text the table shows. */
export const atLeast = (value: number, min: number, text: string) => ({ text, met: value >= min });
export const atMost = (value: number, max: number, text: string) => ({ text, met: value <= max });

/** Hands the result to the runner (one line on stdout) and leaves. */
export function emit(result: Omit<BenchResult, 'quick' | 'status' | 'notes'> & { notes?: string[] }): void {
  const full: BenchResult = { status: 'ok', quick: QUICK, notes: [], ...result };
  process.stdout.write(`BENCH ${JSON.stringify(full)}\n`);
}

export function emitSkipped(name: string, reason: string): void {
  const result: BenchResult = { name, status: 'skipped', reason, quick: QUICK, figures: [], sizes: {}, notes: [] };
  process.stdout.write(`BENCH ${JSON.stringify(result)}\n`);
}

/** Runs a benchmark's main; a failure prints and exits non-zero (the runner reports it). */
export function run(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** The p-th percentile (nearest rank) of samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Milliseconds since `start` (process.hrtime.bigint()). */
export const since = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

/** Polls until `check` holds; throws after `withinMs`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, withinMs = 60_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${withinMs} ms: ${what}`);
    await sleep(20);
  }
}

/** mulberry32: a small deterministic generator, so every run uses the same data. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
