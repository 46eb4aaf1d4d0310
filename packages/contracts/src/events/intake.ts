import { z } from 'zod';
import { defineEvent } from '../envelope';
import { AreaCode, CaseNumber, Id } from '../values/ids';
import { BeneficiaryGroup, NeedChannel, NeedStatus, Urgency } from './common';

const At = z.iso.datetime({ offset: true });

/** No personal data leaves intake: no names, phones, ID numbers or free text. */
export const NeedLogged = defineEvent(
  'intake.need.logged',
  1,
  z.object({
    needId: Id,
    caseNumber: CaseNumber,
    category: z.string().min(1),
    channel: NeedChannel.default('window'),
    districtCode: AreaCode.optional(),
    streetCode: AreaCode.optional(),
    communityCode: AreaCode,
    gridCode: AreaCode,
    urgency: Urgency,
    beneficiaryCount: z.number().int().positive(),
    beneficiaryGroups: z.array(BeneficiaryGroup).default([]),
    ownerId: z.string().optional(),
    acknowledgeBy: At.optional(),
    loggedAt: At,
  }),
);

export const NeedStatusChanged = defineEvent(
  'intake.need.status-changed',
  1,
  z.object({ needId: Id, caseNumber: CaseNumber, from: NeedStatus, to: NeedStatus, changedAt: At }),
);

export const NeedAcknowledged = defineEvent(
  'intake.need.acknowledged',
  1,
  z.object({ needId: Id, acknowledgedBy: z.string(), acknowledgedAt: At, withinSla: z.boolean() }),
);

/** The acknowledgement deadline passed: the need goes up to the street level. */
export const NeedEscalated = defineEvent(
  'intake.need.escalated',
  1,
  z.object({
    needId: Id,
    caseNumber: CaseNumber,
    ownerId: z.string(),
    escalatedTo: AreaCode.describe('the street the need is escalated to'),
    acknowledgeBy: At,
    escalatedAt: At,
  }),
);

/** 首问负责: ownership moves only through a recorded hand-over with a reason. */
export const NeedReassigned = defineEvent(
  'intake.need.reassigned',
  1,
  z.object({ needId: Id, from: z.string(), to: z.string(), reason: z.string(), reassignedAt: At }),
);

export const NeedResolved = defineEvent(
  'intake.need.resolved',
  1,
  z.object({
    needId: Id,
    how: z.enum(['resolved_directly', 'referred']),
    referredTo: z.string().nullable(),
    outcome: z.string(),
    resolvedAt: At,
  }),
);

export const NeedWithdrawn = defineEvent(
  'intake.need.withdrawn',
  1,
  z.object({ needId: Id, reason: z.string(), withdrawnAt: At }),
);

export const NeedClosed = defineEvent(
  'intake.need.closed',
  1,
  z.object({ needId: Id, satisfaction: z.number().int().min(1).max(5).nullable(), closedAt: At }),
);

/** The same resident asked again for an open need of the same category: linked, not created twice. */
export const NeedDuplicateLinked = defineEvent(
  'intake.need.duplicate-linked',
  1,
  z.object({ needId: Id, channel: NeedChannel, linkedAt: At }),
);

/**
 * An area of the registry was added, renamed, (de)activated or had its grid workers
 * changed: the whole area as it now stands, so a consumer keeps the highest revision.
 * Grid workers travel as a count (their names stay in intake).
 */
export const AreaChanged = defineEvent(
  'intake.area.changed',
  1,
  z.object({
    code: AreaCode,
    kind: z.enum(['district', 'street', 'community', 'grid']),
    name: z.string(),
    parentCode: AreaCode.nullable(),
    /** Codes from the district down to this area. */
    path: z.array(AreaCode).min(1),
    active: z.boolean(),
    gridWorkerCount: z.number().int().nonnegative(),
    /** Increases with every change of the area; a consumer ignores a revision older than the one it holds. */
    revision: z.number().int().positive(),
    changedAt: At,
  }),
);
