/**
 * The funders' spending view at 1,000,000 service records, read from the buckets the real
 * projection (src/app/funding-projection.ts) built on the embedded store. Every record goes
 * through the projection's own code: its batch path (`serviceRecordedBatch`, 1,000 records per
 * call, one upsert per bucket per batch), which a first stretch of records checks against the
 * one-by-one path (same buckets, to the counter) and times against it. Baselines, measured in
 * this same process:
 *   - the view at 1,000,000 records against the view at 100,000 (flat = ×1);
 *   - the view against a naive view that scans every record and contract (same answer);
 *   - projecting in batches against projecting one by one (records per second).
 *
 * Goal (issue 9): the view's p95 ≤ 100 ms at 1,000,000 records.
 *
 * Run with `npm run bench -- fulfilment`; BENCH_RECORDS sets the size (default 1,000,000;
 * `npm run bench:quick` uses 20,000).
 */
import { createEmbeddedStore } from '@sanshe/platform';
import { atMost, emit, figure, percentile, QUICK, random, run, since } from '../../../bench/support/kit';
import { createRepositories, type Repositories } from '../src/adapters/store/repositories';
import { fundingProjection } from '../src/app/funding-projection';
import { fundingView } from '../src/app/funding-view';
import { areaLevels } from '../src/domain/funding';

const RECORDS = Number(process.env.BENCH_RECORDS ?? (QUICK ? 20_000 : 1_000_000));
const CHECKPOINT = RECORDS / 10;
const BATCH = 1_000;
/** Records projected both ways, to compare the paths' buckets and speed. */
const COMPARED = Math.min(QUICK ? 2_000 : 20_000, CHECKPOINT);
const VIEW_SAMPLES = QUICK ? 20 : 200;
const CONTRACTS = 2_000;
const PROGRAMME = 'programme-1';
const CATEGORIES = ['elderly_care', 'child_care', 'rehabilitation', 'psychological_care', 'hardship_aid', 'employment'];
const QUERY = { programmeId: PROGRAMME, by: 'community' as const, period: 'all' };

interface RawRecord {
  recordId: string;
  contractId: string;
  needId: string;
  hours: number;
  deliveredOn: string;
}

