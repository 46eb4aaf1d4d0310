/**
 * Funders' views at 1,000,000 service records. The figures are ratios against baselines
 * measured in this same process:
 *   - the view read from the projection at 1,000,000 records against 100,000 (flat means ×1);
 *   - a naive view (scan every service record and contract, aggregate) against the projection,
 *     same answer, at 1,000,000 records;
 *   - projecting one event, at 1,000,000 against the first 100,000 (flat means ×1).
 * Every record goes through the real projection (src/app/funding-projection.ts) on the
 * embedded store. Absolute times are printed for information only.
 *
 * Run with `npm run bench` (scripts/bench.mjs), or `npm run bench -- fulfilment`;
 * BENCH_RECORDS sets the size (default 1,000,000). Building the projection goes through the
 * embedded store at about 1–2 ms per record (it clones each document it updates), so the
 * default size takes about half an hour; BENCH_RECORDS=100000 takes a few minutes.
 */
import { createEmbeddedStore } from '@sanshe/platform';
import { createRepositories, type Repositories } from '../src/adapters/store/repositories';
import { fundingProjection } from '../src/app/funding-projection';
import { fundingView } from '../src/app/funding-view';
import { areaLevels } from '../src/domain/funding';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const CHECKPOINT = Math.min(100_000, RECORDS / 10);
const CONTRACTS = 2_000;
const PROGRAMME = 'programme-1';
const CATEGORIES = ['elderly_care', 'child_care', 'rehabilitation', 'psychological_care', 'hardship_aid', 'employment'];

/** mulberry32: deterministic, so every run projects the same records. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface RawRecord {
  contractId: string;
  needId: string;
  hours: number;
  deliveredOn: string;
}

async function time(fn: () => Promise<unknown>, runs: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

/** What a view costs without projections: read every record and contract, aggregate by community. */
async function naiveView(repos: Repositories, records: RawRecord[]) {
  const contracts = new Map((await repos.funding.contracts.find({ programmeId: PROGRAMME })).map((c) => [c._id, c]));
  const rows = new Map<string, { hours: number; records: number; needs: Set<string> }>();
  for (const r of records) {
    const c = contracts.get(r.contractId);
    if (!c) continue;
    const row = rows.get(c.communityCode) ?? { hours: 0, records: 0, needs: new Set<string>() };
    row.hours += r.hours;
    row.records += 1;
    row.needs.add(`${r.contractId}|${r.needId}`);
    rows.set(c.communityCode, row);
  }
  return rows;
}

const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
const n = (x: number) => x.toLocaleString('en');
const ratio = (a: number, b: number) => Math.round((a / b) * 10) / 10;

