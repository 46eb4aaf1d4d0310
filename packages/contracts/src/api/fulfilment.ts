import { z } from 'zod';
import { MilestoneKind, TrancheTerm } from '../events/common';
import { PerformanceComponents } from '../events/fulfilment';
import { Fen } from '../values/money';
import { Id } from '../values/ids';

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
    termination: z.object({ reason: z.string(), terminatedBy: z.string(), terminatedAt: z.string() }).nullable(),
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

export const TerminateContractRequest = z.object({ reason: Reason }).strict().meta({ id: 'TerminateContractRequest' });

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
