import type { FundingMode } from '@sanshe/contracts';
import type { OrgKey } from './fixtures/organisations';

/**
 * The storyline: which needs gather where, which projects are made of them, and how far each
 * project has come by now. Days are days before now (negative: still to come). The stages read
 * this plan; the fixtures hold the words.
 */

/** Needs of one kind in one community, logged over a window, waiting to become a project. */
export interface Cohort {
  key: string;
  community: string;
  category: string;
  count: number;
  /** Logged between these days (days ago, oldest first). */
  from: number;
  to: number;
}

export const COHORTS: readonly Cohort[] = [
  { key: 'elderly_home', community: 'XZ-GL-HL-01', category: 'elderly_care', count: 12, from: 178, to: 160 },
  { key: 'after_school', community: 'XZ-GL-HL-02', category: 'after_school_care', count: 10, from: 176, to: 152 },
  { key: 'rehab_fc', community: 'XZ-GL-FC-01', category: 'rehabilitation', count: 8, from: 165, to: 104 },
  { key: 'hardship_pc', community: 'XZ-YL-PL-01', category: 'hardship_aid', count: 9, from: 120, to: 58 },
  { key: 'mind_hl', community: 'XZ-GL-HL-01', category: 'psychological_care', count: 8, from: 80, to: 14 },
  { key: 'elderly_ky', community: 'XZ-QS-KY-01', category: 'elderly_care', count: 10, from: 150, to: 66 },
  { key: 'culture_ts', community: 'XZ-TS-TX-01', category: 'community_culture', count: 7, from: 100, to: 38 },
  { key: 'jobs_lq', community: 'XZ-JW-LQ-01', category: 'employment', count: 6, from: 85, to: 48 },
  { key: 'culture_mz_venture', community: 'XZ-GL-HL-02', category: 'community_culture', count: 8, from: 170, to: 97 },
  { key: 'meals_hl_draft', community: 'XZ-GL-HL-01', category: 'elderly_care', count: 6, from: 40, to: 4 },
  { key: 'rehab_mz_draft', community: 'XZ-GL-HL-02', category: 'rehabilitation', count: 4, from: 50, to: 3 },
  { key: 'hardship_mz', community: 'XZ-GL-HL-02', category: 'hardship_aid', count: 5, from: 60, to: 6 },
  { key: 'after_school_hl', community: 'XZ-GL-HL-01', category: 'after_school_care', count: 5, from: 45, to: 10 },
  { key: 'legal_fc', community: 'XZ-GL-FC-01', category: 'legal_services', count: 5, from: 70, to: 5 },
  // Left waiting: what the suggestions offer community staff today.
  { key: 'waiting_rehab_hl', community: 'XZ-GL-HL-01', category: 'rehabilitation', count: 4, from: 35, to: 2 },
  { key: 'waiting_hardship_ky', community: 'XZ-QS-KY-01', category: 'hardship_aid', count: 4, from: 40, to: 3 },
];

/** Categories kept for the cohorts in each community: everyday needs there are of other kinds. */
export function cohortCategories(community: string): Set<string> {
  return new Set(COHORTS.filter((c) => c.community === community).map((c) => c.category));
}

export interface Bid {
  org: OrgKey;
  /** Day the bid is sealed. */
  at: number;
  /** Price as a share of the budget ceiling. */
  priceShare: number;
}

/** How far a project has come by now. */
export type Reach =
  | 'draft'
  | 'submitted'
  | 'returned'
  | 'approved'
  | 'tender_enquiry'
  | 'tender_tendering'
  | 'tender_closed'
  | 'tender_evaluation'
  | 'tender_awarded'
  | 'tender_unsuccessful'
  | 'tender_cancelled'
  | 'contract'
  | 'round';

