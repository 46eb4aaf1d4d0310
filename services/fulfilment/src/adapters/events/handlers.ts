import {
  ContractAmended,
  ContractSigned,
  ContractTerminated,
  ExpenseReported,
  GrantContracted,
  PaymentDisbursed,
  ProgrammeOpened,
  ProjectPublished,
  RoundAwarded,
  ServiceRecorded,
  TenderAwarded,
  type EventData,
} from '@sanshe/contracts';
import { causeFromEvent, type EventHandler } from '@sanshe/platform';
import { createContract, createGrantContracts } from '../../app/create-contract';
import type { FulfilmentDeps } from '../../app/deps';
import { fundingProjection as fv } from '../../app/funding-projection';
import { indicatorHandlers } from './indicator-handlers';
import { withOpenDataHandlers } from './open-data-handlers';

type Parser<D> = { type: string; envelope: { parse(raw: unknown): { data: D } } };

export function createHandlers(deps: FulfilmentDeps): Record<string, EventHandler> {
  /** The funders' view follows these events, its own service's among them. */
  const project = <D>(event: Parser<D>, apply: (deps: FulfilmentDeps, data: D) => Promise<void>) => ({
    [event.type]: async (raw: unknown) => apply(deps, event.envelope.parse(raw).data),
  });
  return withOpenDataHandlers(deps, {
    [TenderAwarded.type]: async (raw) => {
      const event = TenderAwarded.envelope.parse(raw);
      await createContract(deps, event.data, causeFromEvent(event));
      deps.nudge();
    },
    [RoundAwarded.type]: async (raw) => {
      const event = RoundAwarded.envelope.parse(raw);
      await createGrantContracts(deps, event.data, causeFromEvent(event));
      deps.nudge();
    },
    ...project<EventData<typeof ProgrammeOpened>>(ProgrammeOpened, fv.programmeOpened),
    ...project<EventData<typeof ProjectPublished>>(ProjectPublished, fv.projectPublished),
    ...project<EventData<typeof ContractSigned>>(ContractSigned, fv.contractSigned),
    ...project<EventData<typeof GrantContracted>>(GrantContracted, fv.grantContracted),
    ...project<EventData<typeof ContractAmended>>(ContractAmended, fv.contractAmended),
    ...project<EventData<typeof ContractTerminated>>(ContractTerminated, fv.contractTerminated),
    ...project<EventData<typeof PaymentDisbursed>>(PaymentDisbursed, fv.paymentDisbursed),
    ...project<EventData<typeof ServiceRecorded>>(ServiceRecorded, fv.serviceRecorded),
    ...project<EventData<typeof ExpenseReported>>(ExpenseReported, fv.expenseReported),
    ...indicatorHandlers(deps),
  });
}
