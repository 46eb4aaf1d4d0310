import type { EventEnvelope } from '@sanshe/contracts';
import { updateWithEvents, type DocumentStore, type WithOutbox } from '@sanshe/platform';
import type { Box } from '../../domain/sealing';
import type { OrganisationFacts } from '../../domain/organisation';
import type { CommitmentEntry, Tender } from '../../domain/tender-state';
import type { Round, Application } from '../../domain/round-state';
import { ratedContracts } from './rated-contracts';

export interface AuditEntry {
  at: string;
  by: string;
  action: string;
  detail: string;
}

export interface OrganisationDocument extends WithOutbox, OrganisationFacts {
  uscc: string;
  name: string;
  legalRepresentative: string;
  registeredOn: string;
  capacity: { staffCount: number; maxConcurrentProjects: number };
  usccCheck: { ok: boolean; reason: string | null; override: { by: string; reason: string; at: string } | null };
  verifiedBy: string | null;
  audit: AuditEntry[];
  createdAt: string;
}

export type TenderDocument = Tender & WithOutbox;

/**
 * A bid. Its content (price, proposal and the commitment's nonce) is stored only as a
 * sealed box until the deadline; `opened` is written at opening, never before.
 */
export interface BidDocument extends WithOutbox {
  tenderId: string;
  organisationId: string;
  status: 'submitted' | 'withdrawn';
  revision: number;
  sealed: (Box & { epk: string }) | null;
  commitment: string;
  commitmentHistory: CommitmentEntry[];
  submittedAt: string;
  updatedAt: string;
  withdrawnAt: string | null;
  opened: { priceFen: number; proposal: string; nonce: string } | null;
  /** The Idempotency-Key record of the request that wrote the current revision: a try run again revises once. */
  lastRequestKey?: string | null;
}

/** A tender's key pair: the private half only wrapped, bound to the moment it may be unwrapped. */
export interface SealingKeyDocument {
  _id: string;
  publicKey: string;
  wrappedPrivateKey: Box;
  notBefore: string;
  masterKeyId: string;
  createdAt: string;
}

export interface EnquiryDocument {
  _id: string;
  tenderId: string;
  /** Never shown to anyone: answers are published without naming who asked. */
  askerOrganisationId: string;
  question: string;
  askedAt: string;
  answer: string | null;
  answeredAt: string | null;
  answeredBy: string | null;
}

/** Fulfilment's contracts as procurement sees them (read model for past performance and OCDS). */
export interface ContractLinkDocument {
  _id: string;
  organisationId: string;
  tenderId: string;
  signedAt: string;
  milestonesAccepted: string[];
  completed: boolean;
  needsFulfilled: string[];
}

export type RoundDocument = Round & WithOutbox;
export type ApplicationDocument = Application &
  WithOutbox & {
    /** The Idempotency-Key record of the request that wrote the current version: a try run again applies once. */
    lastRequestKey?: string | null;
  };

/** The state fields of an aggregate: never its id, version or pending events, which the outbox owns. */
function stateOf<T extends { _id: string }>(next: T): Record<string, unknown> {
  const { _id, outbox, version, outboxLeaseUntil, ...fields } = next as T & Partial<WithOutbox>;
  void _id;
  void outbox;
  void version;
  void outboxLeaseUntil;
  return fields;
}

export function createRepositories(store: DocumentStore) {
  const organisations = store.collection<OrganisationDocument>('organisations');
  const tenders = store.collection<TenderDocument>('tenders');
  const bids = store.collection<BidDocument>('bids');
  const keys = store.collection<SealingKeyDocument>('sealing_keys');
  const enquiries = store.collection<EnquiryDocument>('enquiries');
  const contracts = store.collection<ContractLinkDocument>('contract_links');
  const rounds = store.collection<RoundDocument>('rounds');
  const applications = store.collection<ApplicationDocument>('applications');
  const rated = ratedContracts(store);
  return {
    organisations,
    tenders,
    bids,
    keys,
    enquiries,
    contracts,
    rounds,
    applications,
    ratedContracts: rated.collection,
    /** Saves a tender's next state with its events, guarded by the version that was read; null if it changed meanwhile. */
    saveTender(prev: TenderDocument, next: Tender, events: readonly EventEnvelope[]) {
      return updateWithEvents(tenders, { _id: prev._id, version: prev.version }, { $set: stateOf(next) }, events);
    },
    saveRound(prev: RoundDocument, next: Round, events: readonly EventEnvelope[]) {
      return updateWithEvents(rounds, { _id: prev._id, version: prev.version }, { $set: stateOf(next) }, events);
    },
    async setup() {
      await organisations.createIndex({ keys: { uscc: 1 }, unique: true });
      // One tender per project and attempt makes opening from project.published idempotent.
      await tenders.createIndex({ keys: { projectId: 1, attempt: 1 }, unique: true });
      await tenders.createIndex({ keys: { status: 1, deadline: 1 } });
      await bids.createIndex({ keys: { tenderId: 1, organisationId: 1 }, unique: true });
      await enquiries.createIndex({ keys: { tenderId: 1, askedAt: 1 } });
      await contracts.createIndex({ keys: { organisationId: 1 } });
      await applications.createIndex({ keys: { roundId: 1, organisationId: 1 }, unique: true });
      await rated.setup();
    },
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
