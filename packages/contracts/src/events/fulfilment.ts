import { z } from 'zod';
import { defineEvent } from '../envelope';
import { Fen } from '../values/money';
import { Id } from '../values/ids';
import { MilestoneKind } from './common';

export const ContractSigned = defineEvent(
  'fulfilment.contract.signed',
  1,
  z.object({
    contractId: Id,
    tenderId: Id,
    projectId: Id,
    organisationId: Id,
    needIds: z.array(Id).min(1),
    valueFen: Fen,
    signedAt: z.iso.datetime({ offset: true }),
    // Added after the first release, so optional.
    organisationName: z.string().optional(),
    category: z.string().optional(),
  }),
);

export const ServiceRecorded = defineEvent(
  'fulfilment.service.recorded',
  1,
  z.object({
    contractId: Id,
    recordId: Id,
    needId: Id,
    hours: z.number().positive(),
    deliveredOn: z.iso.date(),
    // Added after the first release, so optional: records stored before still parse.
    organisationId: Id.optional(),
    serviceType: z.string().optional(),
    /** The resident confirmed the visit with their code. */
    confirmed: z.boolean().optional(),
  }),
);

export const MilestoneAccepted = defineEvent(
  'fulfilment.milestone.accepted',
  1,
  z.object({ contractId: Id, milestoneId: Id, kind: MilestoneKind, acceptedAt: z.iso.datetime({ offset: true }) }),
);

export const PaymentDisbursed = defineEvent(
  'fulfilment.payment.disbursed',
  1,
  z.object({
    contractId: Id,
    trancheId: Id,
    amountFen: Fen,
    disbursedTotalFen: Fen,
    disbursedAt: z.iso.datetime({ offset: true }),
  }),
);

export const NeedFulfilled = defineEvent(
  'fulfilment.need.fulfilled',
  1,
  z.object({ needId: Id, contractId: Id, fulfilledAt: z.iso.datetime({ offset: true }) }),
);

const At = z.iso.datetime({ offset: true });

/** A venture-funding grant became a contract (grants carry no tender and may name no needs). */
export const GrantContracted = defineEvent(
  'fulfilment.grant.contracted',
  1,
  z.object({
    contractId: Id,
    roundId: Id,
    grantId: Id,
    programmeId: Id.nullable(),
    projectId: Id.nullable(),
    organisationId: Id,
    organisationName: z.string(),
    category: z.string(),
    valueFen: Fen,
    signedAt: At,
  }),
);

/** A versioned change to a contract's value or period, always with its reason. */
export const ContractAmended = defineEvent(
  'fulfilment.contract.amended',
  1,
  z.object({
    contractId: Id,
    revision: z.number().int().min(2),
    reason: z.string(),
    previousValueFen: Fen,
    valueFen: Fen,
    endDate: z.iso.date(),
    amendedBy: z.string(),
    amendedAt: At,
  }),
);

/** A mid-term or final evaluation by an evaluator: a score and whether the gate passed. */
export const EvaluationRecorded = defineEvent(
  'fulfilment.evaluation.recorded',
  1,
  z.object({
    contractId: Id,
    evaluationId: Id,
    milestoneId: Id,
    kind: MilestoneKind,
    score: z.number().min(0).max(100),
    passed: z.boolean(),
    evaluatedBy: z.string(),
    evaluatedAt: At,
  }),
);

/** The remediation of a failed gate was accepted: the tranche it held may be paid. */
export const RemediationAccepted = defineEvent(
  'fulfilment.remediation.accepted',
  1,
  z.object({ contractId: Id, milestoneId: Id, remediationId: Id, acceptedBy: z.string(), acceptedAt: At }),
);

/**
 * Whose fault ended a contract: the organisation's (a breach: it counts against its rating), the
 * purchaser's (budget withdrawn, policy changed) or nobody's (force majeure, mutual agreement).
 */
export const TerminationFault = z.enum(['organisation', 'purchaser', 'none']);
export type TerminationFault = z.infer<typeof TerminationFault>;

export const ContractTerminated = defineEvent(
  'fulfilment.contract.terminated',
  1,
  z.object({
    contractId: Id,
    /** Absent from events published before the field existed (consumers then look it up). */
    organisationId: Id.optional(),
    reason: z.string(),
    /** Absent from events published before the field existed: read as the organisation's fault. */
    fault: TerminationFault.optional(),
    terminatedBy: z.string(),
    terminatedAt: At,
    valueFen: Fen,
    disbursedFen: Fen,
  }),
);

/** The performance parts, each 0–100; null where the contract gives nothing to measure. */
export const PerformanceComponents = z.object({
  evaluation: z.number().min(0).max(100).nullable(),
  delivery: z.number().min(0).max(100).nullable(),
  confirmation: z.number().min(0).max(100).nullable(),
  firstTimePass: z.number().min(0).max(100).nullable(),
});

/** The final gate passed: the contract is complete, with the performance score procurement rates by. */
export const ContractCompleted = defineEvent(
  'fulfilment.contract.completed',
  1,
  z.object({
    contractId: Id,
    organisationId: Id,
    tenderId: Id.nullable(),
    roundId: Id.nullable(),
    valueFen: Fen,
    disbursedFen: Fen,
    performanceScore: z.number().min(0).max(100),
    components: PerformanceComponents,
    completedAt: At,
  }),
);

/** An organisation reported spending against its contract's budget lines. */
export const ExpenseReported = defineEvent(
  'fulfilment.expense.reported',
  1,
  z.object({
    contractId: Id,
    reportId: Id,
    organisationId: Id,
    period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/),
    lines: z.array(z.object({ code: z.string(), amountFen: Fen })),
    totalFen: Fen,
    reportedAt: At,
  }),
);

/** Reported spending on a budget line passed its budget by more than the allowed variance. */
export const ExpenseOverspent = defineEvent(
  'fulfilment.expense.overspent',
  1,
  z.object({
    contractId: Id,
    reportId: Id,
    organisationId: Id,
    code: z.string(),
    budgetFen: Fen,
    spentFen: Fen,
    variancePercent: z.number(),
    allowedPercent: z.number(),
    raisedAt: At,
  }),
);
