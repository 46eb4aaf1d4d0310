#!/usr/bin/env node
/**
 * Runs every benchmark of the workspace ({packages,services,apps}/<name>/bench/*.bench.ts),
 * each in its own Node process with swc compiling TypeScript on the fly (bench-register.cjs),
 * and collects what each reports (one `BENCH {json}` line, see bench/support/kit.ts): figures
 * measured against a baseline run side by side in the same process, with the goals of issue 9.
 *
 *   npm run bench                 every benchmark; writes bench/results/latest.json and the
 *                                 table of docs/benchmarks.md (with the machine it ran on)
 *   npm run bench -- design       only those whose path contains "design"; their results
 *                                 replace the same benchmarks' in latest.json, the rest stay
 *   node scripts/bench.mjs --doc  only regenerates the table of docs/benchmarks.md from latest.json
 *   npm run bench:quick           tiny sizes, seconds each: checks that every benchmark runs and
 *                                 reports well-formed figures (CI); writes reports/bench-quick.json
 *                                 only, never the committed figures
 *
 * Benchmarks that need the real infrastructure report themselves skipped when it is down,
 * except under CI=true (or REQUIRE_REAL_INFRA=1), where that fails the run.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REGISTER = path.join(ROOT, 'scripts', 'bench-register.cjs');
const RESULTS = path.join(ROOT, 'bench', 'results', 'latest.json');
const QUICK_RESULTS = path.join(ROOT, 'reports', 'bench-quick.json');
const DOC = path.join(ROOT, 'docs', 'benchmarks.md');
const QUICK_TIMEOUT_MS = 180_000;

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const filter = args.find((a) => !a.startsWith('--')) ?? '';

function benchFiles() {
  const files = [];
  for (const group of ['packages', 'services', 'apps']) {
    const base = path.join(ROOT, group);
    if (!existsSync(base)) continue;
    for (const name of readdirSync(base).sort()) {
      const dir = path.join(base, name, 'bench');
      if (!existsSync(dir)) continue;
      for (const file of readdirSync(dir).sort()) {
        if (file.endsWith('.bench.ts')) files.push(path.join(dir, file));
      }
    }
  }
  return files.filter((f) => path.relative(ROOT, f).includes(filter));
}

export function machine() {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    loadAverage1m: Math.round(os.loadavg()[0] * 100) / 100,
  };
}

// --- well-formed results ------------------------------------------------------------------------

const finite = (x) => typeof x === 'number' && Number.isFinite(x);
const text = (x) => typeof x === 'string' && x.length > 0;

/** What is wrong with a result (empty when it is well formed). */
export function problemsOf(result) {
  const problems = [];
  if (!result || typeof result !== 'object') return ['not an object'];
  if (!text(result.name)) problems.push('name');
  if (!['ok', 'skipped'].includes(result.status)) problems.push('status');
  if (!Array.isArray(result.figures)) return [...problems, 'figures'];
  if (result.status === 'ok' && result.figures.length === 0) problems.push('no figures');
  if (result.status === 'skipped' && !text(result.reason)) problems.push('a skip without a reason');
  result.figures.forEach((f, i) => {
    const at = `figures[${i}]`;
    if (!text(f.figure)) problems.push(`${at}.figure`);
    if (!finite(f.value)) problems.push(`${at}.value (${f.value})`);
    if (!text(f.unit)) problems.push(`${at}.unit`);
    if (f.baseline !== null && !(text(f.baseline?.what) && finite(f.baseline?.value) && text(f.baseline?.unit)))
      problems.push(`${at}.baseline`);
    if (f.ratio !== null && !finite(f.ratio)) problems.push(`${at}.ratio`);
    if (f.goal !== null && !(text(f.goal?.text) && typeof f.goal?.met === 'boolean')) problems.push(`${at}.goal`);
  });
  if (typeof result.sizes !== 'object' || result.sizes === null) problems.push('sizes');
  if (!Array.isArray(result.notes)) problems.push('notes');
  return problems;
}

