import type { Eligibility, FundingMode, ProcurementMethod, TrancheTerm } from '@sanshe/contracts';
import type { EligibilityCheckResult } from './organisation';
import type { Outlier, Panel } from './panel';
import type { TenderPolicy } from './policy';
import type { Criterion, RankedBid } from './scoring';
import type { TenderState } from './tender';
import type { OcdsRelease } from './ocds-release';

/** What a tender is, as stored (the store adds its outbox and version). */
export interface CommitmentEntry {
  commitment: string;
  revision: number;
  at: string;
  superseded: boolean;
}

/** A bid as the register shows it once opened: never the proposal text, which stays with the bid. */
export interface OpenedBid {
  bidId: string;
  organisationId: string;
  organisationName: string;
  uscc: string;
  priceFen: number;
  submittedAt: string;
  revision: number;
  commitment: string;
  checks: EligibilityCheckResult[];
  qualification: 'pending' | 'qualified' | 'disqualified';
  reason: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
}

export interface PublishedCommitment {
  bidId: string;
  organisationId: string;
  organisationName: string;
  status: 'submitted' | 'withdrawn';
  commitment: string;
  history: CommitmentEntry[];
}

export interface Evaluation {
  basePriceFen: number;
  priceWeight: number;
  evaluators: string[];
  ranking: Array<RankedBid & { organisationName: string }>;
  outliers: Outlier[];
  evaluatedAt: string;
  evaluatedBy: string;
  /** Set when an upheld complaint reopened the evaluation. */
  supersededAt: string | null;
  supersededReason: string | null;
}

export interface Award {
  awardId: string;
  bidId: string;
  organisationId: string;
  organisationName: string;
  uscc: string;
  amountFen: number;
  totalScore: number;
  status: 'pending' | 'active' | 'cancelled';
  date: string;
  standstillEnd: string;
  decidedBy: string;
  activatedAt: string | null;
  cancelledAt: string | null;
  cancelledReason: string | null;
}

export interface Complaint {
  complaintId: string;
  organisationId: string;
  bidId: string;
  awardId: string;
  title: string;
  description: string;
  status: 'pending' | 'upheld' | 'rejected';
  filedAt: string;
  filedBy: string;
  resolution: string | null;
  resolvedBy: string | null;
  resolvedAt: string | null;
}

export interface MethodChange {
  from: ProcurementMethod;
  to: ProcurementMethod;
  reason: string;
  by: string;
  at: string;
}

export interface Tender {
  _id: string;
  ocid: string;
  projectId: string;
  attempt: number;
  previousTenderId: string | null;
  nextTenderId: string | null;
  /** Why this tender was re-run as `nextTenderId`. */
  rerunReason: string | null;
  title: string;
  description: string;
  category: string;
  communityCodes: string[];
  needIds: string[];
  budgetFen: number;
  budgetCeilingFen: number;
  fundingMode: FundingMode;
  tranches: TrancheTerm[];
  /** The service period the contract will run (China's calendar dates), if the project gave one. */
  servicePeriod: { start: string; end: string } | null;
  method: ProcurementMethod;
  methodJustification: string | null;
  methodChanges: MethodChange[];
  criteria: Criterion[];
  /** Set when the project's criteria break the policy in force; evaluation refuses until fixed by a re-run. */
  criteriaProblems: string[];
  eligibility: Eligibility;
  policy: TenderPolicy;
  publishedAt: string;
  openedAt: string;
  enquiryPeriodEnd: string;
  deadline: string;
  status: TenderState;
  closedAt: string | null;
  closedBy: 'job' | 'clock' | null;
  bidCount: number | null;
  openedBids: OpenedBid[];
  commitments: PublishedCommitment[];
  failure: { stage: 'closing' | 'qualification'; reason: string; at: string } | null;
  cancellation: { reason: string; by: string; at: string } | null;
  panel: Panel;
  evaluation: Evaluation | null;
  evaluationHistory: Evaluation[];
  award: Award | null;
  awardHistory: Award[];
  complaints: Complaint[];
  contract: { contractId: string; awardId: string; valueFen: number; signedAt: string } | null;
  releases: OcdsRelease[];
}

export const minQualifiedBids = (t: Pick<Tender, 'policy' | 'method'>): number => t.policy.minQualifiedBids[t.method];