async function main(): Promise<void> {
  const rnd = random(7);
  const repos = createRepositories(createEmbeddedStore());
  await repos.setup();
  const deps = { repos };
  await fundingProjection.programmeOpened(deps, {
    programmeId: PROGRAMME,
    name: '基准',
    funderCode: 'FUNDER',
    funderName: '资助方',
    fiscalYear: 2026,
    mode: 'government_purchase',
    budgetFen: 10_000_000_00,
    matchingPercent: 0,
    maxGrantFen: null,
    openedAt: '2026-01-01T00:00:00.000Z',
  });
  for (let k = 0; k < 72; k++)
    await fundingProjection.projectPublished(deps, {
      projectId: `project-${k}`,
      programmeId: PROGRAMME,
      title: '项目',
      category: CATEGORIES[k % CATEGORIES.length]!,
      communityCodes: [`XZ-D${k % 3}-S${k % 12}-${String(k).padStart(2, '0')}`],
      needIds: ['n'],
      budgetFen: 100_000_00,
      fundingMode: 'venture_funding',
      tranches: [{ percent: 100, milestone: 'signing' }],
      publishedAt: '2026-01-01T00:00:00.000Z',
    });
  const contractIds: string[] = [];
  for (let i = 0; i < CONTRACTS; i++) {
    const contractId = `contract-${i}`;
    contractIds.push(contractId);
    await fundingProjection.grantContracted(deps, {
      contractId,
      roundId: 'round-1',
      grantId: `grant-${i}`,
      programmeId: PROGRAMME,
      projectId: `project-${i % 72}`,
      organisationId: `org-${i % 150}`,
      organisationName: `机构${i % 150}`,
      category: CATEGORIES[i % CATEGORIES.length]!,
      valueFen: 100_000_00,
      signedAt: '2026-01-01T00:00:00.000Z',
    });
  }

  const records: RawRecord[] = [];
  let projectFirst = 0;
  let projectRest = 0;
  let view100k = 0;
  let naive100k = 0;
  const query = { programmeId: PROGRAMME, by: 'community' as const, period: 'all' };
  for (let i = 0; i < RECORDS; i++) {
    const contractId = contractIds[Math.floor(rnd() * CONTRACTS)]!;
    const record = {
      contractId,
      needId: `need-${Math.floor(rnd() * 50)}`,
      hours: 0.5 + Math.floor(rnd() * 8) / 2,
      deliveredOn: `2026-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-15`,
    };
    records.push(record);
    const start = process.hrtime.bigint();
    await fundingProjection.serviceRecorded(deps, { ...record, recordId: `r-${i}` });
    const spent = Number(process.hrtime.bigint() - start) / 1e6;
    if (i < CHECKPOINT) projectFirst += spent;
    else projectRest += spent;
    if (i + 1 === CHECKPOINT) {
      view100k = await time(() => fundingView(deps, query), 15);
      naive100k = await time(() => naiveView(repos, records), 5);
    }
  }
  const view1m = await time(() => fundingView(deps, query), 15);
  const naive1m = await time(() => naiveView(repos, records), 3);

  // Same answer: the projection and the naive scan agree on every community.
  const projected = await fundingView(deps, query);
  const naive = await naiveView(repos, records);
  for (const row of projected.rows) {
    const n = naive.get(row.key);
    if (
      !n ||
      n.records !== row.serviceRecords ||
      n.needs.size !== row.beneficiaries ||
      Math.abs(n.hours - row.serviceHours) > 1e-6
    )
      throw new Error(`the naive view disagrees on ${row.key}`);
  }
  if (projected.totals.serviceRecords !== RECORDS)
    throw new Error(`projected ${projected.totals.serviceRecords} records`);
  const perEventFirst = (projectFirst / CHECKPOINT) * 1000;
  const perEventRest = (projectRest / (RECORDS - CHECKPOINT)) * 1000;

  const result = {
    name: `fulfilment funders' view (projection) at ${n(RECORDS)} service records`,
    ratios: {
      [`view by community: ${n(RECORDS)} vs ${n(CHECKPOINT)} records (flat = ×1)`]: ratio(view1m, view100k),
      [`naive scan / projection, ${n(RECORDS)} records (same answer)`]: ratio(naive1m, view1m),
      [`naive scan: ${n(RECORDS)} vs ${n(CHECKPOINT)} records (linear = ×${RECORDS / CHECKPOINT})`]: ratio(
        naive1m,
        naive100k,
      ),
      [`projecting one record: the rest vs the first ${n(CHECKPOINT)}`]: ratio(perEventRest, perEventFirst),
    },
    absolute: {
      [`view by community from the projection, ${n(CHECKPOINT)} records`]: fmt(view100k),
      [`view by community from the projection, ${n(RECORDS)} records`]: fmt(view1m),
      [`naive scan, ${n(CHECKPOINT)} records`]: fmt(naive100k),
      [`naive scan, ${n(RECORDS)} records`]: fmt(naive1m),
      [`projecting one service record on the embedded store (mean, first ${n(CHECKPOINT)})`]: `${perEventFirst.toFixed(1)} µs`,
      'projecting one service record on the embedded store (mean, the rest)': `${perEventRest.toFixed(1)} µs`,
    },
    sizes: {
      records: RECORDS,
      contracts: CONTRACTS,
      communities: projected.rows.length,
      buckets: await repos.funding.buckets.countDocuments({}),
      streets: new Set(projected.rows.map((r) => areaLevels(r.key).street)).size,
    },
  };
  process.stdout.write(`BENCH ${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
