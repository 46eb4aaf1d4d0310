import { z } from 'zod';
import { BeneficiaryGroup, FundingMode, NeedStatus, TrancheTerm, Urgency } from '../events/common';
import {
  Eligibility,
  EvaluationCriterion,
  Kpi,
  ProcurementMethod,
  ProjectStatus as ProjectStatusEnum,
  ServicePeriod,
} from '../events/design';
import { Fen } from '../values/money';
import { AreaCode, Id } from '../values/ids';

export const DEFAULT_TRANCHES = [
  { percent: 30, milestone: 'signing' },
  { percent: 40, milestone: 'mid_term_evaluation' },
  { percent: 30, milestone: 'final_acceptance' },
] as const;

export const ProjectStatus = ProjectStatusEnum;

export const BudgetLineKind = z.enum(['personnel', 'activities', 'materials', 'administration']);
export type BudgetLineKind = z.infer<typeof BudgetLineKind>;

export const BudgetLine = z.object({
  kind: BudgetLineKind,
  description: z.string().trim().min(1).max(200),
  amountFen: Fen.refine((v) => v > 0, 'a budget line must be positive'),
});
export type BudgetLine = z.infer<typeof BudgetLine>;

const DEFAULT_ELIGIBILITY: Eligibility = {
  organisationKinds: ['social_association', 'private_non_enterprise_unit', 'foundation'],
  serviceAreaCodes: [],
  minCertifiedSocialWorkerPercent: 0,
};

/**
 * What an author writes. Only the structure is checked here (400); the policy rules
 * (weights, shares, sums, periods, the programme's budget) are the linter's, so an
 * incomplete draft can be saved and the violations listed before submission.
 */
const ProjectFields = z.object({
  title: z.string().trim().min(2).max(200),
  category: z.string().trim().min(1).max(64),
  needIds: z.array(Id).min(1).max(500),
  /** Communities served beyond those of the linked needs (多社区一中心). */
  communityCodes: z.array(AreaCode).max(50),
  objectives: z.array(z.string().trim().min(2).max(500)).max(20),
  kpis: z.array(Kpi).max(30),
  servicePeriod: ServicePeriod.nullable(),
  budgetLines: z.array(BudgetLine).max(50),
  fundingMode: FundingMode,
  programmeId: Id.nullable(),
  /** Venture funding: what the organisation or other sources put in beside the grant. */
  matchingFundsFen: Fen,
  procurementMethod: ProcurementMethod,
  methodJustification: z.string().trim().max(2000).nullable(),
  eligibility: Eligibility,
  evaluationCriteria: z.array(EvaluationCriterion).max(20),
  tranches: z.array(TrancheTerm).min(1).max(12),
});

export const CreateProjectRequest = ProjectFields.extend({
  communityCodes: ProjectFields.shape.communityCodes.default([]),
  objectives: ProjectFields.shape.objectives.default([]),
  kpis: ProjectFields.shape.kpis.default([]),
  servicePeriod: ProjectFields.shape.servicePeriod.default(null),
  budgetLines: ProjectFields.shape.budgetLines.default([]),
  programmeId: ProjectFields.shape.programmeId.default(null),
  matchingFundsFen: Fen.default(0),
  procurementMethod: ProcurementMethod.default('open_tender'),
  methodJustification: ProjectFields.shape.methodJustification.default(null),
  eligibility: Eligibility.default(DEFAULT_ELIGIBILITY),
  evaluationCriteria: ProjectFields.shape.evaluationCriteria.default([]),
  tranches: ProjectFields.shape.tranches.default([...DEFAULT_TRANCHES]),
})
  .strict()
  .meta({ id: 'CreateProjectRequest' });
export type CreateProjectRequest = z.infer<typeof CreateProjectRequest>;

