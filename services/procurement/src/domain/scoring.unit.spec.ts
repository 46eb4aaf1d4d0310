import { priceScore, rankBids } from './scoring';

describe('comprehensive scoring', () => {
  test('the lowest bid gets the full price weight', () => {
    expect(priceScore(80_000_00, 80_000_00, 30)).toBe(30);
  });

  test('a higher bid gets base / price × weight', () => {
    expect(priceScore(80_000_00, 100_000_00, 30)).toBe(24);
  });

  test('the ranking adds weighted technical scores and breaks ties by price', () => {
    const { basePriceFen, ranking } = rankBids(
      [
        { bidId: 'a', organisationId: 'o1', priceFen: 100_000_00, technicalScore: 90 },
        { bidId: 'b', organisationId: 'o2', priceFen: 80_000_00, technicalScore: 70 },
        { bidId: 'c', organisationId: 'o3', priceFen: 90_000_00, technicalScore: 80 },
      ],
      30,
    );
    expect(basePriceFen).toBe(80_000_00);
    // a: 24 + 63 = 87; b: 30 + 49 = 79; c: 26.67 + 56 = 82.67
    expect(ranking.map((r) => [r.bidId, r.totalScore, r.rank])).toEqual([
      ['a', 87, 1],
      ['c', 82.67, 2],
      ['b', 79, 3],
    ]);
  });

  test('an empty ranking is refused', () => {
    expect(() => rankBids([], 30)).toThrow('nothing to rank');
  });
});
