import { z } from 'zod';
import { defineEvent } from '../envelope';
import { Fen } from '../values/money';
import { Id } from '../values/ids';
import { FundingMode, TrancheSchedule } from './common';

export const OrganisationRegistered = defineEvent(
  'procurement.organisation.registered',
  1,
  z.object({ organisationId: Id, uscc: z.string(), name: z.string(), kind: z.string().nullable() }),
);

export const TenderOpened = defineEvent(
  'procurement.tender.opened',
  1,
  z.object({
    tenderId: Id,
    projectId: Id,
    title: z.string(),
    budgetFen: Fen,
    deadline: z.iso.datetime({ offset: true }),
  }),
);

/** Announces that a bid exists; its content stays sealed and never travels in an event before opening. */
export const BidSubmitted = defineEvent(
  'procurement.bid.submitted',
  1,
  z.object({
    tenderId: Id,
    bidId: Id,
    organisationId: Id,
    commitment: z.string().regex(/^[0-9a-f]{64}$/),
    submittedAt: z.iso.datetime({ offset: true }),
  }),
);

export const TenderClosed = defineEvent(
  'procurement.tender.closed',
  1,
  z.object({ tenderId: Id, bidCount: z.number().int().nonnegative(), closedAt: z.iso.datetime({ offset: true }) }),
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
    awardedAt: z.iso.datetime({ offset: true }),
  }),
);

/** Too few qualified bids (流标): the tender failed and may be re-run or switched to another method. */
export const TenderFailed = defineEvent(
  'procurement.tender.failed',
  1,
  z.object({ tenderId: Id, projectId: Id, reason: z.string(), failedAt: z.iso.datetime({ offset: true }) }),
);
