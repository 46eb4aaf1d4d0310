import * as intake from './events/intake';
import * as design from './events/design';
import * as procurement from './events/procurement';
import * as fulfilment from './events/fulfilment';

/** Every integration event; each type is its own topic. */
export const EVENT_CATALOG = [
  intake.NeedLogged,
  intake.NeedStatusChanged,
  intake.NeedAcknowledged,
  intake.NeedEscalated,
  intake.NeedReassigned,
  intake.NeedResolved,
  intake.NeedWithdrawn,
  intake.NeedClosed,
  intake.NeedDuplicateLinked,
  intake.AreaChanged,
  design.ProjectCreated,
  design.ProjectRevised,
  design.ProjectSubmitted,
  design.ProjectReturned,
  design.ProjectApproved,
  design.ProjectPublished,
  design.ProjectCancelled,
  design.ProjectStatusChanged,
  design.ProgrammeOpened,
  procurement.OrganisationRegistered,
  procurement.TenderOpened,
  procurement.BidSubmitted,
  procurement.TenderClosed,
  procurement.TenderAwarded,
  procurement.TenderFailed,
  procurement.OrganisationVerified,
  procurement.OrganisationSanctioned,
  procurement.OrganisationReinstated,
  procurement.BidWithdrawn,
  procurement.TenderCancelled,
  procurement.RoundOpened,
  procurement.RoundAwarded,
  procurement.SocialWorkersChanged,
  fulfilment.ContractSigned,
  fulfilment.ServiceRecorded,
  fulfilment.MilestoneAccepted,
  fulfilment.PaymentDisbursed,
  fulfilment.NeedFulfilled,
  fulfilment.GrantContracted,
  fulfilment.ContractAmended,
  fulfilment.EvaluationRecorded,
  fulfilment.RemediationAccepted,
  fulfilment.ContractTerminated,
  fulfilment.ContractCompleted,
  fulfilment.ExpenseReported,
  fulfilment.ExpenseOverspent,
] as const;

export const SERVICE_NAMES = ['needs-intake', 'project-design', 'procurement', 'fulfilment'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

export const EVENT_TOPICS: readonly string[] = EVENT_CATALOG.map((e) => e.type);

/** One dead-letter topic per consumer group (= per service). */
export function deadLetterTopic(group: string): string {
  return `dlq.${group}`;
}

export const ALL_TOPICS: readonly string[] = [...EVENT_TOPICS, ...SERVICE_NAMES.map(deadLetterTopic)];