/** The programme, 72 projects over 3 districts and 2,000 contracts with 150 organisations. */
async function world(): Promise<{ repos: Repositories; deps: { repos: Repositories } }> {
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
  for (let i = 0; i < CONTRACTS; i++)
    await fundingProjection.grantContracted(deps, {
      contractId: `contract-${i}`,
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
  return { repos, deps };
}

function makeRecords(count: number): RawRecord[] {
  const rnd = random(7);
  return Array.from({ length: count }, (_, i) => ({
    recordId: `r-${i}`,
    contractId: `contract-${Math.floor(rnd() * CONTRACTS)}`,
    needId: `need-${Math.floor(rnd() * 50)}`,
    hours: 0.5 + Math.floor(rnd() * 8) / 2,
    deliveredOn: `2026-${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}-15`,
  }));
}

/** Projects records[from, to) through the batch path. */
async function projectBatched(deps: { repos: Repositories }, records: RawRecord[], from: number, to: number) {
  for (let i = from; i < to; i += BATCH)
    await fundingProjection.serviceRecordedBatch(deps, records.slice(i, Math.min(to, i + BATCH)));
}

/** What a view costs without projections: read every record and contract, aggregate by community. */
async function naiveView(repos: Repositories, records: readonly RawRecord[]) {
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

/** Wall times of `runs` calls after two warm-up calls. */
async function samples(fn: () => Promise<unknown>, runs: number): Promise<number[]> {
  for (let i = 0; i < 2; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await fn();
    out.push(since(start));
  }
  return out;
}

const n = (x: number) => x.toLocaleString('en');

run(async () => {
  const records = makeRecords(RECORDS);

  // The two paths over the same first records: same buckets, and how much faster batches are.
  const oneByOne = await world();
  let start = process.hrtime.bigint();
  for (const record of records.slice(0, COMPARED)) await fundingProjection.serviceRecorded(oneByOne.deps, record);
  const oneByOneMs = since(start);
  const { repos, deps } = await world();
  start = process.hrtime.bigint();
  await projectBatched(deps, records, 0, COMPARED);
  const batchedMs = since(start);
  const bucketsOf = async (r: Repositories) =>
    JSON.stringify(await r.funding.buckets.find({}, { sort: { _id: 1 } }), (_k, v: unknown) =>
      typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v,
    );
  if ((await bucketsOf(oneByOne.repos)) !== (await bucketsOf(repos)))
    throw new Error('the batch path built other buckets than the one-by-one path');

  await projectBatched(deps, records, COMPARED, CHECKPOINT);
  const viewAtCheckpoint = await samples(() => fundingView(deps, QUERY), VIEW_SAMPLES);
  const naiveAtCheckpoint = await samples(() => naiveView(repos, records.slice(0, CHECKPOINT)), 3);
  start = process.hrtime.bigint();
  await projectBatched(deps, records, CHECKPOINT, RECORDS);
  const restMs = since(start);
  const view = await samples(() => fundingView(deps, QUERY), VIEW_SAMPLES);
  const naive = await samples(() => naiveView(repos, records), 3);

  // Same answer: the projection and the naive scan agree on every community.
  const projected = await fundingView(deps, QUERY);
  const scanned = await naiveView(repos, records);
  for (const row of projected.rows) {
    const s = scanned.get(row.key);
    if (
      !s ||
      s.records !== row.serviceRecords ||
      s.needs.size !== row.beneficiaries ||
      Math.abs(s.hours - row.serviceHours) > 1e-6
    )
      throw new Error(`the naive view disagrees on ${row.key}`);
  }
  if (projected.totals.serviceRecords !== RECORDS) throw new Error(`projected ${projected.totals.serviceRecords}`);

  const p95 = percentile(view, 95);
  const ms = (value: number) => ({ value, unit: 'ms' });
  const perSecond = (count: number, ms: number) => ({ value: (count / ms) * 1000, unit: 'records/s' });
  emit({
    name: "fulfilment funders' spending view",
    figures: [
      figure(`view by community, p95, ${n(RECORDS)} service records`, ms(p95), {
        baseline: { what: `the same at ${n(CHECKPOINT)} records (flat = ×1)`, ...ms(percentile(viewAtCheckpoint, 95)) },
        goal: QUICK ? undefined : atMost(p95, 100, 'p95 ≤ 100 ms at 1,000,000'),
      }),
      figure(`view by community, p50, ${n(RECORDS)} service records`, ms(percentile(view, 50)), {
        baseline: { what: 'naive scan of every record, same answer (p50)', ...ms(percentile(naive, 50)) },
      }),
      figure(`naive scan, ${n(RECORDS)} records (p50)`, ms(percentile(naive, 50)), {
        baseline: {
          what: `the same at ${n(CHECKPOINT)} records (linear = ×10)`,
          ...ms(percentile(naiveAtCheckpoint, 50)),
        },
      }),
      figure(`projecting, batches of ${n(BATCH)}, first ${n(COMPARED)} records`, perSecond(COMPARED, batchedMs), {
        baseline: { what: 'one by one (same buckets)', ...perSecond(COMPARED, oneByOneMs) },
      }),
      figure(
        `projecting, batches of ${n(BATCH)}, the last ${n(RECORDS - CHECKPOINT)} records`,
        perSecond(RECORDS - CHECKPOINT, restMs),
        {
          baseline: {
            what: `the first ${n(COMPARED)} records, batched (flat = ×1)`,
            ...perSecond(COMPARED, batchedMs),
          },
        },
      ),
    ],
    sizes: {
      records: RECORDS,
      contracts: CONTRACTS,
      communities: projected.rows.length,
      buckets: await repos.funding.buckets.countDocuments({}),
      streets: new Set(projected.rows.map((r) => areaLevels(r.key).street)).size,
      viewSamples: VIEW_SAMPLES,
    },
  });
});
