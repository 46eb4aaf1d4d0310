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
