/**
 * Suggestions at 100,000 open needs. What matters is how the time grows, so the figures
 * are ratios against baselines measured in this same process:
 *   - scaling: 100,000 needs against 10,000 (linear means about ×10);
 *   - against a naive per-need scan (each need looks its cluster up in a list), same output;
 *   - the whole use case (read model on the embedded store + clustering) at both sizes.
 * Goal (issue 9): the use case at 100,000 open needs within 1 s.
 *
 * Run with `npm run bench` (scripts/bench.mjs); `npm run bench:quick` runs it at 2,000 vs 200 needs.
 */
import { createEmbeddedStore, type Principal } from '@sanshe/platform';
import {
  leadingGroup,
  suggestProjects,
  type ClusterableNeed,
  type SuggestOptions,
  type UnitCost,
} from '../src/domain/suggestions';
import { createOpenNeedsRepository, type OpenNeedDocument } from '../src/adapters/store/open-needs';
import { createReferenceRepository } from '../src/adapters/store/reference-data';
import { suggest } from '../src/app/suggest-projects';
import { DesignSettings } from '../src/settings';
import { atMost, emit, figure, QUICK, run } from '../../../bench/support/kit';

const LARGE = QUICK ? 2_000 : 100_000;
const SMALL = LARGE / 10;
const n = (x: number) => x.toLocaleString('en');

const CATEGORIES = [
  'elderly_care',
  'after_school_care',
  'rehabilitation',
  'psychological_care',
  'hardship_aid',
  'employment',
  'social_security',
  'legal_services',
  'liveable_environment',
  'safety',
  'community_culture',
  'property_management',
];
const GROUPS = ['elderly', 'child', 'disabled', 'entitled_group', 'low_income', 'living_alone'] as const;
const URGENCIES = ['low', 'normal', 'normal', 'high', 'high', 'critical'] as const;
const NOW = new Date('2026-06-30T00:00:00.000Z');

/** mulberry32: a small deterministic generator, so every run clusters the same needs. */
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

/** 2 districts × 6 streets × 6 communities × 4 grids; needs of the last 180 days. */
function makeNeeds(count: number, seed = 42): OpenNeedDocument[] {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const needs: OpenNeedDocument[] = [];
  for (let i = 0; i < count; i++) {
    const d = Math.floor(rnd() * 2);
    const s = Math.floor(rnd() * 6);
    const c = Math.floor(rnd() * 6);
    const g = Math.floor(rnd() * 4);
    const district = `XZ-D${d}`;
    const street = `${district}-S${s}`;
    const community = `${street}-C${c}`;
    const grid = `${community}-G${g}`;
    const groups = rnd() < 0.15 ? [] : rnd() < 0.4 ? [pick(GROUPS), pick(GROUPS)] : [pick(GROUPS)];
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    needs.push({
      _id: id,
      needId: id,
      caseNumber: `NEED-20260101-${String(i % 1_000_000).padStart(6, '0')}`,
      category: pick(CATEGORIES),
      districtCode: district,
      streetCode: street,
      communityCode: community,
      gridCode: grid,
      areaPath: [district, street, community, grid],
      urgency: pick(URGENCIES),
      beneficiaryCount: 1 + Math.floor(rnd() * 4),
      beneficiaryGroups: [...new Set(groups)],
      loggedAt: new Date(NOW.getTime() - Math.floor(rnd() * 180 * 86_400_000)).toISOString(),
      status: 'logged',
      statusStamp: '2026-01-01T00:00:00.000Z#00',
      closed: false,
      projectId: null,
      claimedAt: null,
    });
  }
  return needs;
}

const UNIT_COST: UnitCost = {
  perBeneficiaryFen: 2_000_00,
  baseFen: 20_000_00,
  lineShares: { personnel: 60, activities: 25, materials: 10, administration: 5 },
};
const OPTIONS: SuggestOptions = {
  level: 'community',
  minNeeds: 3,
  limit: 50,
  now: NOW,
  maxNeedIds: 500,
  unitCosts: new Map(CATEGORIES.map((c) => [c, UNIT_COST])),
};

/**
 * The naive way: each need looks its cluster up in the list of clusters found so far
 * (O(needs × clusters)), then the same ranking. Same clusters, same counts.
 */