// --- running ------------------------------------------------------------------------------------

function runBench(file) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--expose-gc', '--require', REGISTER, file], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, NODE_ENV: 'production', BENCH_QUICK: quick ? '1' : '0' },
    });
    const timer = quick ? setTimeout(() => child.kill('SIGKILL'), QUICK_TIMEOUT_MS) : null;
    let buffered = '';
    const results = [];
    child.stdout.on('data', (chunk) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith('BENCH ')) results.push(JSON.parse(line.slice('BENCH '.length)));
        else if (line.trim()) console.log(`  ${line}`);
      }
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, results, durationMs: Date.now() - started });
    });
  });
}

function show(value, unit) {
  return `${value.toLocaleString('en', { maximumFractionDigits: 2 })} ${unit}`;
}

function printResult(result) {
  console.log(`\n  ${result.name}${result.status === 'skipped' ? ` — skipped: ${result.reason}` : ''}`);
  for (const f of result.figures) {
    const baseline = f.baseline ? `  vs ${show(f.baseline.value, f.baseline.unit)} (${f.baseline.what})` : '';
    const ratio = f.ratio === null ? '' : `  ×${f.ratio}`;
    const goal = f.goal ? `  goal ${f.goal.text}: ${f.goal.met ? 'met' : 'NOT met'}` : '';
    console.log(`    ${f.figure}: ${show(f.value, f.unit)}${baseline}${ratio}${goal}`);
  }
  const sizes = Object.entries(result.sizes ?? {});
  if (sizes.length > 0) console.log(`    (${sizes.map(([k, v]) => `${k} ${v}`).join(', ')})`);
  for (const note of result.notes ?? []) console.log(`    note: ${note}`);
}

// --- writing ------------------------------------------------------------------------------------

async function writeJson(file, value) {
  mkdirSync(path.dirname(file), { recursive: true });
  let json = `${JSON.stringify(value, null, 2)}\n`;
  try {
    // Formatted as the repository's `prettier --check` wants it.
    const prettier = await import('prettier');
    const options = (await prettier.resolveConfig(file)) ?? {};
    json = await prettier.format(json, { ...options, filepath: file });
  } catch {
    // prettier missing: plain JSON is still JSON
  }
  writeFileSync(file, json);
}

const BEGIN = '<!-- bench:begin (generated by scripts/bench.mjs; edit around it) -->';
const END = '<!-- bench:end -->';
const cell = (s) => String(s).replaceAll('|', '\\|').replaceAll('\n', ' ');

export function renderTable(report) {
  const m = report.machine;
  const lines = [
    BEGIN,
    '',
    `Run of ${report.generatedAt.slice(0, 16).replace('T', ' ')} UTC on ${m.cpuModel}, ${m.cores} cores, ` +
      `${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}; load average ${m.loadAverage1m} at the start ` +
      `(a shared machine: other people's builds and tests ran at the same time).`,
    '',
    ...(report.partialRuns ?? []).map(
      (r) =>
        `Re-run since: the benchmarks matching "${r.filter}", ${r.at.slice(0, 16).replace('T', ' ')} UTC ` +
        `(load average ${r.machine.loadAverage1m}).\n`,
    ),
    '| benchmark | figure | measured | baseline (same run) | ratio | goal | met |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of report.results) {
    if (r.status === 'skipped') {
      lines.push(`| ${cell(r.name)} | skipped: ${cell(r.reason)} | | | | | |`);
      continue;
    }
    for (const f of r.figures) {
      const baseline = f.baseline ? `${show(f.baseline.value, f.baseline.unit)} (${f.baseline.what})` : '';
      const met = f.goal ? (f.goal.met ? '✅ yes' : '❌ no') : '';
      lines.push(
        `| ${cell(r.name)} | ${cell(f.figure)} | ${cell(show(f.value, f.unit))} | ${cell(baseline)} | ` +
          `${f.ratio === null ? '' : `×${f.ratio}`} | ${cell(f.goal?.text ?? '')} | ${met} |`,
      );
    }
  }
  lines.push('', '### Sizes and notes of each benchmark', '');
  for (const r of report.results) {
    const sizes = Object.entries(r.sizes ?? {})
      .map(([k, v]) => `${k} ${typeof v === 'number' ? v.toLocaleString('en') : v}`)
      .join(', ');
    lines.push(
      `- **${r.name}** (\`${r.file}\`, ${Math.round(r.durationMs / 1000)} s, ${r.ranAt.slice(0, 16)})${sizes ? `: ${sizes}` : ''}`,
    );
    for (const note of r.notes ?? []) lines.push(`  - ${note}`);
  }
  lines.push('', END);
  return lines.join('\n');
}

