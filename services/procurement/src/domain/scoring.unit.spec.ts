import { criteriaProblems, priceScore, rankBids, type Criterion } from './scoring';

const criteria: Criterion[] = [
  { code: 'price', name: '报价', kind: 'price', weight: 30 },
  { code: 'plan', name: '服务方案', kind: 'technical', weight: 50 },
  { code: 'team', name: '团队', kind: 'qualification', weight: 20 },
];
const bid = (
  bidId: string,
  priceFen: number,
  plan: number,
  team: number,
  submittedAt = '2026-03-01T00:00:00.000Z',
) => ({
  bidId,
  organisationId: `org-${bidId}`,
  priceFen,
  submittedAt,
  means: { plan, team },
});

describe('comprehensive scoring (综合评分法), worked examples', () => {
  test('the lowest valid bid gets the full price weight', () => {
    expect(priceScore(80_000_00, 80_000_00, 30)).toBe(30);
  });

  test('price score = base price / bid price × price weight: 80,000 / 100,000 × 30 = 24', () => {
    expect(priceScore(80_000_00, 100_000_00, 30)).toBe(24);
  });

  test('fractions round to two decimals: 98,000 / 110,000 × 30 = 26.727… → 26.73; at the 10% minimum 9.09', () => {
    expect(priceScore(98_000_00, 110_000_00, 30)).toBe(26.73);
    expect(priceScore(98_000_00, 110_000_00, 10)).toBe(8.91);
    expect(priceScore(100_000_00, 110_000_00, 10)).toBe(9.09);
  });

  test('a non-positive price is refused', () => {
    expect(() => priceScore(1, 0, 30)).toThrow('positive');
  });

  test('total = price score + Σ mean criterion score × weight; ranked by total', () => {
    const { basePriceFen, priceWeight, ranking } = rankBids(
      [bid('a', 100_000_00, 90, 80), bid('b', 80_000_00, 70, 60), bid('c', 90_000_00, 80, 90)],
      criteria,
    );
    expect(basePriceFen).toBe(80_000_00);
    expect(priceWeight).toBe(30);
    // a: 24 + 45 + 16 = 85; b: 30 + 35 + 12 = 77; c: 26.67 + 40 + 18 = 84.67
    expect(ranking.map((r) => [r.bidId, r.priceScore, r.technicalScore, r.totalScore, r.rank])).toEqual([
      ['a', 24, 61, 85, 1],
      ['c', 26.67, 58, 84.67, 2],
      ['b', 30, 47, 77, 3],
    ]);
    expect(ranking[0]?.criterionScores).toEqual([
      { criterionCode: 'plan', mean: 90, weight: 50, weighted: 45 },
      { criterionCode: 'team', mean: 80, weight: 20, weighted: 16 },
    ]);
  });

  test('the skeleton flow’s example: 98/110 × 30 + 92 × 0.7 = 91.13 beats 86 and 87.5', () => {
    const simple: Criterion[] = [
      { code: 'price', name: '报价', kind: 'price', weight: 30 },
      { code: 'service_plan', name: '服务方案', kind: 'technical', weight: 70 },
    ];
    const { ranking } = rankBids(
      [
        { bidId: '1', organisationId: 'o1', priceFen: 110_000_00, submittedAt: 'x', means: { service_plan: 92 } },
        { bidId: '2', organisationId: 'o2', priceFen: 98_000_00, submittedAt: 'x', means: { service_plan: 80 } },
        { bidId: '3', organisationId: 'o3', priceFen: 105_000_00, submittedAt: 'x', means: { service_plan: 85 } },
      ],
      simple,
    );
    expect(ranking.map((r) => [r.bidId, r.totalScore])).toEqual([
      ['1', 91.13],
      ['3', 87.5],
      ['2', 86],
    ]);
  });

  test('a tie goes to the higher technical score, then the lower price, then the earlier final submission', () => {
    // Same total 80: x 30 + 50 (cheaper), y 20 + 60 (better quality) → y first.
    const two: Criterion[] = [
      { code: 'price', name: 'p', kind: 'price', weight: 30 },
      { code: 'q', name: 'q', kind: 'technical', weight: 70 },
    ];
    const quality = rankBids(
      [
        { bidId: 'x', organisationId: 'ox', priceFen: 60_000_00, submittedAt: '1', means: { q: 500 / 7 } },
        { bidId: 'y', organisationId: 'oy', priceFen: 90_000_00, submittedAt: '1', means: { q: 600 / 7 } },
      ],
      two,
    );
    expect(quality.ranking.map((r) => [r.bidId, r.totalScore])).toEqual([
      ['y', 80],
      ['x', 80],
    ]);
    const earlier = rankBids(
      [
        bid('late', 90_000_00, 80, 80, '2026-03-02T00:00:00.000Z'),
        bid('early', 90_000_00, 80, 80, '2026-03-01T00:00:00.000Z'),
      ],
      criteria,
    );
    expect(earlier.ranking.map((r) => r.bidId)).toEqual(['early', 'late']);
  });

  test('criteria must sum to 100 with one price criterion at or above the policy minimum', () => {
    expect(criteriaProblems(criteria, 10)).toEqual([]);
    expect(
      criteriaProblems(
        [
          { code: 'price', name: 'p', kind: 'price', weight: 5 },
          { code: 'q', name: 'q', kind: 'technical', weight: 95 },
        ],
        10,
      ),
    ).toEqual(['the price weight 5 is below the minimum 10']);
    expect(criteriaProblems([{ code: 'q', name: 'q', kind: 'technical', weight: 90 }], 10)).toEqual([
      'criterion weights sum to 90, not 100',
      'exactly one price criterion is needed',
      'the price weight 0 is below the minimum 10',
    ]);
  });

  test('an empty ranking is refused', () => {
    expect(() => rankBids([], criteria)).toThrow('nothing to rank');
  });
});