export interface ProjectPlan {
  /** The cohort it gathers, and the key of its texts. */
  key: string;
  mode: FundingMode;
  reach: Reach;
  /** Who decides: the street official of 黄楼街道, or the district civil-affairs official. */
  decider: 'street' | 'official';
  created: number;
  submitted?: number;
  /** Returned with comments; `resubmitted` after the author revised it. */
  returned?: { at: number; resubmitted?: number };
  approved?: number;
  published?: number;
  /** Bid (or application) deadline, days ago; negative = still to come. */
  deadline?: number;
  cancelled?: number;
  bids?: readonly Bid[];
  enquiry?: { by: OrgKey; asked: number; answered: number };
  qualified?: number;
  disqualify?: OrgKey;
  /** Panel assigned on `at`; `scorers` of the three evaluators score on `scored` (the rest have not yet). */
  panel?: { at: number; scored: number; scorers: number; quality?: Partial<Record<OrgKey, number>>; outlier?: boolean };
  evaluated?: number;
  complaint?: { by: OrgKey; at: number; rejected?: number };
  /** After 流标: a re-run by competitive consultation, with its own bids. */
  rerun?: { at: number; periodDays: number; bids: readonly Bid[] };
  contract?: ContractPlan;
}

export interface ContractPlan {
  /** Mid-term evaluation: pass, or fail and remediate. */
  midTerm: { at: number; passed: boolean; score: number; remediation?: { at: number; accepted: number } };
  /** Expense reports: a month with a line past its budget. */
  overspend: boolean;
}

