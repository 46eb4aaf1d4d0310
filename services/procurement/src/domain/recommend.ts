import { certifiedPercent, coveredAreas, standing, type OrganisationFacts } from './organisation';
import { ratingFactor, type Rating } from './rating';

/**
 * Which organisations are worth inviting to a tender, and why. Each factor scores
 * 0–1 with a reason a person can check; the score is their weighted sum.
 */
export const RECOMMENDATION_WEIGHTS = {
  category: 0.3,
  serviceArea: 0.25,
  capacity: 0.15,
  certifiedShare: 0.15,
  pastPerformance: 0.15,
} as const;

export interface Performance {
  contracts: number;
  activeContracts: number;
  completedContracts: number;
  milestonesAccepted: number;
  needsFulfilled: number;
}

export interface Candidate extends OrganisationFacts {
  organisationId: string;
  name: string;
  capacity: { staffCount: number; maxConcurrentProjects: number };
  performance: Performance | null;
  /** From completed and terminated contracts (`rating.ts`); it outranks the milestone counts once there is one. */
  rating?: Rating | null;
}

export interface Factor {
  score: number;
  reason: string;
}

export interface Recommendation {
  organisationId: string;
  name: string;
  score: number;
  factors: Record<keyof typeof RECOMMENDATION_WEIGHTS, Factor>;
  reasons: string[];
}

const r3 = (x: number) => Math.round(x * 1000) / 1000;

export function assess(
  c: Candidate,
  tender: {
    category: string;
    communityCodes: readonly string[];
    eligibility: { organisationKinds: readonly string[]; minCertifiedSocialWorkerPercent: number };
  },
  now: Date,
): { recommendation: Recommendation } | { excluded: string[] } {
  const state = standing(c, now);
  const excluded: string[] = [];
  if (state === 'suspended' || state === 'banned') excluded.push(`is ${state}`);
  if (state === 'registered') excluded.push('registration not yet verified');
  if (c.kind === null || !tender.eligibility.organisationKinds.includes(c.kind))
    excluded.push(`kind ${c.kind ?? 'unknown'} may not bid`);
  const percent = certifiedPercent(c.socialWorkers);
  if (percent < tender.eligibility.minCertifiedSocialWorkerPercent)
    excluded.push(
      `${percent}% certified social workers, below the required ${tender.eligibility.minCertifiedSocialWorkerPercent}%`,
    );
  if (excluded.length > 0) return { excluded };

  const fits = c.categories.includes(tender.category);
  const covered = coveredAreas(c.serviceAreaCodes, tender.communityCodes);
  const areaShare = tender.communityCodes.length === 0 ? 1 : covered.length / tender.communityCodes.length;
  const active = c.performance?.activeContracts ?? 0;
  const spare = Math.max(0, c.capacity.maxConcurrentProjects - active);
  const p = c.performance;
  const factors = {
    category: {
      score: fits ? 1 : 0,
      reason: fits ? `serves ${tender.category}` : `does not list ${tender.category}`,
    },
    serviceArea: {
      score: r3(areaShare),
      reason: `serves ${covered.length} of the ${tender.communityCodes.length} communities${covered.length > 0 ? ` (${covered.join(', ')})` : ''}`,
    },
    capacity: {
      score: r3(spare / c.capacity.maxConcurrentProjects),
      reason: `${active} active contracts of at most ${c.capacity.maxConcurrentProjects}; ${c.capacity.staffCount} staff`,
    },
    certifiedShare: {
      score: r3(percent / 100),
      reason: `${percent}% of ${c.socialWorkers.length} social workers hold a certificate`,
    },
    pastPerformance:
      ratedFactor(c.rating) ??
      (p && p.contracts > 0
        ? {
            // Accepted milestones per contract (three per contract is the usual schedule) and completions.
            score: r3(
              Math.min(
                1,
                (p.milestonesAccepted / (3 * p.contracts)) * 0.6 + (p.completedContracts / p.contracts) * 0.4,
              ),
            ),
            reason: `${p.contracts} contracts, ${p.completedContracts} completed, ${p.milestonesAccepted} milestones accepted, ${p.needsFulfilled} needs fulfilled`,
          }
        : { score: 0.5, reason: 'no contracts on the platform yet (neutral)' }),
  };
  const score = r3(
    (Object.keys(RECOMMENDATION_WEIGHTS) as Array<keyof typeof RECOMMENDATION_WEIGHTS>).reduce(
      (sum, k) => sum + RECOMMENDATION_WEIGHTS[k] * factors[k].score,
      0,
    ),
  );
  return {
    recommendation: {
      organisationId: c.organisationId,
      name: c.name,
      score,
      factors,
      reasons: Object.values(factors).map((f) => f.reason),
    },
  };
}

/**
 * Past performance from the rating: fulfilment's scores of completed contracts, recent
 * ones weighing more, terminations as 0, a thin record pulled toward neutral. Without a
 * closed contract, null (the milestone counts of running contracts stand in).
 */
function ratedFactor(rating: Rating | null | undefined): Factor | null {
  const score = rating ? ratingFactor(rating) : null;
  if (!rating || score === null) return null;
  const terminated = rating.terminatedContracts > 0 ? `, ${rating.terminatedContracts} terminated` : '';
  const mean = rating.meanScore === null ? '' : ` (mean score ${rating.meanScore})`;
  return {
    score,
    reason: `rated ${rating.score} from ${rating.completedContracts} completed contracts${mean}${terminated}, recent ones weighing more`,
  };
}