export const UpdateProjectRequest = ProjectFields.partial()
  .extend({
    expectedVersion: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('the version you edited; a different current version is a 409'),
  })
  .strict()
  .refine((u) => Object.keys(u).some((k) => k !== 'expectedVersion'), 'nothing to change')
  .meta({ id: 'UpdateProjectRequest' });
export type UpdateProjectRequest = z.infer<typeof UpdateProjectRequest>;

export const ReturnProjectRequest = z
  .object({ comments: z.string().trim().min(5).max(4000) })
  .strict()
  .meta({ id: 'ReturnProjectRequest' });

export const CancelProjectRequest = z
  .object({ reason: z.string().trim().min(5).max(2000) })
  .strict()
  .meta({ id: 'CancelProjectRequest' });

export const PublishProjectRequest = z
  .object({
    bidDeadline: z.iso
      .datetime({ offset: true })
      .optional()
      .describe('when bids close; without it procurement applies its default tender period'),
  })
  .strict()
  .optional()
  .meta({ id: 'PublishProjectRequest' });

export const Reservation = z.object({
  programmeId: Id,
  amountFen: Fen,
  reservedAt: z.string(),
});

export const ProjectView = z
  .object({
    projectId: Id,
    title: z.string(),
    category: z.string(),
    needIds: z.array(Id),
    communityCodes: z.array(z.string()),
    streetCodes: z.array(z.string()),
    objectives: z.array(z.string()),
    kpis: z.array(Kpi),
    servicePeriod: ServicePeriod.nullable(),
    budgetLines: z.array(BudgetLine),
    budgetFen: Fen.describe('sum of the budget lines'),
    fundingMode: FundingMode,
    programmeId: Id.nullable(),
    matchingFundsFen: Fen,
    requestedFen: Fen.describe('what the programme is asked for: the budget net of matching funds'),
    procurementMethod: ProcurementMethod,
    methodJustification: z.string().nullable(),
    eligibility: Eligibility,
    evaluationCriteria: z.array(EvaluationCriterion),
    tranches: z.array(TrancheTerm),
    status: ProjectStatus,
    version: z.number().int(),
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    submittedAt: z.string().nullable(),
    approvedAt: z.string().nullable(),
    approvedBy: z.string().nullable(),
    publishedAt: z.string().nullable(),
    bidDeadline: z.string().nullable(),
    returnComments: z.string().nullable(),
    cancelledAt: z.string().nullable(),
    cancelReason: z.string().nullable(),
    reservation: Reservation.nullable(),
    contractIds: z.array(Id),
  })
  .meta({ id: 'Project' });
export type ProjectView = z.infer<typeof ProjectView>;

export const ProjectIdParams = z.object({ projectId: Id });

