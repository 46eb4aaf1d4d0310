import { z } from 'zod';
import { FundingMode, TrancheSchedule, Urgency } from '../events/common';
import { Fen } from '../values/money';
import { AreaCode, Id } from '../values/ids';

export const DEFAULT_TRANCHES = [
  { percent: 30, milestone: 'signing' },
  { percent: 40, milestone: 'mid_term_evaluation' },
  { percent: 30, milestone: 'final_acceptance' },
] as const;

export const CreateProjectRequest = z
  .object({
    title: z.string().trim().min(2).max(200),
    category: z.string().trim().min(1).max(64),
    needIds: z.array(Id).min(1).max(500),
    budgetFen: Fen.refine((v) => v > 0, 'budget must be positive'),
    fundingMode: FundingMode,
    tranches: TrancheSchedule.default([...DEFAULT_TRANCHES]),
  })
  .strict()
  .meta({ id: 'CreateProjectRequest' });
export type CreateProjectRequest = z.infer<typeof CreateProjectRequest>;

export const ProjectStatus = z.enum(['draft', 'approved', 'published', 'cancelled']);

export const ProjectView = z
  .object({
    projectId: Id,
    title: z.string(),
    category: z.string(),
    needIds: z.array(Id),
    communityCodes: z.array(z.string()),
    budgetFen: Fen,
    fundingMode: FundingMode,
    tranches: TrancheSchedule,
    status: ProjectStatus,
    createdBy: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'Project' });

export const ProjectIdParams = z.object({ projectId: Id });

export const OpenNeedView = z
  .object({
    needId: Id,
    caseNumber: z.string(),
    category: z.string(),
    communityCode: AreaCode,
    gridCode: AreaCode,
    urgency: Urgency,
    beneficiaryCount: z.number().int(),
    loggedAt: z.string(),
    projectId: Id.nullable(),
  })
  .meta({ id: 'OpenNeed' });

export const ListOpenNeedsQuery = z.object({
  category: z.string().optional(),
  communityCode: AreaCode.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
