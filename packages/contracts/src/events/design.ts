import { z } from 'zod';
import { defineEvent } from '../envelope';
import { Fen } from '../values/money';
import { AreaCode, Id } from '../values/ids';
import { FundingMode, TrancheSchedule } from './common';

const At = z.iso.datetime({ offset: true });

// ---------- shared shapes of a service project (also used by the design API) ----------

/** 公开招标, 竞争性磋商, 竞争性谈判, 单一来源, 询价. Anything but open tender needs a recorded justification. */
export const ProcurementMethod = z.enum([
  'open_tender',
  'competitive_consultation',
  'competitive_negotiation',
  'single_source',
  'inquiry',
]);
export type ProcurementMethod = z.infer<typeof ProcurementMethod>;

/** Kinds of social organisation registered with civil affairs (USCC prefixes 51, 52, 53). */
export const OrganisationKind = z.enum(['social_association', 'private_non_enterprise_unit', 'foundation']);
export type OrganisationKind = z.infer<typeof OrganisationKind>;

export const EvaluationCriterion = z.object({
  code: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,39}$/, 'lower-case letters, digits and underscores')
    .describe('stable code, e.g. price, service_plan'),
  name: z.string().trim().min(1).max(100),
  /** The price criterion is scored by the comprehensive-scoring formula; the others by evaluators. */
  kind: z.enum(['price', 'technical', 'qualification']),
  weight: z.number().int().min(0).max(100).describe('points out of 100'),
});
export type EvaluationCriterion = z.infer<typeof EvaluationCriterion>;

export const Eligibility = z.object({
  organisationKinds: z.array(OrganisationKind).min(1).describe('who may bid or apply'),
  serviceAreaCodes: z.array(AreaCode).describe('areas the organisation must already serve; empty = anywhere'),
  minCertifiedSocialWorkerPercent: z
    .number()
    .int()
    .min(0)
    .max(100)
    .describe('minimum share of certified social workers in the delivery team'),
});
export type Eligibility = z.infer<typeof Eligibility>;

export const Kpi = z.object({
  kind: z.enum(['output', 'outcome']),
  name: z.string().trim().min(1).max(200),
  target: z.number().nonnegative(),
  unit: z.string().trim().min(1).max(40),
  measurement: z.string().trim().min(1).max(500).describe('how the indicator is measured, and by whom'),
});
export type Kpi = z.infer<typeof Kpi>;

export const ServicePeriod = z.object({ start: z.iso.date(), end: z.iso.date() });
export type ServicePeriod = z.infer<typeof ServicePeriod>;

/**
 * A project's life: authored (draft, submitted, returned), decided (approved), then
 * published and followed through procurement and fulfilment, or cancelled.
 */
export const ProjectStatus = z.enum([
  'draft',
  'submitted',
  'returned',
  'approved',
  'published',
  'in_procurement',
  'contracted',
  'in_delivery',
  'completed',
  'cancelled',
]);
export type ProjectStatus = z.infer<typeof ProjectStatus>;

// ---------- events ----------

export const ProjectCreated = defineEvent(
  'design.project.created',
  1,
  z.object({
    projectId: Id,
    title: z.string(),
    category: z.string(),
    needIds: z.array(Id),
    budgetFen: Fen,
    fundingMode: FundingMode,
    communityCodes: z.array(AreaCode).optional(),
    createdBy: z.string().optional(),
  }),
);

/** A draft or returned project was edited; linked needs may have changed. */
export const ProjectRevised = defineEvent(
  'design.project.revised',
  1,
  z.object({
    projectId: Id,
    version: z.number().int().positive(),
    fields: z.array(z.string()).describe('the fields that changed'),
    needIds: z.array(Id),
    linkedNeedIds: z.array(Id),
    unlinkedNeedIds: z.array(Id),
    revisedBy: z.string(),
    revisedAt: At,
  }),
);

export const ProjectSubmitted = defineEvent(
  'design.project.submitted',
  1,
  z.object({
    projectId: Id,
    version: z.number().int().positive(),
    budgetFen: Fen,
    programmeId: Id,
    policyVersion: z.string(),
    submittedBy: z.string(),
    submittedAt: At,
  }),
);

export const ProjectReturned = defineEvent(
  'design.project.returned',
  1,
  z.object({
    projectId: Id,
    comments: z.string(),
    /** Budget given back when an approved project is returned. */
    releasedFen: Fen,
    returnedBy: z.string(),
    returnedAt: At,
  }),
);

export const ProjectApproved = defineEvent(
  'design.project.approved',
  1,
  z.object({
    projectId: Id,
    budgetFen: Fen,
    approvedAt: At,
    programmeId: Id.optional(),
    reservedFen: Fen.optional().describe(
      'reserved on the programme: the whole budget, or the grant net of matching funds',
    ),
    approvedBy: z.string().optional(),
  }),
);

/**
 * Everything procurement needs to open a tender or a funding round. Fields after
 * `publishedAt` were added to schema version 1 as optional, so events published
 * before them still parse.
 */
export const ProjectPublished = defineEvent(
  'design.project.published',
  1,
  z.object({
    projectId: Id,
    title: z.string(),
    category: z.string(),
    communityCodes: z.array(AreaCode).min(1),
    needIds: z.array(Id).min(1),
    budgetFen: Fen,
    fundingMode: FundingMode,
    tranches: TrancheSchedule,
    publishedAt: At,
    programmeId: Id.optional(),
    procurementMethod: ProcurementMethod.optional(),
    methodJustification: z.string().nullable().optional(),
    evaluationCriteria: z.array(EvaluationCriterion).optional(),
    eligibility: Eligibility.optional(),
    budgetCeilingFen: Fen.optional().describe('the most a bid or grant may ask for'),
    /** Absent or null: procurement applies its default tender period. */
    bidDeadline: At.nullable().optional(),
    servicePeriod: ServicePeriod.optional(),
    objectives: z.array(z.string()).optional(),
    kpis: z.array(Kpi).optional(),
    version: z.number().int().positive().optional(),
  }),
);

/** The project is given up: its needs and its reserved budget are released. */
export const ProjectCancelled = defineEvent(
  'design.project.cancelled',
  1,
  z.object({
    projectId: Id,
    needIds: z.array(Id),
    previousStatus: ProjectStatus,
    reason: z.string(),
    programmeId: Id.nullable(),
    releasedFen: Fen,
    cancelledBy: z.string(),
    cancelledAt: At,
  }),
);

/** A state followed from procurement and fulfilment (in procurement, contracted, in delivery, completed). */
export const ProjectStatusChanged = defineEvent(
  'design.project.status-changed',
  1,
  z.object({
    projectId: Id,
    from: ProjectStatus,
    to: ProjectStatus,
    reason: z.string().describe('the event type that moved it'),
    changedAt: At,
  }),
);

export const ProgrammeOpened = defineEvent(
  'design.programme.opened',
  1,
  z.object({
    programmeId: Id,
    name: z.string(),
    funderCode: z.string(),
    funderName: z.string(),
    fiscalYear: z.number().int(),
    mode: FundingMode,
    budgetFen: Fen,
    matchingPercent: z.number().int().min(0).max(100),
    maxGrantFen: Fen.nullable(),
    openedAt: At,
  }),
);
