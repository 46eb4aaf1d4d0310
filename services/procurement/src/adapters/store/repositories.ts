import type { FundingMode, TrancheTerm } from '@sanshe/contracts';
import type { DocumentStore, WithOutbox } from '@sanshe/platform';
import type { TenderStatus } from '../../domain/tender';
import type { RankedBid } from '../../domain/scoring';

export interface OrganisationDocument extends WithOutbox {
  uscc: string;
  name: string;
  kind: string | null;
  legalRepresentative: string;
  registeredOn: string;
  categories: string[];
  status: 'registered' | 'verified' | 'suspended';
  createdAt: string;
}

export interface TenderDocument extends WithOutbox {
  projectId: string;
  title: string;
  category: string;
  needIds: string[];
  budgetFen: number;
  fundingMode: FundingMode;
  tranches: TrancheTerm[];
  deadline: string;
  status: TenderStatus;
  bidCount: number;
  evaluation: { priceWeight: number; basePriceFen: number; ranking: RankedBid[] } | null;
  awardedBidId: string | null;
  openedAt: string;
}

/** A bid's content is sealed: only the opening (after the deadline) reveals it. */
export interface BidDocument extends WithOutbox {
  tenderId: string;
  organisationId: string;
  priceFen: number;
  proposal: string;
  nonce: string;
  commitment: string;
  submittedAt: string;
}

export function createRepositories(store: DocumentStore) {
  const organisations = store.collection<OrganisationDocument>('organisations');
  const tenders = store.collection<TenderDocument>('tenders');
  const bids = store.collection<BidDocument>('bids');
  return {
    organisations,
    tenders,
    bids,
    async setup() {
      await organisations.createIndex({ keys: { uscc: 1 }, unique: true });
      // One tender per project makes opening from project.published idempotent.
      await tenders.createIndex({ keys: { projectId: 1 }, unique: true });
      await bids.createIndex({ keys: { tenderId: 1, organisationId: 1 }, unique: true });
    },
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