function naiveSuggest(needs: readonly ClusterableNeed[]): { clusters: number; needs: number } {
  const clusters: Array<{ category: string; community: string; group: string; needs: ClusterableNeed[] }> = [];
  for (const need of needs) {
    const group = leadingGroup(need.beneficiaryGroups);
    let cluster = clusters.find(
      (c) => c.category === need.category && c.community === need.communityCode && c.group === group,
    );
    if (!cluster) {
      cluster = { category: need.category, community: need.communityCode, group, needs: [] };
      clusters.push(cluster);
    }
    cluster.needs.push(need);
  }
  const kept = clusters.filter((c) => c.needs.length >= OPTIONS.minNeeds);
  kept.sort((a, b) => b.needs.length - a.needs.length);
  return { clusters: kept.length, needs: kept.reduce((sum, c) => sum + c.needs.length, 0) };
}

/** Median wall time in milliseconds over `runs` runs, after `warmup` runs. */
async function time(run: () => unknown, runs: number, warmup = 2): Promise<number> {
  for (let i = 0; i < warmup; i++) await run();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await run();
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? Number.NaN;
}

async function useCaseAt(count: number) {
  const store = createEmbeddedStore();
  const openNeeds = createOpenNeedsRepository(store);
  const reference = createReferenceRepository(store);
  await openNeeds.collection.insertMany(makeNeeds(count));
  await reference.unitCosts.insertMany(
    CATEGORIES.map((c) => ({ _id: c, ...UNIT_COST, note: '', updatedAt: NOW.toISOString(), updatedBy: 'bench' })),
  );
  const deps = { openNeeds, reference, clock: { now: () => NOW }, settings: DesignSettings.parse({}) };
  const official: Principal = {
    sub: 'bench',
    name: '',
    roles: ['official'],
    communities: [],
    organisationId: null,
    funderCode: null,
  };
  const query = { level: 'auto' as const, limit: 50 };
  const check = await suggest(deps, official, query);
  if (check.openNeeds !== count) throw new Error(`expected ${count} open needs, read ${check.openNeeds}`);
  return { deps, official, query, check };
}

async function main(): Promise<void> {
  const small = makeNeeds(SMALL) as ClusterableNeed[];
  const large = makeNeeds(LARGE) as ClusterableNeed[];

  // Same output first: the naive scan and the clustering find the same clusters.
  const ours = suggestProjects(large, { ...OPTIONS, limit: Number.MAX_SAFE_INTEGER });
  const naive = naiveSuggest(large);
  const oursNeeds = ours.suggestions.reduce((sum, s) => sum + s.needsCount, 0);
  if (ours.suggestions.length !== naive.clusters || oursNeeds !== naive.needs) {
    throw new Error(
      `the naive baseline disagrees: ${naive.clusters}/${naive.needs} vs ${ours.suggestions.length}/${oursNeeds}`,
    );
  }

  const clusterSmall = await time(() => suggestProjects(small, OPTIONS), 15);
  const clusterLarge = await time(() => suggestProjects(large, OPTIONS), 9);
  const autoLarge = await time(() => suggestProjects(large, { ...OPTIONS, level: 'auto' }), 9);
  const naiveLarge = await time(() => naiveSuggest(large), 3, 1);

  const ucSmall = await useCaseAt(SMALL);
  const useCaseSmall = await time(() => suggest(ucSmall.deps, ucSmall.official, ucSmall.query), 7);
  const ucLarge = await useCaseAt(LARGE);
  const useCaseLarge = await time(() => suggest(ucLarge.deps, ucLarge.official, ucLarge.query), 5);

  const ms = (value: number) => ({ value, unit: 'ms' });
  emit({
    name: 'project-design suggestions',
    figures: [
      figure(`use case (read model on the embedded store + clustering), ${n(LARGE)} open needs`, ms(useCaseLarge), {
        baseline: { what: `the same at ${n(SMALL)} needs (linear = ×10)`, ...ms(useCaseSmall) },
        goal: QUICK ? undefined : atMost(useCaseLarge, 1_000, '≤ 1 s at 100,000'),
      }),
      figure(`clustering alone, ${n(LARGE)} needs (community level)`, ms(clusterLarge), {
        baseline: { what: `the same at ${n(SMALL)} needs (linear = ×10)`, ...ms(clusterSmall) },
      }),
      figure(`clustering alone, ${n(LARGE)} needs (auto: multi-community merge)`, ms(autoLarge), {
        baseline: { what: 'naive per-need scan, same clusters', ...ms(naiveLarge) },
      }),
      figure('share of the use case spent reading the read model', ms(useCaseLarge - autoLarge), {
        baseline: { what: 'the whole use case', ...ms(useCaseLarge) },
      }),
    ],
    sizes: {
      openNeeds: LARGE,
      clusters: ours.suggestions.length + ours.belowThreshold.clusters,
      suggestions: ours.suggestions.length,
      autoSuggestionsReturned: ucLarge.check.suggestions.length,
    },
  });
}

run(main);
