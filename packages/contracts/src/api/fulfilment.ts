import { z } from 'zod';
import { MilestoneKind, TrancheTerm } from '../events/common';
import { PerformanceComponents, TerminationFault } from '../events/fulfilment';
import { Fen } from '../values/money';
import { AreaCode, Id } from '../values/ids';

export const MilestoneView = z.object({
  milestoneId: Id,
  kind: MilestoneKind,
  status: z.enum(['pending', 'accepted', 'failed']),
  acceptedAt: z.string().nullable(),
});

export const TrancheView = TrancheTerm.extend({
  trancheId: Id,
  amountFen: Fen,
  status: z.enum(['scheduled', 'disbursed', 'cancelled']),
  disbursedAt: z.string().nullable(),
  approvedBy: z.string().nullable(),
});

export const EvaluationView = z.object({
  evaluationId: Id,
  milestoneId: Id,
  kind: MilestoneKind,
  score: z.number(),
  passed: z.boolean(),
  summary: z.string(),
  evaluatedBy: z.string(),
  evaluatedAt: z.string(),
});

export const RemediationView = z.object({
  remediationId: Id,
  milestoneId: Id,
  plan: z.string(),
  submittedBy: z.string(),
  submittedAt: z.string(),
  status: z.enum(['submitted', 'accepted', 'rejected']),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string(),
});

export const AmendmentView = z.object({
  revision: z.number().int(),
  reason: z.string(),
  previousValueFen: Fen,
  valueFen: Fen,
  previousEndDate: z.string(),
  endDate: z.string(),
  amendedBy: z.string(),
  amendedAt: z.string(),
});

export const ContractView = z
  .object({
    contractId: Id,
    source: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('tender'), tenderId: Id, awardId: Id }),
      z.object({ kind: z.literal('grant'), roundId: Id, grantId: Id, programmeId: Id.nullable() }),
    ]),
    tenderId: Id.nullable(),
    projectId: Id.nullable(),
    organisationId: Id,
    organisationName: z.string(),
    title: z.string(),
    category: z.string(),
    needIds: z.array(Id),
    valueFen: Fen,
    disbursedFen: Fen,
    status: z.enum(['active', 'completed', 'terminated']),
    period: z.object({ startDate: z.string(), endDate: z.string() }),
    revision: z.number().int(),
    milestones: z.array(MilestoneView),
    tranches: z.array(TrancheView),
    fulfilledNeedIds: z.array(Id),
    amendments: z.array(AmendmentView),
    evaluations: z.array(EvaluationView),
    remediations: z.array(RemediationView),
    termination: z
      .object({
        reason: z.string(),
        /** null on contracts terminated before the fault was recorded. */
        fault: TerminationFault.nullable(),
        terminatedBy: z.string(),
        terminatedAt: z.string(),
      })
      .nullable(),
    completion: z
      .object({ performanceScore: z.number(), components: PerformanceComponents, completedAt: z.string() })
      .nullable(),
  })
  .meta({ id: 'Contract' });

/** The code a resident holds for a need of a contract: six characters, digits and capitals. */
export const ResidentCode = z.string().regex(/^[0-9A-Z]{6}$/, 'six digits or capital letters');

const ServiceLine = z.object({
  needId: Id,
  hours: z.number().positive().max(24),
  serviceType: z.string().trim().min(1).max(64),
  place: z.string().trim().max(200).default(''),
  notes: z.string().trim().max(2_000).default(''),
  /** The social worker's judgement that this visit completes the need's planned service. */
  completesNeed: z.boolean().default(false),
  /** The code the resident showed at the visit: the record counts as confirmed when it matches. */
  residentCode: ResidentCode.optional(),
});

export const RecordServiceRequest = ServiceLine.extend({ deliveredOn: z.iso.date() })
  .strict()
  .meta({ id: 'RecordServiceRequest' });

/** A day's work in one submission: every line is checked before any is stored. */
export const RecordServiceDayRequest = z
  .object({ deliveredOn: z.iso.date(), records: z.array(ServiceLine.strict()).min(1).max(50) })
  .strict()
  .meta({ id: 'RecordServiceDayRequest' });

