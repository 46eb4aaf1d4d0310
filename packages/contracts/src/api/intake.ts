import { z } from 'zod';
import { NeedStatus, Urgency } from '../events/common';
import { AreaCode, CaseNumber, Id } from '../values/ids';

export const LogNeedRequest = z
  .object({
    category: z.string().trim().min(1).max(64),
    communityCode: AreaCode,
    gridCode: AreaCode,
    urgency: Urgency,
    beneficiaryCount: z.number().int().min(1).max(10_000),
    description: z.string().trim().min(1).max(2_000),
  })
  .strict()
  .meta({ id: 'LogNeedRequest' });
export type LogNeedRequest = z.infer<typeof LogNeedRequest>;

export const NeedTimelineEntry = z.object({
  status: NeedStatus,
  at: z.string(),
  /** The event or request that moved the need; lets a case be traced to its outcome. */
  cause: z.string(),
});

export const NeedView = z
  .object({
    needId: Id,
    caseNumber: CaseNumber,
    category: z.string(),
    communityCode: z.string(),
    gridCode: z.string(),
    urgency: Urgency,
    beneficiaryCount: z.number().int(),
    description: z.string(),
    status: NeedStatus,
    timeline: z.array(NeedTimelineEntry),
    loggedBy: z.string(),
    loggedAt: z.string(),
  })
  .meta({ id: 'Need' });
export type NeedView = z.infer<typeof NeedView>;

export const NeedIdParams = z.object({ needId: Id });
export const CaseNumberParams = z.object({ caseNumber: CaseNumber });

export const ListNeedsQuery = z.object({
  status: NeedStatus.optional(),
  communityCode: AreaCode.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export const NeedList = z.object({ items: z.array(NeedView), total: z.number().int() }).meta({ id: 'NeedList' });
