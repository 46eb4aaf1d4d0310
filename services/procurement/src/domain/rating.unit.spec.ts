import { rate, ratingFactor, type Outcome } from './rating';

let n = 0;
const completed = (score: number, at: string): Outcome => ({
  contractId: `c${String(++n).padStart(3, '0')}`,
  outcome: 'completed',
  score,
  at,
  reason: null,
});
const terminated = (at: string, reason = '服务严重不达标'): Outcome => ({
  contractId: `c${String(++n).padStart(3, '0')}`,
  outcome: 'terminated',
  score: null,
  at,
  reason,
});
const day = (d: number) => `2026-0${Math.floor(d / 28) + 1}-${String((d % 28) + 1).padStart(2, '0')}T00:00:00.000Z`;

describe('performance rating', () => {
  test('without a closed contract there is no rating and no recommendation factor', () => {
    const r = rate([]);
    expect(r).toEqual({
      completedContracts: 0,
      terminatedContracts: 0,
      meanScore: null,
      score: null,
      recent: [],
      weight: 0,
    });
    expect(ratingFactor(r)).toBeNull();
  });

  test('one completed contract: the rating is its score', () => {
    const r = rate([completed(84, day(1))]);
    expect(r).toMatchObject({ completedContracts: 1, terminatedContracts: 0, meanScore: 84, score: 84, weight: 1 });
  });

  test('recent contracts weigh more: the weight halves every five contracts back', () => {
    // Oldest five at 60, latest five at 90: the plain mean is 75, the rating leans toward 90.
    const old = [0, 1, 2, 3, 4].map((d) => completed(60, day(d)));
    const recent = [5, 6, 7, 8, 9].map((d) => completed(90, day(d)));
    const r = rate([...recent, ...old]);
    expect(r.meanScore).toBe(75);
    // Weights 2^(-k/5), k = 0…9: the latest five carry 1/(1 + 2^-1) = 2/3 of the weight.
    expect(r.score).toBe(80);
    // The order of arrival does not matter, only the order of the contracts.
    expect(rate([...old.reverse(), ...recent]).score).toBe(80);
    expect(r.recent.map((o) => o.at)).toEqual([9, 8, 7, 6, 5].map(day));
  });

  test('a termination counts as 0 in the rating, not in the mean of the completed scores', () => {
    const r = rate([completed(90, day(1)), terminated(day(2))]);
    expect(r).toMatchObject({ completedContracts: 1, terminatedContracts: 1, meanScore: 90 });
    // Latest (the termination) weighs 1, the completion 2^(-1/5) ≈ 0.8706: 90 × 0.8706 / 1.8706.
    expect(r.score).toBe(41.9);
    expect(r.recent[0]).toMatchObject({ outcome: 'terminated', score: null, reason: '服务严重不达标' });
  });

  test('only the latest five closed contracts are listed, latest first, ties by contract id', () => {
    const same = day(3);
    const r = rate([completed(70, same), completed(71, same), ...[4, 5, 6, 7, 8].map((d) => completed(80, day(d)))]);
    expect(r.recent).toHaveLength(5);
    expect(r.recent[0]!.at).toBe(day(8));
    expect(rate([completed(70, same), completed(71, same)]).recent.map((o) => o.score)).toEqual([70, 71]);
    // Instants, not strings: 09:00 in Beijing is before 02:00 UTC the same day.
    const beijing = completed(60, '2026-05-01T09:00:00+08:00');
    expect(rate([beijing, completed(61, '2026-05-01T02:00:00Z')]).recent.map((o) => o.score)).toEqual([61, 60]);
  });

  test('as a recommendation factor a thin record is pulled toward neutral, a long one much less', () => {
    expect(ratingFactor(rate([completed(100, day(1))]))).toBe(0.75);
    const long = rate([1, 2, 3, 4, 5, 6, 7, 8].map((d) => completed(100, day(d))));
    expect(ratingFactor(long)).toBeGreaterThan(0.9);
    // One failure does not sink a newcomer to 0, but puts it below having no record (neutral 0.5).
    expect(ratingFactor(rate([terminated(day(1))]))).toBe(0.25);
  });
});
