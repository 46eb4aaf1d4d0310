/**
 * Comprehensive scoring (综合评分法). Base price = the lowest valid bid; price score =
 * base price / bid price × price weight (weights in points out of 100); the
 * technical score (0–100) counts for the remaining weight.
 */
export interface ScoredBid {
  bidId: string;
  organisationId: string;
  priceFen: number;
  technicalScore: number;
}

export interface RankedBid extends ScoredBid {
  priceScore: number;
  totalScore: number;
  rank: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function priceScore(basePriceFen: number, bidPriceFen: number, priceWeight: number): number {
  if (bidPriceFen <= 0) throw new Error('a bid price must be positive');
  return round2((basePriceFen / bidPriceFen) * priceWeight);
}

export function rankBids(
  bids: readonly ScoredBid[],
  priceWeight: number,
): { basePriceFen: number; ranking: RankedBid[] } {
  if (bids.length === 0) throw new Error('nothing to rank');
  if (priceWeight < 0 || priceWeight > 100) throw new Error('price weight is out of 0..100');
  const basePriceFen = Math.min(...bids.map((b) => b.priceFen));
  const scored = bids.map((bid) => {
    const price = priceScore(basePriceFen, bid.priceFen, priceWeight);
    const technical = round2((bid.technicalScore * (100 - priceWeight)) / 100);
    return { ...bid, priceScore: price, totalScore: round2(price + technical) };
  });
  // Ties go to the lower price, then to the earlier id, so the ranking is deterministic.
  scored.sort((a, b) => b.totalScore - a.totalScore || a.priceFen - b.priceFen || a.bidId.localeCompare(b.bidId));
  return { basePriceFen, ranking: scored.map((bid, i) => ({ ...bid, rank: i + 1 })) };
}