export const ServiceRecordView = z
  .object({
    recordId: Id,
    contractId: Id,
    needId: Id,
    deliveredOn: z.string(),
    hours: z.number(),
    serviceType: z.string(),
    place: z.string(),
    notes: z.string(),
    completesNeed: z.boolean(),
    confirmed: z.boolean(),
    recordedBy: z.string(),
    recordedAt: z.string(),
  })
  .meta({ id: 'ServiceRecord' });

export const ListServiceRecordsQuery = z.object({
  needId: Id.optional(),
  deliveredOn: z.iso.date().optional(),
  confirmed: z.enum(['true', 'false']).optional(),
});

export const ResidentCodeView = z.object({ contractId: Id, needId: Id, code: ResidentCode });
export const NeedParams = z.object({ contractId: Id, needId: Id });

export const ContractIdParams = z.object({ contractId: Id });
export const MilestoneParams = z.object({ contractId: Id, milestoneId: Id });
export const TrancheParams = z.object({ contractId: Id, trancheId: Id });
export const ListContractsQuery = z.object({
  tenderId: Id.optional(),
  projectId: Id.optional(),
  roundId: Id.optional(),
  organisationId: Id.optional(),
});
export const RemediationParams = z.object({ contractId: Id, milestoneId: Id, remediationId: Id });

const Reason = z.string().trim().min(4).max(2_000);

export const AmendContractRequest = z
  .object({
    reason: Reason,
    valueFen: Fen.optional(),
    endDate: z.iso.date().optional(),
  })
  .strict()
  .refine((a) => a.valueFen !== undefined || a.endDate !== undefined, {
    message: 'an amendment changes the value, the end date or both',
    path: ['valueFen'],
  })
  .meta({ id: 'AmendContractRequest' });

export const EvaluateRequest = z
  .object({
    score: z.number().min(0).max(100),
    passed: z.boolean(),
    summary: z.string().trim().min(1).max(4_000),
  })
  .strict()
  .meta({ id: 'EvaluateRequest' });

export const SubmitRemediationRequest = z
  .object({ plan: z.string().trim().min(10).max(4_000) })
  .strict()
  .meta({ id: 'SubmitRemediationRequest' });

export const DecideRemediationRequest = z
  .object({ accept: z.boolean(), note: z.string().trim().max(2_000).default('') })
  .strict()
  .meta({ id: 'DecideRemediationRequest' });

/** Whose fault is stated by the official: only the organisation's counts against its rating. */
export const TerminateContractRequest = z
  .object({ reason: Reason, fault: TerminationFault })
  .strict()
  .meta({ id: 'TerminateContractRequest' });

const LineCode = z
  .string()
  .trim()
  .regex(/^[a-z0-9_]{1,32}$/, 'lower-case letters, digits and _');

/** The contract's budget lines; they add up to the contract value. */
export const SetBudgetRequest = z
  .object({
    lines: z
      .array(z.object({ code: LineCode, name: z.string().trim().min(1).max(100), amountFen: Fen }).strict())
      .min(1)
      .max(30)
      .refine((lines) => new Set(lines.map((l) => l.code)).size === lines.length, 'budget line codes must be unique'),
  })
  .strict()
  .meta({ id: 'SetBudgetRequest' });

export const ExpenseReportRequest = z
  .object({
    period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month: YYYY-MM'),
    lines: z
      .array(
        z
          .object({
            code: LineCode,
            amountFen: Fen,
            /** Voucher references (invoice or receipt numbers) behind the amount. */
            vouchers: z.array(z.string().trim().min(1).max(64)).min(1).max(200),
          })
          .strict(),
      )
      .min(1)
      .max(30),
    note: z.string().trim().max(2_000).default(''),
  })
  .strict()
  .meta({ id: 'ExpenseReportRequest' });

export const BudgetLineView = z.object({
  code: z.string(),
  name: z.string(),
  amountFen: Fen,
  spentFen: Fen,
  /** (spent − budget) / budget × 100. */
  variancePercent: z.number(),
  overspent: z.boolean(),
});

