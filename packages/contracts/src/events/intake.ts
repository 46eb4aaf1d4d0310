import { z } from 'zod';
import { defineEvent } from '../envelope';
import { AreaCode, CaseNumber, Id } from '../values/ids';
import { NeedStatus, Urgency } from './common';

/** No personal data leaves intake: no names, phones, ID numbers or free text. */
export const NeedLogged = defineEvent(
  'intake.need.logged',
  1,
  z.object({
    needId: Id,
    caseNumber: CaseNumber,
    category: z.string().min(1),
    communityCode: AreaCode,
    gridCode: AreaCode,
    urgency: Urgency,
    beneficiaryCount: z.number().int().positive(),
    loggedAt: z.iso.datetime({ offset: true }),
  }),
);

export const NeedStatusChanged = defineEvent(
  'intake.need.status-changed',
  1,
  z.object({
    needId: Id,
    caseNumber: CaseNumber,
    from: NeedStatus,
    to: NeedStatus,
    changedAt: z.iso.datetime({ offset: true }),
  }),
);
