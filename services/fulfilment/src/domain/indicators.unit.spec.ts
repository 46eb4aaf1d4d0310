import {
  DEFAULT_TARGETS,
  indicators,
  liveAreas,
  median,
  monthRange,
  p90,
  referenceDay,
  stockCounts,
  targetOn,
  under,
  type AreaFact,
  type Counts,
  type Indicator,
  type IndicatorKey,
} from './indicators';

const area = (code: string, kind: AreaFact['kind'], extra: Partial<AreaFact> = {}): AreaFact => ({
  code,
  kind,
  name: code,
  path: code.split('-').map((_, i, parts) => parts.slice(0, i + 1).join('-')),
  active: true,
  gridWorkerCount: 0,
  ...extra,
});
const none: Counts = {
  communities: 0,
  generalistCommunities: 0,
  grids: 0,
  coveredGrids: 0,
  workers: 0,
  certifiedWorkers: 0,
  resolutionHours: [],
  ratings: [],
};
const pick = (list: Indicator[], key: IndicatorKey) => list.find((i) => i.key === key)!;

describe('policy indicators (pure rules)', () => {
  test('median averages the middle pair; p90 is the nearest rank', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(p90([])).toBeNull();
    expect(p90([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toBe(9);
    expect(p90([10, 1, 2])).toBe(10);
  });

  test('the target in force is the latest step started on the day; none before the first', () => {
    const steps = [
      { from: '2026-01-01', comparator: 'at_least' as const, value: 40 },
      { from: '2028-01-01', comparator: 'at_least' as const, value: 100 },
    ];
    expect(targetOn(steps, '2025-12-31')).toBeNull();
    expect(targetOn(steps, '2027-06-30')?.value).toBe(40);
    expect(targetOn(steps, '2028-01-01')?.value).toBe(100);
    expect(referenceDay('2026-02', '2030-01-01')).toBe('2026-02-28');
    expect(referenceDay('all', '2030-01-01')).toBe('2030-01-01');
    expect(monthRange('2026-12')).toEqual({ $gte: '2026-12-01T00:00:00.000Z', $lt: '2027-01-01T00:00:00.000Z' });
  });

  test('an area under an inactive one does not count; "under" is the registry path or a code prefix', () => {
    const live = liveAreas([
      area('D-S', 'street', { active: false }),
      area('D-S-C', 'community'),
      area('D-T-C', 'community'),
    ]);
    expect(live.map((a) => a.code)).toEqual(['D-T-C']);
    expect(under(area('D-T-C', 'community'), 'D-T')).toBe(true);
    expect(under({ code: 'X-01', path: ['D', 'D-T', 'X-01'] }, 'D-T')).toBe(true);
    expect(under(area('D-T-C', 'community'), 'D-S')).toBe(false);
  });

  test('stock counts: covered grids, generalist communities, and each stationed worker once', () => {
    const communities = [area('D-S-C1', 'community'), area('D-S-C2', 'community'), area('D-S-C3', 'community')];
    const grids = [area('D-S-C1-G1', 'grid', { gridWorkerCount: 2 }), area('D-S-C1-G2', 'grid')];
    const counts = stockCounts(communities, grids, [
      { key: 'o|a', certified: true, generalist: true, communityCodes: ['D-S-C1', 'D-S-C2'] },
      { key: 'o|b', certified: false, generalist: false, communityCodes: ['D-S-C2'] },
      { key: 'o|c', certified: true, generalist: true, communityCodes: ['E-S-C9'] },
    ]);
    expect(counts).toEqual({
      communities: 3,
      generalistCommunities: 2,
      grids: 2,
      coveredGrids: 1,
      workers: 2,
      certifiedWorkers: 1,
    });
  });

  test('shares carry numerator and denominator; met is decided on the exact fraction', () => {
    const list = indicators(
      { ...none, workers: 3, certifiedWorkers: 2, grids: 3, coveredGrids: 3, communities: 5, generalistCommunities: 2 },
      DEFAULT_TARGETS,
      '2026-03-01',
    );
    expect(pick(list, 'certified_social_workers')).toEqual({
      key: 'certified_social_workers',
      unit: 'percent',
      value: 66.7,
      numerator: 2,
      denominator: 3,
      target: { comparator: 'at_least', value: 60, effectiveFrom: '2000-01-01' },
      met: true,
    });
    expect(pick(list, 'grid_coverage')).toMatchObject({ value: 100, met: true });
    expect(pick(list, 'generalist_coverage')).toMatchObject({ value: 40, numerator: 2, denominator: 5, met: true });
    // 59.96% shows as 60.0 but does not meet a 60% target.
    const almost = indicators({ ...none, workers: 2500, certifiedWorkers: 1499 }, DEFAULT_TARGETS, '2026-03-01');
    expect(pick(almost, 'certified_social_workers')).toMatchObject({ value: 60, met: false });
  });

  test('nothing to measure gives a null value and a null met; no policy target gives a null target', () => {
    const list = indicators(none, DEFAULT_TARGETS, '2026-03-01');
    for (const i of list) expect(i).toMatchObject({ value: null, met: null, denominator: 0 });
    expect(pick(list, 'resolution_hours_median').target).toBeNull();
  });

  test('resolution hours and satisfaction, against configured targets', () => {
    const targets = {
      ...DEFAULT_TARGETS,
      resolution_hours_p90: [{ from: '2026-01-01', comparator: 'at_most' as const, value: 48 }],
      satisfaction_mean: [{ from: '2026-01-01', comparator: 'at_least' as const, value: 4 }],
    };
    const list = indicators(
      { ...none, resolutionHours: [1, 2, 30, 50.256], ratings: [5, 4, 2] },
      targets,
      '2026-03-01',
    );
    expect(pick(list, 'resolution_hours_median')).toMatchObject({ value: 16, numerator: null, denominator: 4 });
    expect(pick(list, 'resolution_hours_p90')).toMatchObject({ value: 50.26, met: false });
    expect(pick(list, 'satisfaction_mean')).toMatchObject({ value: 3.67, numerator: 11, denominator: 3, met: false });
    expect(pick(list, 'satisfaction_share_4_plus')).toMatchObject({ value: 66.7, numerator: 2, denominator: 3 });
  });
});
