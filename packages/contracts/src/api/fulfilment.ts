import { z } from 'zod';
import { MilestoneKind, TrancheTerm } from '../events/common';
import { Fen } from '../values/money';
import { Id } from '../values/ids';

export const MilestoneView = z.object({
  milestoneId: Id,
  kind: MilestoneKind,
  status: z.enum(['pending', 'accepted']),
  acceptedAt: z.string().nullable(),
});

export const TrancheView = TrancheTerm.extend({
  trancheId: Id,
  amountFen: Fen,
  status: z.enum(['scheduled', 'disbursed']),
  disbursedAt: z.string().nullable(),
});

export const ContractView = z
  .object({
    contractId: Id,
    tenderId: Id,
    projectId: Id,
    organisationId: Id,
    organisationName: z.string(),
    title: z.string(),
    needIds: z.array(Id),
    valueFen: Fen,
    disbursedFen: Fen,
    status: z.enum(['active', 'completed']),
    milestones: z.array(MilestoneView),
    tranches: z.array(TrancheView),
    fulfilledNeedIds: z.array(Id),
  })
  .meta({ id: 'Contract' });

export const RecordServiceRequest = z
  .object({
    needId: Id,
    deliveredOn: z.iso.date(),
    hours: z.number().positive().max(24),
    serviceType: z.string().trim().min(1).max(64),
    notes: z.string().trim().max(2_000).default(''),
    /** The social worker's judgement that this visit completes the need's planned service. */
    completesNeed: z.boolean().default(false),
  })
  .strict()
  .meta({ id: 'RecordServiceRequest' });

export const ServiceRecordView = z
  .object({
    recordId: Id,
    contractId: Id,
    needId: Id,
    deliveredOn: z.string(),
    hours: z.number(),
    serviceType: z.string(),
    recordedBy: z.string(),
  })
  .meta({ id: 'ServiceRecord' });

export const ContractIdParams = z.object({ contractId: Id });
export const MilestoneParams = z.object({ contractId: Id, milestoneId: Id });
export const TrancheParams = z.object({ contractId: Id, trancheId: Id });
export const ListContractsQuery = z.object({ tenderId: Id.optional(), projectId: Id.optional() });
