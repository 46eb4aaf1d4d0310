import { z } from 'zod';
import { EvaluationCriterion, Eligibility, OrganisationKind, ProcurementMethod } from '../events/design';
import { Fen } from '../values/money';
import { AreaCode, Id } from '../values/ids';

const At = z.iso.datetime({ offset: true });
const Reason = z.string().trim().min(4).max(2000);
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

// ---------- organisations ----------

/** 助理社会工作师, 社会工作师, 高级社会工作师 (or none). */
export const CertificateLevel = z.enum(['none', 'assistant', 'intermediate', 'senior']);
export type CertificateLevel = z.infer<typeof CertificateLevel>;

export const SocialWorker = z.object({
  workerId: z.string().trim().min(1).max(64).describe('the social worker’s user id (sub), or a local id'),
  name: z.string().trim().min(1).max(50),
  certificateLevel: CertificateLevel,
  certificateNumber: z.string().trim().max(64).nullable().default(null),
  /** Works the generalist model (全科社工: one window, one guide, all-round service). */
  generalist: z.boolean().default(false),
  /** The communities where the worker is stationed (within the organisation's service areas). */
  communityCodes: z
    .array(AreaCode)
    .max(20)
    .default([])
    .refine((codes) => new Set(codes).size === codes.length, 'a community is listed twice'),
});

export const Capacity = z.object({
  staffCount: z.number().int().nonnegative(),
  maxConcurrentProjects: z.number().int().positive(),
});

export const RegisterOrganisationRequest = z
  .object({
    /** Checked by the service (check character, civil-affairs prefix), so that a failure can be overridden. */
    uscc: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[0-9A-Z]{18}$/, 'a Unified Social Credit Code has 18 letters and digits'),
    name: z.string().trim().min(2).max(200),
    legalRepresentative: z.string().trim().min(1).max(50),
    registeredOn: z.iso.date(),
    categories: z.array(z.string().trim().min(1)).min(1),
    serviceAreaCodes: z.array(AreaCode).max(100).default([]),
    capacity: Capacity.default({ staffCount: 0, maxConcurrentProjects: 1 }),
    /** Records a manual override of a failed USCC check (officials and admins; audited). */
    usccOverride: z.object({ reason: Reason }).strict().optional(),
  })
  .strict()
  .meta({ id: 'RegisterOrganisationRequest' });

export const UpdateOrganisationRequest = z
  .object({
    legalRepresentative: z.string().trim().min(1).max(50).optional(),
    categories: z.array(z.string().trim().min(1)).min(1).optional(),
    serviceAreaCodes: z.array(AreaCode).max(100).optional(),
    capacity: Capacity.optional(),
  })
  .strict()
  .refine((o) => Object.keys(o).length > 0, 'change at least one field')
  .meta({ id: 'UpdateOrganisationRequest' });

export const SetSocialWorkersRequest = z
  .object({ workers: z.array(SocialWorker).max(1000) })
  .strict()
  .meta({ id: 'SetSocialWorkersRequest' });

export const VerifyOrganisationRequest = z.object({ note: z.string().trim().max(500).optional() }).strict();

export const SanctionRequest = z
  .object({
    kind: z.enum(['suspension', 'ban']),
    reason: Reason,
    from: At.optional(),
    /** Required for a suspension; a ban without it is for good. */
    until: At.nullable().default(null),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.kind === 'suspension' && !s.until)
      ctx.addIssue({ code: 'custom', path: ['until'], message: 'a suspension needs its end' });
  })
  .meta({ id: 'SanctionRequest' });

export const LiftSanctionRequest = z.object({ reason: Reason }).strict();

export const OrganisationStatus = z.enum(['registered', 'verified', 'suspended', 'banned']);

export const SanctionView = z.object({
  sanctionId: Id,
  kind: z.enum(['suspension', 'ban']),
  reason: z.string(),
  from: z.string(),
  until: z.string().nullable(),
  by: z.string(),
  liftedAt: z.string().nullable(),
  liftReason: z.string().nullable(),
  inForce: z.boolean(),
});