export const PROJECTS: readonly ProjectPlan[] = [
  {
    key: 'elderly_home',
    mode: 'government_purchase',
    reach: 'contract',
    decider: 'street',
    created: 158,
    submitted: 157,
    approved: 156,
    published: 155,
    deadline: 130,
    bids: [
      { org: 'pengcheng', at: 140, priceShare: 0.95 },
      { org: 'yangguang', at: 138, priceShare: 0.9 },
      { org: 'xinlian', at: 135, priceShare: 0.93 },
      { org: 'xiehui', at: 132, priceShare: 0.88 },
    ],
    enquiry: { by: 'yangguang', asked: 150, answered: 149 },
    qualified: 129,
    panel: { at: 129, scored: 127, scorers: 3 },
    evaluated: 126,
    contract: { midTerm: { at: 30, passed: true, score: 86 }, overspend: false },
  },
  {
    key: 'after_school',
    mode: 'government_purchase',
    reach: 'contract',
    decider: 'official',
    created: 150,
    submitted: 149,
    returned: { at: 147, resubmitted: 145 },
    approved: 144,
    published: 143,
    deadline: 120,
    bids: [
      { org: 'pengcheng', at: 128, priceShare: 0.94 },
      { org: 'xinlian', at: 125, priceShare: 0.89 },
      { org: 'yangguang', at: 122, priceShare: 0.96 },
    ],
    qualified: 119,
    panel: { at: 119, scored: 118, scorers: 3 },
    evaluated: 117,
    complaint: { by: 'xinlian', at: 115, rejected: 112 },
    contract: {
      midTerm: { at: 25, passed: false, score: 58, remediation: { at: 22, accepted: 15 } },
      overspend: true,
    },
  },
  {
    key: 'rehab_fc',
    mode: 'government_purchase',
    reach: 'tender_unsuccessful',
    decider: 'official',
    created: 100,
    submitted: 100,
    approved: 99,
    published: 98,
    deadline: 75,
    bids: [
      { org: 'yangguang', at: 85, priceShare: 0.97 },
      { org: 'xiehui', at: 80, priceShare: 0.92 },
    ],
    rerun: {
      at: 12,
      periodDays: 14,
      bids: [
        { org: 'yangguang', at: 8, priceShare: 0.96 },
        { org: 'xiehui', at: 5, priceShare: 0.93 },
      ],
    },
  },
  {
    key: 'hardship_pc',
    mode: 'government_purchase',
    reach: 'tender_evaluation',
    decider: 'official',
    created: 55,
    submitted: 55,
    approved: 54,
    published: 53,
    deadline: 30,
    bids: [
      { org: 'pengcheng', at: 40, priceShare: 0.93 },
      { org: 'yangguang', at: 38, priceShare: 0.9 },
      { org: 'xiehui', at: 33, priceShare: 0.86 },
      { org: 'xinlian', at: 31, priceShare: 0.95 },
    ],
    qualified: 27,
    disqualify: 'xinlian',
    // The demo evaluator has not scored yet: it is on 钱伟's desk today.
    panel: { at: 26, scored: 24, scorers: 2, outlier: true },
  },
  {
    key: 'mind_hl',
    mode: 'government_purchase',
    reach: 'tender_enquiry',
    decider: 'street',
    created: 12,
    submitted: 11,
    approved: 10,
    published: 9,
    deadline: -14,
    bids: [
      { org: 'pengcheng', at: 5, priceShare: 0.94 },
      { org: 'xinlian', at: 3, priceShare: 0.91 },
    ],
    enquiry: { by: 'pengcheng', asked: 7, answered: 6 },
  },
  {
    key: 'elderly_ky',
    mode: 'government_purchase',
    reach: 'tender_awarded',
    decider: 'official',
    created: 60,
    submitted: 60,
    approved: 59,
    published: 58,
    deadline: 35,
    bids: [
      { org: 'yangguang', at: 45, priceShare: 0.9 },
      { org: 'xinlian', at: 42, priceShare: 0.92 },
      { org: 'xiehui', at: 37, priceShare: 0.87 },
    ],
    qualified: 10,
    panel: { at: 10, scored: 8, scorers: 3, quality: { xinlian: 90, yangguang: 78, xiehui: 72 } },
    evaluated: 4,
    complaint: { by: 'yangguang', at: 2 },
  },
  {
    key: 'culture_ts',
    mode: 'government_purchase',
    reach: 'tender_closed',
    decider: 'official',
    created: 30,
    submitted: 30,
    approved: 29,
    published: 25,
    deadline: 2,
    bids: [
      { org: 'yangguang', at: 10, priceShare: 0.93 },
      { org: 'xinlian', at: 8, priceShare: 0.95 },
      { org: 'xiehui', at: 4, priceShare: 0.9 },
    ],
  },
  {
    key: 'jobs_lq',
    mode: 'government_purchase',
    reach: 'tender_cancelled',
    decider: 'official',
    created: 46,
    submitted: 46,
    approved: 45,
    published: 44,
    deadline: 20,
    bids: [{ org: 'xiehui', at: 35, priceShare: 0.9 }],
    cancelled: 30,
  },
  {
    key: 'culture_mz_venture',
    mode: 'venture_funding',
    reach: 'round',
    decider: 'street',
    created: 95,
    submitted: 94,
    approved: 93,
    published: 92,
    deadline: 70,
    bids: [
      { org: 'pengcheng', at: 80, priceShare: 0.45 },
      { org: 'yangguang', at: 76, priceShare: 0.4 },
      { org: 'xiehui', at: 72, priceShare: 0.35 },
    ],
    panel: { at: 69, scored: 67, scorers: 3 },
    evaluated: 65,
  },
  { key: 'meals_hl_draft', mode: 'government_purchase', reach: 'draft', decider: 'street', created: 2 },
  { key: 'rehab_mz_draft', mode: 'government_purchase', reach: 'draft', decider: 'street', created: 1 },
  { key: 'hardship_mz', mode: 'government_purchase', reach: 'submitted', decider: 'street', created: 4, submitted: 3 },
  {
    key: 'after_school_hl',
    mode: 'government_purchase',
    reach: 'returned',
    decider: 'street',
    created: 9,
    submitted: 8,
    returned: { at: 6 },
  },
  {
    key: 'legal_fc',
    mode: 'government_purchase',
    reach: 'approved',
    decider: 'official',
    created: 4,
    submitted: 4,
    approved: 2,
  },
];

/** The funder's own round, open today: organisations are still applying. */
export const OPEN_ROUND = {
  opened: 10,
  deadline: -20,
  applications: [
    { org: 'yangguang' as OrgKey, at: 6, share: 0.3 },
    { org: 'xinlian' as OrgKey, at: 3, share: 0.25 },
  ],
};
