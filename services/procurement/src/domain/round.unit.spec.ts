import { allocateGrants, matchingBonus } from './round';

const rule = { pointsPerTenPercent: 1, maxPoints: 5 };

describe('venture-funding rounds', () => {
  test('the bonus gives points per whole 10% of the grant matched, up to the cap', () => {
    expect(matchingBonus(100_000_00, 0, rule)).toBe(0);
    expect(matchingBonus(100_000_00, 9_999_99, rule)).toBe(0);
    expect(matchingBonus(100_000_00, 25_000_00, rule)).toBe(2);
    expect(matchingBonus(100_000_00, 100_000_00, rule)).toBe(5);
  });

  test('grants go in rank order while the budget lasts; one that no longer fits is skipped, smaller ones still tried', () => {
    const app = (applicationId: string, requestedFen: number, weightedScore: number, matchingFundsFen = 0) => ({
      applicationId,
      organisationId: `org-${applicationId}`,
      requestedFen,
      matchingFundsFen,
      submittedAt: '2026-03-01T00:00:00.000Z',
      weightedScore,
    });
    const { ranking, awardedFen } = allocateGrants(
      [app('a', 60_000_00, 80), app('b', 50_000_00, 78, 30_000_00), app('c', 30_000_00, 70), app('d', 10_000_00, 50)],
      { budgetFen: 100_000_00, minScore: 60, matchingBonus: rule },
    );
    // b: 78 + 5 (60% matched, capped) = 83 ranks above a: 80.
    expect(ranking.map((r) => [r.applicationId, r.totalScore, r.rank, r.grantFen])).toEqual([
      ['b', 83, 1, 50_000_00],
      ['a', 80, 2, 0],
      ['c', 70, 3, 30_000_00],
      ['d', 50, 4, 0],
    ]);
    expect(ranking[1]?.decision).toBe('does not fit the remaining budget (5000000 fen)');
    expect(ranking[3]?.decision).toBe('below the minimum score 60');
    expect(awardedFen).toBe(80_000_00);
  });
});