export const BudgetView = z
  .object({
    contractId: Id,
    allowedVariancePercent: z.number(),
    lines: z.array(BudgetLineView),
    reports: z.array(
      z.object({
        reportId: Id,
        period: z.string(),
        lines: z.array(z.object({ code: z.string(), amountFen: Fen, vouchers: z.array(z.string()) })),
        totalFen: Fen,
        note: z.string(),
        reportedBy: z.string(),
        reportedAt: z.string(),
        alerts: z.array(z.string()),
      }),
    ),
  })
  .meta({ id: 'Budget' });

export const FundingQuery = z.object({
  programmeId: Id.optional(),
  funderCode: z.string().trim().min(1).max(64).optional(),
  by: z.enum(['total', 'category', 'district', 'street', 'community', 'organisation']).default('total'),
  /** A month (YYYY-MM) or all time. */
  period: z
    .string()
    .regex(/^(all|\d{4}-(0[1-9]|1[0-2]))$/)
    .default('all'),
});

const FundingFigures = z.object({
  committedFen: z.number(),
  disbursedFen: z.number(),
  spentFen: z.number(),
  serviceHours: z.number(),
  serviceRecords: z.number(),
  beneficiaries: z.number(),
  budgetedFen: z.number().nullable(),
  remainingFen: z.number().nullable(),
  burnRatePercent: z.number().nullable(),
  costPerBeneficiaryFen: z.number().nullable(),
  costPerServiceHourFen: z.number().nullable(),
});

export const FundingView = z
  .object({
    programmes: z.array(
      z.object({ programmeId: z.string(), name: z.string(), funderCode: z.string(), budgetFen: Fen }),
    ),
    by: z.string(),
    period: z.string(),
    totals: FundingFigures,
    rows: z.array(FundingFigures.extend({ key: z.string(), label: z.string() })),
    tranchesDue: z.object({ count: z.number().int(), amountFen: Fen }),
  })
  .meta({ id: 'FundingView' });

// ---------- open data: 360Giving grants and the HSDS 3.0 service directory ----------

/** A moment: a date-time with its offset, or a day (taken as midnight China time). */
const Since = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

export const GrantsExportQuery = z.object({
  roundId: Id.optional().describe('only the grants of this venture-funding round'),
  since: Since.optional().describe('only grants changed (signed, amended, paid, completed, terminated) since then'),
});

const Organization360 = z.object({ id: z.string(), name: z.string(), organisationType: z.string().optional() });

/** 360Giving 1.4 grant, as published here (the standard's other fields are not filled). */
export const Grant360 = z
  .object({
    id: z.string().describe('publisher prefix + grant id'),
    title: z.string(),
    description: z.string(),
    currency: z.literal('CNY'),
    amountAwarded: z.number().describe('yuan: the current revision; a terminated grant: what was paid'),
    amountDisbursed: z.number(),
    awardDate: z.string(),
    plannedDates: z.array(z.object({ startDate: z.string(), endDate: z.string(), duration: z.number() })),
    actualDates: z.array(z.object({ startDate: z.string(), endDate: z.string(), description: z.string() })).optional(),
    recipientOrganization: z.array(Organization360),
    fundingOrganization: z.array(Organization360),
    grantProgramme: z.array(z.object({ code: z.string(), title: z.string() })).optional(),
    beneficiaryLocation: z.array(z.object({ id: z.string(), name: z.string(), countryCode: z.string() })).optional(),
    locationScope: z.string().optional(),
    fromOpenCall: z.enum(['Yes', 'No']),
    classifications: z.array(z.object({ vocabulary: z.string(), code: z.string(), title: z.string() })),
    disbursementTransaction: z
      .array(z.object({ id: z.string(), transactionDate: z.string(), value: z.number(), currency: z.literal('CNY') }))
      .optional(),
    dateModified: z.string(),
  })
  .meta({ id: 'Grant360' });

export const Grants360Package = z
  .object({
    grants: z.array(Grant360).min(1),
    version: z.string(),
    title: z.string(),
    description: z.string(),
    identifier: z.string(),
    modified: z.string(),
    publisher: z.object({ name: z.string() }),
    license: z.string(),
  })
  .meta({ id: 'Grants360Package' });

