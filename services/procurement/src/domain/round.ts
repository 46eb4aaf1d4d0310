import { round2 } from './scoring';

/**
 * Venture-funding rounds (公益创投): applications are scored by a panel on the round's
 * criteria, a bonus rewards matching funds, and grants go in rank order while the
 * budget lasts.
 */
export interface MatchingBonusRule {
  pointsPerTenPercent: number;
  maxPoints: number;
}

/** Points for each whole 10% of the requested grant that the applicant matches, up to the cap. */
export function matchingBonus(requestedFen: number, matchingFundsFen: number, rule: MatchingBonusRule): number {
  if (requestedFen <= 0) return 0;
  const steps = Math.floor((matchingFundsFen * 10) / requestedFen);
  return round2(Math.min(rule.maxPoints, steps * rule.pointsPerTenPercent));
}

export interface ScoredApplication {
  applicationId: string;
  organisationId: string;
  requestedFen: number;
  matchingFundsFen: number;
  submittedAt: string;
  weightedScore: number;
}

export interface RankedApplication extends ScoredApplication {
  bonus: number;
  totalScore: number;
  rank: number;
  grantFen: number;
  decision: string;
}

/**
 * Ranks by total (weighted score + bonus), then weighted score, then earlier
 * submission; then grants in rank order: an application under the minimum score gets
 * nothing, and one that no longer fits the remaining budget is skipped while the
 * next ones are still tried, so the budget is used as far as the ranking allows.
 */
export function allocateGrants(
  applications: readonly ScoredApplication[],
  rules: { budgetFen: number; minScore: number; matchingBonus: MatchingBonusRule },
): { ranking: RankedApplication[]; awardedFen: number } {
  const scored = applications.map((a) => {
    const bonus = matchingBonus(a.requestedFen, a.matchingFundsFen, rules.matchingBonus);
    return { ...a, bonus, totalScore: round2(a.weightedScore + bonus) };
  });
  scored.sort(
    (a, b) =>
      b.totalScore - a.totalScore ||
      b.weightedScore - a.weightedScore ||
      a.submittedAt.localeCompare(b.submittedAt) ||
      a.applicationId.localeCompare(b.applicationId),
  );
  let remaining = rules.budgetFen;
  const ranking = scored.map((a, i) => {
    let grantFen = 0;
    let decision: string;
    if (a.totalScore < rules.minScore) decision = `below the minimum score ${rules.minScore}`;
    else if (a.requestedFen > remaining) decision = `does not fit the remaining budget (${remaining} fen)`;
    else {
      grantFen = a.requestedFen;
      remaining -= grantFen;
      decision = 'granted';
    }
    return { ...a, rank: i + 1, grantFen, decision };
  });
  return { ranking, awardedFen: rules.budgetFen - remaining };
}