function writeDoc(report) {
  const table = renderTable(report);
  const existing = existsSync(DOC) ? readFileSync(DOC, 'utf8') : null;
  if (existing && existing.includes(BEGIN) && existing.includes(END)) {
    const before = existing.slice(0, existing.indexOf(BEGIN));
    const after = existing.slice(existing.indexOf(END) + END.length);
    writeFileSync(DOC, `${before}${table}${after}`);
  } else {
    mkdirSync(path.dirname(DOC), { recursive: true });
    writeFileSync(DOC, `# Benchmarks\n\n\`npm run bench\` measures; this table is regenerated by it.\n\n${table}\n`);
  }
}

// --- main ---------------------------------------------------------------------------------------

async function main() {
  if (args.includes('--doc')) {
    // Regenerates the table of docs/benchmarks.md from bench/results/latest.json, running nothing.
    writeDoc(JSON.parse(readFileSync(RESULTS, 'utf8')));
    return;
  }
  const files = benchFiles();
  if (files.length === 0) {
    console.error(`no benchmark matches "${filter}"`);
    process.exit(1);
  }
  const startedAt = new Date().toISOString();
  const machineAtStart = machine();
  const collected = [];
  let failed = 0;
  for (const file of files) {
    const relative = path.relative(ROOT, file);
    console.log(`▶ ${relative}${quick ? ' (quick)' : ''}`);
    const run = await runBench(file);
    const ranAt = new Date().toISOString();
    for (const result of run.results) {
      const problems = problemsOf(result);
      if (problems.length > 0) {
        failed += 1;
        console.error(`✖ ${relative}: malformed result (${problems.join('; ')})`);
      }
      printResult(result);
      collected.push({ file: relative, ranAt, durationMs: run.durationMs, ...result });
    }
    if (run.code !== 0) {
      failed += 1;
      console.error(`✖ ${relative} exited with ${run.code ?? run.signal}`);
    } else if (run.results.length === 0) {
      failed += 1;
      console.error(`✖ ${relative} reported nothing`);
    }
  }

  const report = { generatedAt: startedAt, quick, machine: machineAtStart, results: collected };
  if (quick) {
    await writeJson(QUICK_RESULTS, report);
    console.log(
      `\nquick run: ${collected.length} results well formed${failed ? `, ${failed} failures` : ''} (${path.relative(ROOT, QUICK_RESULTS)})`,
    );
  } else {
    // A partial run replaces its own benchmarks' results and keeps the others.
    if (filter && existsSync(RESULTS)) {
      const previous = JSON.parse(readFileSync(RESULTS, 'utf8'));
      const ran = new Set(collected.map((r) => r.file));
      report.results = [...previous.results.filter((r) => !ran.has(r.file)), ...collected].sort(
        (a, b) => a.file.localeCompare(b.file) || 0,
      );
      report.machine = previous.machine ?? report.machine;
      report.generatedAt = previous.generatedAt ?? report.generatedAt;
      report.partialRuns = [...(previous.partialRuns ?? []), { at: startedAt, filter, machine: machineAtStart }];
    }
    await writeJson(RESULTS, report);
    writeDoc(report);
    console.log(`\nwrote ${path.relative(ROOT, RESULTS)} and ${path.relative(ROOT, DOC)}`);
  }
  process.exit(failed === 0 ? 0 : 1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