export const HsdsServicesQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  per_page: z.coerce.number().int().min(1).max(200).default(50),
  full: z.enum(['true', 'false']).default('false').describe('true: nested service areas, attributes and funding'),
  organization_id: Id.optional(),
  modified_after: Since.optional(),
});

const HsdsOrganization = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  legal_status: z.string().optional(),
  organization_identifiers: z
    .array(
      z.object({
        id: z.string(),
        organization_id: z.string(),
        identifier_scheme: z.string(),
        identifier_type: z.string(),
        identifier: z.string(),
      }),
    )
    .optional(),
});

/** An HSDS 3.0 service, as published here. */
export const HsdsService = z
  .object({
    id: z.string(),
    organization_id: z.string(),
    name: z.string(),
    description: z.string(),
    status: z.enum(['active', 'inactive', 'defunct', 'temporarily closed']),
    last_modified: z.string(),
    organization: HsdsOrganization,
    service_areas: z
      .array(z.object({ id: z.string(), service_id: z.string(), name: z.string(), description: z.string() }))
      .optional(),
    attributes: z
      .array(
        z.object({
          id: z.string(),
          link_id: z.string(),
          link_entity: z.string(),
          taxonomy_term_id: z.string(),
          taxonomy_term: z.object({
            id: z.string(),
            code: z.string(),
            name: z.string(),
            description: z.string(),
            taxonomy: z.string(),
            taxonomy_id: z.string(),
            taxonomy_detail: z.object({ id: z.string(), name: z.string(), description: z.string() }),
          }),
        }),
      )
      .optional(),
    funding: z.array(z.object({ id: z.string(), service_id: z.string(), source: z.string() })).optional(),
  })
  .meta({ id: 'HsdsService' });

/** HSDS's paginated answer (`Page` in its OpenAPI) with the services in `contents`. */
export const HsdsServicesPage = z
  .object({
    total_items: z.number().int(),
    total_pages: z.number().int(),
    page_number: z.number().int(),
    size: z.number().int(),
    first_page: z.boolean(),
    last_page: z.boolean(),
    empty: z.boolean(),
    contents: z.array(HsdsService),
  })
  .meta({ id: 'HsdsServicesPage' });

// ---------- policy indicators ----------

export const IndicatorLevel = z.enum(['district', 'street', 'community']);
export const IndicatorKey = z.enum([
  'certified_social_workers',
  'grid_coverage',
  'generalist_coverage',
  'resolution_hours_median',
  'resolution_hours_p90',
  'satisfaction_mean',
  'satisfaction_share_4_plus',
]);

export const IndicatorsQuery = z.object({
  level: IndicatorLevel.default('district'),
  /** Only areas under this code: in their registry path, or whose code starts with it. */
  code: AreaCode.optional(),
  /** A month (YYYY-MM, UTC) or all time; applies to resolution time and satisfaction. */
  period: z
    .string()
    .regex(/^(all|\d{4}-(0[1-9]|1[0-2]))$/)
    .default('all'),
});

export const IndicatorValue = z
  .object({
    key: IndicatorKey,
    unit: z.enum(['percent', 'hours', 'rating']),
    /** Null when there is nothing to measure (denominator 0). */
    value: z.number().nullable(),
    /** Null for resolution time (a median has no numerator). */
    numerator: z.number().nullable(),
    denominator: z.number().int(),
    target: z
      .object({ comparator: z.enum(['at_least', 'at_most']), value: z.number(), effectiveFrom: z.string() })
      .nullable(),
    /** Null without a target or without anything to measure. */
    met: z.boolean().nullable(),
  })
  .meta({ id: 'IndicatorValue' });

export const IndicatorsView = z
  .object({
    level: IndicatorLevel,
    code: z.string().nullable(),
    period: z.string(),
    /** Workers, grids and communities are counted as they stand at this instant. */
    asOf: z.string(),
    /** Over every row together (each worker, grid and need once). */
    total: z.object({ indicators: z.array(IndicatorValue) }),
    rows: z.array(z.object({ code: z.string(), name: z.string(), indicators: z.array(IndicatorValue) })),
  })
  .meta({ id: 'IndicatorsView' });
