import { z } from 'zod';
import { defineEvent } from '../envelope';
import { Fen } from '../values/money';
import { AreaCode, Id } from '../values/ids';
import { FundingMode, TrancheSchedule } from './common';

const At = z.iso.datetime({ offset: true });
const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

// Fields added after a type's first release are optional, so events already stored still parse.

export const OrganisationRegistered = defineEvent(
  'procurement.organisation.registered',
  1,
  z.object({
    organisationId: Id,
    uscc: z.string(),
    name: z.string(),
    kind: z.string().nullable(),
    categories: z.array(z.string()).optional(),
    serviceAreaCodes: z.array(AreaCode).optional(),
    /** The code failed its check and an official recorded an override (audited in the registry). */
    usccOverridden: z.boolean().optional(),
  }),
);

/** An official checked the registration against the civil-affairs record. */
export const OrganisationVerified = defineEvent(
  'procurement.organisation.verified',
  1,
  z.object({ organisationId: Id, verifiedBy: z.string(), verifiedAt: At }),
);

/** Suspended (for a period) or banned (for a period or for good) from bidding and applying. */
export const OrganisationSanctioned = defineEvent(
  'procurement.organisation.sanctioned',
  1,
  z.object({
    organisationId: Id,
    sanctionId: Id,
    kind: z.enum(['suspension', 'ban']),
    reason: z.string(),
    from: At,
    until: At.nullable(),
    sanctionedBy: z.string(),
  }),
);

/** A sanction was lifted before its end. */
export const OrganisationReinstated = defineEvent(
  'procurement.organisation.reinstated',
  1,
  z.object({ organisationId: Id, sanctionId: Id, reason: z.string(), reinstatedBy: z.string(), reinstatedAt: At }),
);

export const TenderOpened = defineEvent(
  'procurement.tender.opened',
  1,
  z.object({
    tenderId: Id,
    projectId: Id,
    title: z.string(),
    budgetFen: Fen,
    deadline: At,
    ocid: z.string().optional(),
    method: z.string().optional(),
    enquiryPeriodEnd: At.optional(),
    /** 1 for the first tender of a project; a re-run after 流标 counts up. */
    attempt: z.number().int().positive().optional(),
    previousTenderId: Id.nullable().optional(),
  }),
);

/** Announces that a bid exists (or was revised); its content stays sealed and never travels in an event. */
export const BidSubmitted = defineEvent(
  'procurement.bid.submitted',
  1,
  z.object({
    tenderId: Id,
    bidId: Id,
    organisationId: Id,
    commitment: Sha256,
    submittedAt: At,
    revision: z.number().int().positive().optional(),
  }),
);

export const BidWithdrawn = defineEvent(
  'procurement.bid.withdrawn',
  1,
  z.object({ tenderId: Id, bidId: Id, organisationId: Id, withdrawnAt: At }),
);

/** The deadline passed and the bids were opened together; every final commitment is published. */
export const TenderClosed = defineEvent(
  'procurement.tender.closed',
  1,
  z.object({
    tenderId: Id,
    bidCount: z.number().int().nonnegative(),
    closedAt: At,
    commitments: z.array(z.object({ bidId: Id, organisationId: Id, commitment: Sha256 })).optional(),
  }),
);

export const TenderAwarded = defineEvent(
  'procurement.tender.awarded',
  1,
  z.object({
    tenderId: Id,
    projectId: Id,
    awardId: Id,
    title: z.string(),
    category: z.string(),
    needIds: z.array(Id).min(1),
    organisationId: Id,
    organisationName: z.string(),
    amountFen: Fen,
    fundingMode: FundingMode,
    tranches: TrancheSchedule,
    awardedAt: At,
    bidId: Id.optional(),
    totalScore: z.number().optional(),
  }),
);

/** Too few qualified bids (流标): the tender failed and may be re-run or switched to another method. */
export const TenderFailed = defineEvent(
  'procurement.tender.failed',
  1,
  z.object({
    tenderId: Id,
    projectId: Id,
    reason: z.string(),
    failedAt: At,
    /** At the deadline (too few bids) or after qualification (too few qualified bids). */
    stage: z.enum(['closing', 'qualification']).optional(),
    qualifiedBids: z.number().int().nonnegative().optional(),
  }),
);

export const TenderCancelled = defineEvent(
  'procurement.tender.cancelled',
  1,
  z.object({ tenderId: Id, projectId: Id, reason: z.string(), cancelledBy: z.string(), cancelledAt: At }),
);

/** A venture-funding round (公益创投) opened its call for applications. */
export const RoundOpened = defineEvent(
  'procurement.round.opened',
  1,
  z.object({
    roundId: Id,
    title: z.string(),
    budgetFen: Fen,
    deadline: At,
    categories: z.array(z.string()),
    programmeId: Id.nullable(),
    /** Set when a published venture-funding project opened the round. */
    projectId: Id.nullable().optional(),
  }),
);

/** Grants of a round, in rank order, within its budget. */
export const RoundAwarded = defineEvent(
  'procurement.round.awarded',
  1,
  z.object({
    roundId: Id,
    title: z.string(),
    programmeId: Id.nullable(),
    projectId: Id.nullable().optional(),
    budgetFen: Fen,
    awardedFen: Fen,
    grants: z.array(
      z.object({
        grantId: Id,
        applicationId: Id,
        organisationId: Id,
        organisationName: z.string(),
        title: z.string(),
        category: z.string(),
        amountFen: Fen,
        matchingFundsFen: Fen,
        rank: z.number().int().positive(),
        totalScore: z.number(),
      }),
    ),
    awardedAt: At,
  }),
);

/**
 * An organisation's social-worker roster was set: every worker as it now stands, by id,
 * certificate level, the generalist (全科社工) flag and the communities where the worker is
 * stationed. No names or certificate numbers. A consumer keeps the highest revision.
 */
export const SocialWorkersChanged = defineEvent(
  'procurement.organisation.social-workers-changed',
  1,
  z.object({
    organisationId: Id,
    workers: z.array(
      z.object({
        workerId: z.string().min(1),
        certificateLevel: z.enum(['none', 'assistant', 'intermediate', 'senior']),
        generalist: z.boolean(),
        communityCodes: z.array(AreaCode),
      }),
    ),
    /** The organisation's version after the change; increases with every change. */
    revision: z.number().int().positive(),
    changedAt: At,
  }),
);