/** Performance on the platform's contracts (procurement's ratings; see its README). */
export const OrganisationRating = z
  .object({
    completedContracts: z.number().int(),
    terminatedContracts: z.number().int(),
    /** Mean of fulfilment's performance scores (0–100) of the completed contracts. */
    meanScore: z.number().nullable(),
    /** Recency-weighted over every closed contract, a termination as 0; null without one. */
    score: z.number().nullable(),
    /** The latest closed contracts, latest first. */
    recent: z.array(
      z.object({
        contractId: Id,
        outcome: z.enum(['completed', 'terminated']),
        score: z.number().nullable(),
        at: z.string(),
        reason: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'OrganisationRating' });

export const OrganisationView = z
  .object({
    organisationId: Id,
    uscc: z.string(),
    name: z.string(),
    kind: z.string().nullable(),
    legalRepresentative: z.string(),
    categories: z.array(z.string()),
    serviceAreaCodes: z.array(z.string()),
    capacity: Capacity,
    registeredOn: z.string(),
    /** In force now: a sanction in force outranks verification. */
    status: OrganisationStatus,
    verifiedAt: z.string().nullable(),
    usccCheck: z.object({
      ok: z.boolean(),
      reason: z.string().nullable(),
      override: z.object({ by: z.string(), reason: z.string(), at: z.string() }).nullable(),
    }),
    socialWorkers: z.object({
      total: z.number().int(),
      certified: z.number().int(),
      /** Percent of social workers holding a certificate, rounded down. */
      certifiedPercent: z.number().int(),
      byLevel: z.record(z.string(), z.number().int()),
    }),
    /** The names and levels: the organisation itself and officials only. */
    workers: z.array(SocialWorker).optional(),
    sanctions: z.array(SanctionView),
    /** On the read endpoints (`GET /organisations`, `GET /organisations/{id}`). */
    rating: OrganisationRating.optional(),
  })
  .meta({ id: 'Organisation' });

export const AuditEntry = z.object({ at: z.string(), by: z.string(), action: z.string(), detail: z.string() });
export const OrganisationIdParams = z.object({ organisationId: Id });
export const SanctionParams = z.object({ organisationId: Id, sanctionId: Id });
export const ListOrganisationsQuery = z.object({
  status: OrganisationStatus.optional(),
  category: z.string().optional(),
});

// ---------- tenders ----------

/**
 * Mapped to OCDS tender.status: enquiry and tendering (the enquiry period overlaps
 * the tender period and ends first), closed (bids opened, qualification) and
 * evaluation are `active`; awarded (standstill) too; then complete, unsuccessful, cancelled.
 */
export const TenderStatus = z.enum([
  'enquiry',
  'tendering',
  'closed',
  'evaluation',
  'awarded',
  'complete',
  'unsuccessful',
  'cancelled',
]);
export type TenderStatus = z.infer<typeof TenderStatus>;

export const AwardView = z.object({
  awardId: Id,
  bidId: Id,
  organisationId: Id,
  organisationName: z.string(),
  amountFen: Fen,
  status: z.enum(['pending', 'active', 'cancelled']),
  date: z.string(),
  standstillEnd: z.string(),
  cancelledReason: z.string().nullable(),
});

export const TenderView = z
  .object({
    tenderId: Id,
    ocid: z.string(),
    projectId: Id,
    attempt: z.number().int(),
    previousTenderId: Id.nullable(),
    title: z.string(),
    category: z.string(),
    communityCodes: z.array(z.string()),
    budgetFen: Fen,
    budgetCeilingFen: Fen,
    method: ProcurementMethod,
    /** The Chinese name of the method (公开招标, 竞争性磋商, …). */
    methodDetails: z.string(),
    methodChanges: z.array(z.object({ from: z.string(), to: z.string(), reason: z.string(), at: z.string() })),
    criteria: z.array(EvaluationCriterion),
    eligibility: Eligibility,
    minQualifiedBids: z.number().int(),
    enquiryPeriod: z.object({ start: z.string(), end: z.string() }),
    deadline: z.string(),
    status: TenderStatus,
    /** Null until the deadline: not even the number of bids is told while they are sealed. */
    bidCount: z.number().int().nullable(),
    closedAt: z.string().nullable(),
    failure: z.object({ stage: z.string(), reason: z.string(), at: z.string() }).nullable(),
    cancellation: z.object({ reason: z.string(), at: z.string() }).nullable(),
    award: AwardView.nullable(),
    awardedBidId: Id.nullable(),
  })
  .meta({ id: 'Tender' });

export const TenderIdParams = z.object({ tenderId: Id });
export const BidParams = z.object({ tenderId: Id, bidId: Id });

export const MyBidsQuery = z
  .object({
    tenderId: Id.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
export const ListTendersQuery = z.object({ projectId: Id.optional(), status: TenderStatus.optional() });

export const SubmitBidRequest = z
  .object({
    priceFen: Fen.refine((v) => v > 0, 'price must be positive'),
    proposal: z.string().trim().min(10).max(20_000),
  })
  .strict()
  .meta({ id: 'SubmitBidRequest' });

export const CommitmentEntry = z.object({
  commitment: Sha256,
  revision: z.number().int(),
  at: z.string(),
  /** Replaced by a later revision, or withdrawn. */
  superseded: z.boolean(),
});

export const BidReceipt = z
  .object({
    bidId: Id,
    tenderId: Id,
    organisationId: Id,
    status: z.enum(['submitted', 'withdrawn']),
    revision: z.number().int(),
    submittedAt: z.string(),
    /**
     * SHA-256 (hex) of the UTF-8 text JSON.stringify([tenderId, organisationId, priceFen,
     * proposal, nonce]); the nonce stays sealed with the bid and is published at opening.
     */
    commitment: Sha256,
    commitmentHistory: z.array(CommitmentEntry),
  })
  .meta({ id: 'BidReceipt' });

export const EligibilityCheck = z.object({ check: z.string(), passed: z.boolean(), detail: z.string() });

export const OpenedBidView = z
  .object({
    bidId: Id,
    organisationId: Id,
    organisationName: z.string(),
    priceFen: Fen,
    proposal: z.string(),
    commitment: Sha256,
    nonce: z.string(),
    revision: z.number().int(),
    submittedAt: z.string(),
    qualification: z.object({
      status: z.enum(['pending', 'qualified', 'disqualified']),
      checks: z.array(EligibilityCheck),
      reason: z.string().nullable(),
      decidedBy: z.string().nullable(),
      decidedAt: z.string().nullable(),
    }),
  })
  .meta({ id: 'OpenedBid' });

export const CommitmentView = z.object({
  bidId: Id,
  organisationId: Id,
  organisationName: z.string(),
  status: z.enum(['submitted', 'withdrawn']),
  commitment: Sha256,
  history: z.array(CommitmentEntry),
});

export const AskEnquiryRequest = z.object({ question: z.string().trim().min(5).max(4000) }).strict();
export const AnswerEnquiryRequest = z.object({ answer: z.string().trim().min(2).max(8000) }).strict();
export const EnquiryParams = z.object({ tenderId: Id, enquiryId: Id });
export const EnquiryView = z
  .object({
    enquiryId: Id,
    question: z.string(),
    askedAt: z.string(),
    answer: z.string().nullable(),
    answeredAt: z.string().nullable(),
    /** True only for the organisation that asked; nobody else is ever told who asked. */
    mine: z.boolean(),
  })
  .meta({ id: 'Enquiry' });

export const QualifyBidsRequest = z
  .object({
    decisions: z
      .array(
        z
          .object({ bidId: Id, qualified: z.boolean(), reason: z.string().trim().max(2000).optional() })
          .superRefine((d, ctx) => {
            if (!d.qualified && (!d.reason || d.reason.length < 4))
              ctx.addIssue({ code: 'custom', path: ['reason'], message: 'a disqualification needs its reason' });
          }),
      )
      .min(1),
  })
  .strict()
  .meta({ id: 'QualifyBidsRequest' });

export const ContinueTenderRequest = z
  .object({ method: ProcurementMethod, reason: Reason })
  .strict()
  .meta({ id: 'ContinueTenderRequest' });

export const RerunTenderRequest = z
  .object({
    reason: Reason,
    method: ProcurementMethod.optional(),
    tenderPeriodSeconds: z
      .number()
      .int()
      .positive()
      .max(180 * 24 * 3600)
      .optional(),
  })
  .strict()
  .meta({ id: 'RerunTenderRequest' });

export const CancelRequest = z.object({ reason: Reason }).strict();

// ---------- evaluation panels (tenders and rounds) ----------

export const AssignPanelRequest = z
  .object({
    evaluators: z
      .array(
        z.object({
          evaluatorId: z.string().trim().min(1).max(128).describe('the evaluator’s user id (sub)'),
          name: z.string().trim().min(1).max(50),
          affiliationOrganisationId: Id.nullable().default(null),
        }),
      )
      .min(1)
      .max(25),
  })
  .strict()
  .meta({ id: 'AssignPanelRequest' });

export const DeclarationRequest = z
  .object({ conflictOfInterest: z.boolean(), statement: z.string().trim().min(2).max(2000) })
  .strict()
  .meta({ id: 'DeclarationRequest' });

export const PanelView = z
  .object({
    minEvaluators: z.number().int(),
    /** Who is being evaluated (names only), so evaluators can declare before seeing any content. */
    subjects: z.array(z.object({ subjectId: Id, organisationId: Id, organisationName: z.string() })),
    evaluators: z.array(
      z.object({
        evaluatorId: z.string(),
        name: z.string(),
        affiliationOrganisationId: Id.nullable(),
        status: z.enum(['assigned', 'declared', 'recused']),
        declaration: z.object({ conflictOfInterest: z.boolean(), statement: z.string(), at: z.string() }).nullable(),
        detectedConflict: z.string().nullable(),
        sheetSubmittedAt: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'Panel' });

export const ScoreSheetRequest = z
  .object({
    scores: z
      .array(
        z.object({
          subjectId: Id.describe('bid id (tenders) or application id (rounds)'),
          criterionCode: z.string(),
          score: z.number().min(0).max(100),
          comment: z.string().trim().max(2000).optional(),
        }),
      )
      .min(1),
  })
  .strict()
  .meta({ id: 'ScoreSheetRequest' });

export const ScoreSheetView = z.object({
  evaluatorId: z.string(),
  submittedAt: z.string(),
  version: z.number().int(),
  scores: z.array(
    z.object({ subjectId: Id, criterionCode: z.string(), score: z.number(), comment: z.string().nullable() }),
  ),
});

export const OutlierView = z.object({
  evaluatorId: z.string(),
  subjectId: Id,
  criterionCode: z.string(),
  score: z.number(),
  mean: z.number(),
  reason: z.string(),
});

export const EvaluationResult = z
  .object({
    tenderId: Id,
    basePriceFen: Fen,
    priceWeight: z.number(),
    evaluators: z.array(z.string()),
    ranking: z.array(
      z.object({
        bidId: Id,
        organisationId: Id,
        organisationName: z.string(),
        priceFen: Fen,
        priceScore: z.number(),
        /** Σ weighted evaluator-scored criteria (the mean of the evaluators per criterion). */
        technicalScore: z.number(),
        criterionScores: z.array(
          z.object({ criterionCode: z.string(), mean: z.number(), weight: z.number(), weighted: z.number() }),
        ),
        totalScore: z.number(),
        rank: z.number().int(),
      }),
    ),
    outliers: z.array(OutlierView),
    evaluatedAt: z.string(),
  })
  .meta({ id: 'EvaluationResult' });

export const AwardTenderRequest = z.object({ bidId: Id.optional() }).strict();

export const FileComplaintRequest = z
  .object({ title: z.string().trim().min(2).max(200), description: z.string().trim().min(10).max(8000) })
  .strict()
  .meta({ id: 'FileComplaintRequest' });
export const ResolveComplaintRequest = z
  .object({ decision: z.enum(['upheld', 'rejected']), resolution: Reason })
  .strict()
  .meta({ id: 'ResolveComplaintRequest' });
export const ComplaintParams = z.object({ tenderId: Id, complaintId: Id });
export const ComplaintView = z
  .object({
    complaintId: Id,
    tenderId: Id,
    organisationId: Id,
    title: z.string(),
    description: z.string(),
    status: z.enum(['pending', 'upheld', 'rejected']),
    filedAt: z.string(),
    resolution: z.string().nullable(),
    resolvedAt: z.string().nullable(),
  })
  .meta({ id: 'Complaint' });

// ---------- recommendations ----------

export const RecommendationFactor = z.object({ score: z.number().min(0).max(1), reason: z.string() });
export const RecommendationsView = z
  .object({
    tenderId: Id,
    items: z.array(
      z.object({
        rank: z.number().int(),
        organisationId: Id,
        name: z.string(),
        score: z.number(),
        factors: z.object({
          category: RecommendationFactor,
          serviceArea: RecommendationFactor,
          capacity: RecommendationFactor,
          certifiedShare: RecommendationFactor,
          pastPerformance: RecommendationFactor,
        }),
        reasons: z.array(z.string()),
      }),
    ),
    excluded: z.array(z.object({ organisationId: Id, name: z.string(), reasons: z.array(z.string()) })),
  })
  .meta({ id: 'Recommendations' });

// ---------- venture-funding rounds (公益创投) ----------

export const RoundCriterion = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
  name: z.string().trim().min(1).max(100),
  weight: z.number().int().min(1).max(100),
});

export const OpenRoundRequest = z
  .object({
    title: z.string().trim().min(2).max(200),
    description: z.string().trim().max(8000).default(''),
    categories: z.array(z.string().trim().min(1)).min(1),
    budgetFen: Fen.refine((v) => v > 0, 'a round needs a budget'),
    maxGrantFen: Fen.nullable().default(null),
    deadline: At,
    criteria: z
      .array(RoundCriterion)
      .min(1)
      .superRefine((cs, ctx) => {
        const total = cs.reduce((s, c) => s + c.weight, 0);
        if (total !== 100) ctx.addIssue({ code: 'custom', message: `criterion weights must sum to 100, not ${total}` });
      }),
    /** The bonus for matching funds: points per 10% of the grant matched, up to a cap. */
    matchingBonus: z
      .object({ pointsPerTenPercent: z.number().min(0).max(10), maxPoints: z.number().min(0).max(20) })
      .default({ pointsPerTenPercent: 1, maxPoints: 5 }),
    /** Applications scoring below this total get no grant. */
    minScore: z.number().min(0).max(100).default(60),
    eligibleKinds: z
      .array(OrganisationKind)
      .min(1)
      .default(['social_association', 'private_non_enterprise_unit', 'foundation']),
    programmeId: Id.nullable().default(null),
  })
  .strict()
  .meta({ id: 'OpenRoundRequest' });

export const RoundStatus = z.enum(['open', 'closed', 'evaluation', 'awarded', 'cancelled']);

export const RoundView = z
  .object({
    roundId: Id,
    title: z.string(),
    description: z.string(),
    categories: z.array(z.string()),
    budgetFen: Fen,
    maxGrantFen: Fen.nullable(),
    deadline: z.string(),
    criteria: z.array(RoundCriterion),
    matchingBonus: z.object({ pointsPerTenPercent: z.number(), maxPoints: z.number() }),
    minScore: z.number(),
    eligibleKinds: z.array(z.string()),
    programmeId: Id.nullable(),
    projectId: Id.nullable(),
    status: RoundStatus,
    applicationCount: z.number().int().nullable(),
    grants: z
      .array(
        z.object({
          grantId: Id,
          applicationId: Id,
          organisationId: Id,
          organisationName: z.string(),
          amountFen: Fen,
          rank: z.number().int(),
          totalScore: z.number(),
        }),
      )
      .nullable(),
    awardedFen: Fen.nullable(),
  })
  .meta({ id: 'Round' });

export const RoundIdParams = z.object({ roundId: Id });
export const ApplicationParams = z.object({ roundId: Id, applicationId: Id });

export const ApplyRequest = z
  .object({
    title: z.string().trim().min(2).max(200),
    category: z.string().trim().min(1),
    proposal: z.string().trim().min(10).max(20_000),
    requestedFen: Fen.refine((v) => v > 0, 'ask for a positive amount'),
    matchingFundsFen: Fen.default(0),
    budgetLines: z
      .array(z.object({ item: z.string().trim().min(1).max(200), amountFen: Fen }))
      .max(50)
      .default([]),
  })
  .strict()
  .meta({ id: 'ApplyRequest' });

export const ApplicationView = z
  .object({
    applicationId: Id,
    roundId: Id,
    organisationId: Id,
    organisationName: z.string(),
    title: z.string(),
    category: z.string(),
    proposal: z.string(),
    requestedFen: Fen,
    matchingFundsFen: Fen,
    budgetLines: z.array(z.object({ item: z.string(), amountFen: Fen })),
    status: z.enum(['submitted', 'withdrawn', 'ineligible', 'granted', 'not_granted']),
    ineligibleReasons: z.array(z.string()),
    submittedAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Application' });

export const RoundEvaluationView = z
  .object({
    roundId: Id,
    evaluators: z.array(z.string()),
    ranking: z.array(
      z.object({
        applicationId: Id,
        organisationId: Id,
        organisationName: z.string(),
        requestedFen: Fen,
        matchingFundsFen: Fen,
        criterionScores: z.array(
          z.object({ criterionCode: z.string(), mean: z.number(), weight: z.number(), weighted: z.number() }),
        ),
        weightedScore: z.number(),
        bonus: z.number(),
        totalScore: z.number(),
        rank: z.number().int(),
        grantFen: Fen,
        decision: z.string(),
      }),
    ),
    outliers: z.array(OutlierView),
    awardableFen: Fen,
    evaluatedAt: z.string(),
  })
  .meta({ id: 'RoundEvaluation' });

// ---------- policy ----------

/** A procurement policy and the date it takes effect (a tender keeps the one in force when it opened). */
export const PolicyView = z
  .object({
    effectiveFrom: z.string(),
    minPriceWeight: z.number(),
    defaultPriceWeight: z.number(),
    minQualifiedBids: z.record(z.string(), z.number()),
    tenderPeriodSeconds: z.number(),
    enquiryLeadSeconds: z.number(),
    standstillSeconds: z.number(),
    minEvaluators: z.number(),
    outlierStandardDeviations: z.number(),
    outlierGapPoints: z.number(),
  })
  .meta({ id: 'ProcurementPolicy' });

// ---------- OCDS ----------

export const OcdsReleasesQuery = z.object({
  ocid: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const OcdsPackage = z.record(z.string(), z.unknown()).meta({ id: 'OcdsPackage' });
