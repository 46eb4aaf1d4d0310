#!/usr/bin/env node
/**
 * Runs every benchmark of the workspace ({packages,services,apps}/<name>/bench/*.bench.ts),
 * each in its own Node process with swc compiling TypeScript on the fly (bench-register.cjs),
 * and prints what each reports: ratios against a baseline measured in the same process,
 * then absolute timings, for information only.
 *
 *   npm run bench               every benchmark
 *   npm run bench -- design     only those whose path contains "design"
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REGISTER = path.join(ROOT, 'scripts', 'bench-register.cjs');
const filter = process.argv[2] ?? '';

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

function printResult(result) {
  console.log(`\n  ${result.name}`);
  console.log('  ratios (same process, same machine):');
  for (const [what, value] of Object.entries(result.ratios ?? {}))
    console.log(`    ×${String(value).padEnd(8)} ${what}`);
  console.log('  absolute (for information only):');
  for (const [what, value] of Object.entries(result.absolute ?? {}))
    console.log(`    ${String(value).padEnd(12)} ${what}`);
  for (const [what, value] of Object.entries(result.sizes ?? {}))
    console.log(`    ${String(value).padEnd(12)} ${what}`);
}

const files = benchFiles();
if (files.length === 0) {
  console.error(`no benchmark matches "${filter}"`);
  process.exit(1);
}
let failed = 0;
for (const file of files) {
  const relative = path.relative(ROOT, file);
  console.log(`▶ ${relative}`);
  const run = spawnSync(process.execPath, ['--expose-gc', '--require', REGISTER, file], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
    maxBuffer: 64 * 1024 * 1024,
  });
  for (const line of (run.stdout ?? '').split('\n')) {
    if (line.startsWith('BENCH ')) printResult(JSON.parse(line.slice('BENCH '.length)));
    else if (line.trim()) console.log(`  ${line}`);
  }
  if (run.status !== 0) {
    failed += 1;
    console.error(`✖ ${relative} exited with ${run.status ?? run.signal}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