export const ListProjectsQuery = z.object({
  status: ProjectStatus.optional(),
  category: z.string().optional(),
  communityCode: AreaCode.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const HistoryEntry = z
  .object({
    version: z.number().int(),
    at: z.string(),
    by: z.string(),
    action: z.string(),
    fields: z.array(z.string()).optional(),
    from: ProjectStatus.optional(),
    to: ProjectStatus.optional(),
    comment: z.string().optional(),
  })
  .meta({ id: 'ProjectHistoryEntry' });

export const ProjectHistory = z.object({ projectId: Id, version: z.number().int(), items: z.array(HistoryEntry) });

export const Violation = z.object({
  field: z.string().describe('the field at fault, e.g. evaluationCriteria or budgetLines'),
  rule: z.string().describe('stable rule id, e.g. price-weight-min'),
  message: z.string(),
});
export type Violation = z.infer<typeof Violation>;

export const LintResult = z
  .object({
    projectId: Id,
    version: z.number().int(),
    checkedAt: z.string(),
    policy: z.object({ policyId: z.string(), effectiveFrom: z.string() }),
    violations: z.array(Violation),
  })
  .meta({ id: 'LintResult' });

// ---------- open needs and suggestions ----------

export const OpenNeedView = z
  .object({
    needId: Id,
    caseNumber: z.string(),
    category: z.string(),
    communityCode: AreaCode,
    streetCode: z.string().nullable(),
    gridCode: AreaCode,
    urgency: Urgency,
    beneficiaryCount: z.number().int(),
    beneficiaryGroups: z.array(BeneficiaryGroup),
    status: NeedStatus,
    loggedAt: z.string(),
    projectId: Id.nullable(),
  })
  .meta({ id: 'OpenNeed' });

export const ListOpenNeedsQuery = z.object({
  category: z.string().optional(),
  communityCode: AreaCode.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const SuggestionLevel = z.enum(['auto', 'grid', 'community', 'street']);

export const SuggestionsQuery = z.object({
  category: z.string().optional(),
  area: AreaCode.optional().describe('only needs under this district, street, community or grid (within your scope)'),
  level: SuggestionLevel.default('auto').describe(
    'auto: a community with enough needs stands alone; smaller ones of a street are merged (多社区一中心)',
  ),
  minNeeds: z.coerce.number().int().min(1).max(10_000).optional().describe('fewest needs for a suggestion'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const UrgencyMix = z.object({
  low: z.number().int(),
  normal: z.number().int(),
  high: z.number().int(),
  critical: z.number().int(),
});

export const DraftBudget = z.object({
  totalFen: Fen,
  lines: z.array(z.object({ kind: BudgetLineKind, amountFen: Fen })),
  basis: z.object({ perBeneficiaryFen: Fen, baseFen: Fen, beneficiaries: z.number().int() }),
});

export const Suggestion = z
  .object({
    key: z.string(),
    category: z.string(),
    beneficiaryGroup: z.string().describe('the leading group of the cluster, or general'),
    level: z.enum(['grid', 'community', 'street']),
    areaCode: z.string(),
    streetCode: z.string().nullable(),
    communityCodes: z.array(z.string()),
    gridCodes: z.array(z.string()),
    multiCommunity: z.boolean(),
    needsCount: z.number().int(),
    beneficiaries: z.number().int(),
    urgency: UrgencyMix,
    groups: z.record(z.string(), z.number().int()),
    oldestLoggedAt: z.string(),
    oldestWaitingDays: z.number(),
    needIds: z.array(Id).describe('oldest first, at most the needs one project may link'),
    needIdsTruncated: z.boolean(),
    draftBudget: DraftBudget.nullable().describe('null when the category has no unit-cost benchmark'),
  })
  .meta({ id: 'Suggestion' });
export type Suggestion = z.infer<typeof Suggestion>;

export const Suggestions = z
  .object({
    generatedAt: z.string(),
    openNeeds: z.number().int().describe('open, unlinked needs considered'),
    minNeeds: z.number().int(),
    suggestions: z.array(Suggestion),
    belowThreshold: z.object({ clusters: z.number().int(), needs: z.number().int() }),
  })
  .meta({ id: 'Suggestions' });

// ---------- unit costs ----------

export const LineShares = z
  .object({
    personnel: z.number().int().min(0).max(100),
    activities: z.number().int().min(0).max(100),
    materials: z.number().int().min(0).max(100),
    administration: z.number().int().min(0).max(100),
  })
  .refine((s) => s.personnel + s.activities + s.materials + s.administration === 100, 'shares must sum to 100');

export const UpsertUnitCostRequest = z
  .object({
    perBeneficiaryFen: Fen,
    baseFen: Fen.default(0),
    lineShares: LineShares,
    note: z.string().max(500).default(''),
  })
  .strict()
  .meta({ id: 'UpsertUnitCostRequest' });

export const UnitCostView = z
  .object({
    category: z.string(),
    perBeneficiaryFen: Fen,
    baseFen: Fen,
    lineShares: z.record(BudgetLineKind, z.number().int()),
    note: z.string(),
    updatedAt: z.string(),
    updatedBy: z.string(),
  })
  .meta({ id: 'UnitCost' });

export const CategoryParams = z.object({ category: z.string().regex(/^[a-z][a-z0-9_]{0,63}$/) });

// ---------- funding programmes ----------

export const CreateProgrammeRequest = z
  .object({
    name: z.string().trim().min(2).max(200),
    funderCode: z
      .string()
      .trim()
      .regex(/^[A-Z0-9][A-Z0-9-]{1,39}$/, 'upper-case letters, digits and dashes'),
    funderName: z.string().trim().min(2).max(200),
    fiscalYear: z.number().int().min(2000).max(2100),
    mode: FundingMode,
    budgetFen: Fen.refine((v) => v > 0, 'a programme budget must be positive'),
    /** Venture funding: the least share of a project's budget that must come from matching funds. */
    matchingPercent: z.number().int().min(0).max(100).default(0),
    /** Venture funding: the largest grant one project may get. */
    maxGrantFen: Fen.nullable().default(null),
    /** Where its projects may serve; empty means anywhere. */
    areaCodes: z.array(AreaCode).max(50).default([]),
  })
  .strict()
  .refine((p) => p.mode === 'venture_funding' || (p.matchingPercent === 0 && p.maxGrantFen === null), {
    message: 'matching funds and a grant cap are rules of a venture-funding round',
    path: ['mode'],
  })
  .meta({ id: 'CreateProgrammeRequest' });

export const ProgrammeIdParams = z.object({ programmeId: Id });

export const ProgrammeView = z
  .object({
    programmeId: Id,
    name: z.string(),
    funderCode: z.string(),
    funderName: z.string(),
    fiscalYear: z.number().int(),
    mode: FundingMode,
    budgetFen: Fen,
    reservedFen: Fen,
    availableFen: Fen,
    matchingPercent: z.number().int(),
    maxGrantFen: Fen.nullable(),
    areaCodes: z.array(z.string()),
    status: z.enum(['open', 'closed']),
    reservations: z.array(
      z.object({
        projectId: Id,
        amountFen: Fen,
        status: z.enum(['held', 'released']),
        reservedAt: z.string(),
        reservedBy: z.string(),
        releasedAt: z.string().nullable(),
        releaseReason: z.string().nullable(),
      }),
    ),
    createdAt: z.string(),
  })
  .meta({ id: 'Programme' });

export const ListProgrammesQuery = z.object({
  fiscalYear: z.coerce.number().int().optional(),
  mode: FundingMode.optional(),
});

// ---------- policy versions ----------

export const PolicyValues = z
  .object({
    minPriceWeightPercent: z.number().int().min(0).max(100),
    maxPriceWeightPercent: z.number().int().min(0).max(100).nullable(),
    maxAdministrationSharePercent: z.number().int().min(0).max(100),
    minServiceDays: z.number().int().min(1),
    maxServiceMonths: z.number().int().min(1).max(120),
    minJustificationChars: z.number().int().min(0).max(2000),
    minBidPeriodDays: z.record(ProcurementMethod, z.number().int().min(0).max(365)),
  })
  .strict()
  .refine((v) => v.maxPriceWeightPercent === null || v.maxPriceWeightPercent >= v.minPriceWeightPercent, {
    message: 'the price-weight cap is below the floor',
    path: ['maxPriceWeightPercent'],
  })
  .meta({ id: 'PolicyValues' });
export type PolicyValues = z.infer<typeof PolicyValues>;

export const CreatePolicyVersionRequest = z
  .object({
    effectiveFrom: z.iso.datetime({ offset: true }),
    values: PolicyValues,
    note: z.string().trim().min(2).max(1000),
  })
  .strict()
  .meta({ id: 'CreatePolicyVersionRequest' });

export const PolicyVersionView = z
  .object({
    policyId: z.string(),
    effectiveFrom: z.string(),
    values: PolicyValues,
    note: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
    inForce: z.boolean(),
  })
  .meta({ id: 'PolicyVersion' });
