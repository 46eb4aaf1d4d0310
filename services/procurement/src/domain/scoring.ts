/**
 * Comprehensive scoring (综合评分法). Base price = the lowest valid bid; price score =
 * base price / bid price × price weight (weights in points out of 100); every other
 * criterion is scored 0–100 by each evaluator, the final score per criterion is the
 * evaluators' mean, and it counts for its weight.
 */
export interface Criterion {
  code: string;
  name: string;
  kind: 'price' | 'technical' | 'qualification';
  weight: number;
}

export interface CandidateBid {
  bidId: string;
  organisationId: string;
  priceFen: number;
  /** When the final revision was submitted: the last tie-breaker. */
  submittedAt: string;
  /** Mean evaluator score (0–100) per evaluator-scored criterion code. */
  means: Record<string, number>;
}

export interface CriterionScore {
  criterionCode: string;
  mean: number;
  weight: number;
  weighted: number;
}

export interface RankedBid {
  bidId: string;
  organisationId: string;
  priceFen: number;
  priceScore: number;
  technicalScore: number;
  criterionScores: CriterionScore[];
  totalScore: number;
  rank: number;
}

export const round2 = (x: number) => Math.round(x * 100) / 100;

export function priceScore(basePriceFen: number, bidPriceFen: number, priceWeight: number): number {
  if (bidPriceFen <= 0) throw new Error('a bid price must be positive');
  return round2((basePriceFen / bidPriceFen) * priceWeight);
}

export function priceWeightOf(criteria: readonly Criterion[]): number {
  return criteria.filter((c) => c.kind === 'price').reduce((sum, c) => sum + c.weight, 0);
}

export function scoredCriteria(criteria: readonly Criterion[]): Criterion[] {
  return criteria.filter((c) => c.kind !== 'price');
}

/** Problems with a set of criteria under the price-weight rule; empty when they can be used. */
export function criteriaProblems(criteria: readonly Criterion[], minPriceWeight: number): string[] {
  const problems: string[] = [];
  const total = criteria.reduce((sum, c) => sum + c.weight, 0);
  if (total !== 100) problems.push(`criterion weights sum to ${total}, not 100`);
  if (criteria.filter((c) => c.kind === 'price').length !== 1) problems.push('exactly one price criterion is needed');
  const price = priceWeightOf(criteria);
  if (price < minPriceWeight) problems.push(`the price weight ${price} is below the minimum ${minPriceWeight}`);
  return problems;
}

/**
 * Ranks the qualified bids. Ties go to the higher technical score (quality first in
 * service procurement), then the lower price, then the earlier final submission,
 * then the bid id, so the ranking is always deterministic.
 */
export function rankBids(
  bids: readonly CandidateBid[],
  criteria: readonly Criterion[],
): { basePriceFen: number; priceWeight: number; ranking: RankedBid[] } {
  if (bids.length === 0) throw new Error('nothing to rank');
  const priceWeight = priceWeightOf(criteria);
  if (priceWeight < 0 || priceWeight > 100) throw new Error('price weight is out of 0..100');
  const basePriceFen = Math.min(...bids.map((b) => b.priceFen));
  const scored = bids.map((bid) => {
    const criterionScores = scoredCriteria(criteria).map((c) => {
      const mean = bid.means[c.code];
      if (mean === undefined) throw new Error(`bid ${bid.bidId} has no score for ${c.code}`);
      return { criterionCode: c.code, mean: round2(mean), weight: c.weight, weighted: round2((mean * c.weight) / 100) };
    });
    const price = priceScore(basePriceFen, bid.priceFen, priceWeight);
    const technicalScore = round2(criterionScores.reduce((sum, c) => sum + c.weighted, 0));
    return {
      bid,
      ranked: {
        bidId: bid.bidId,
        organisationId: bid.organisationId,
        priceFen: bid.priceFen,
        priceScore: price,
        technicalScore,
        criterionScores,
        totalScore: round2(price + technicalScore),
      },
    };
  });
  scored.sort(
    (a, b) =>
      b.ranked.totalScore - a.ranked.totalScore ||
      b.ranked.technicalScore - a.ranked.technicalScore ||
      a.ranked.priceFen - b.ranked.priceFen ||
      a.bid.submittedAt.localeCompare(b.bid.submittedAt) ||
      a.bid.bidId.localeCompare(b.bid.bidId),
  );
  return { basePriceFen, priceWeight, ranking: scored.map((s, i) => ({ ...s.ranked, rank: i + 1 })) };
}
