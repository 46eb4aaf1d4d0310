import type { Outlier, Panel } from './panel';
import type { MatchingBonusRule, RankedApplication } from './round';

export interface RoundCriterion {
  code: string;
  name: string;
  weight: number;
}

export type RoundState = 'open' | 'closed' | 'evaluation' | 'awarded' | 'cancelled';

export interface Grant {
  grantId: string;
  applicationId: string;
  organisationId: string;
  organisationName: string;
  title: string;
  category: string;
  amountFen: number;
  matchingFundsFen: number;
  rank: number;
  totalScore: number;
}

export interface RoundEvaluation {
  evaluators: string[];
  ranking: Array<
    RankedApplication & {
      organisationName: string;
      criterionScores: Array<{ criterionCode: string; mean: number; weight: number; weighted: number }>;
    }
  >;
  outliers: Outlier[];
  awardableFen: number;
  evaluatedAt: string;
  evaluatedBy: string;
}

export interface Round {
  _id: string;
  title: string;
  description: string;
  categories: string[];
  budgetFen: number;
  maxGrantFen: number | null;
  deadline: string;
  criteria: RoundCriterion[];
  matchingBonus: MatchingBonusRule;
  minScore: number;
  eligibleKinds: string[];
  programmeId: string | null;
  /** The venture-funding project that opened the round, if one did. */
  projectId: string | null;
  minEvaluators: number;
  outlierRule: { standardDeviations: number; gapPoints: number };
  status: RoundState;
  openedAt: string;
  openedBy: string;
  closedAt: string | null;
  applicationCount: number | null;
  panel: Panel;
  evaluation: RoundEvaluation | null;
  grants: Grant[] | null;
  awardedFen: number | null;
  awardedAt: string | null;
  cancellation: { reason: string; by: string; at: string } | null;
}

export interface Application {
  _id: string;
  roundId: string;
  organisationId: string;
  organisationName: string;
  title: string;
  category: string;
  proposal: string;
  requestedFen: number;
  matchingFundsFen: number;
  budgetLines: Array<{ item: string; amountFen: number }>;
  status: 'submitted' | 'withdrawn' | 'ineligible' | 'granted' | 'not_granted';
  ineligibleReasons: string[];
  submittedAt: string;
  updatedAt: string;
  history: Array<{ at: string; action: string; requestedFen: number; matchingFundsFen: number }>;
}
