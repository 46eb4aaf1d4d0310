import { z } from 'zod';
import { defineEvent } from '../envelope';
import { Fen } from '../values/money';
import { AreaCode, Id } from '../values/ids';
import { FundingMode, TrancheSchedule } from './common';

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
  }),
);

export const ProjectApproved = defineEvent(
  'design.project.approved',
  1,
  z.object({ projectId: Id, budgetFen: Fen, approvedAt: z.iso.datetime({ offset: true }) }),
);

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
    publishedAt: z.iso.datetime({ offset: true }),
  }),
);
