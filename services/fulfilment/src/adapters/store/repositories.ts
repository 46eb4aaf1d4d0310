import type { DocumentStore, WithOutbox } from '@sanshe/platform';
import type { Contract } from '../../domain/contract';
import type { ContractFacts, Counters, Dimension } from '../../domain/funding';
import { createIndicatorRepositories } from './indicator-repositories';
import { createOpenDataRepositories } from './open-data-repositories';

export type ContractDocument = Contract &
  WithOutbox & {
    /** Idempotency-Key records of the amendments made: a try run again amends once. */
    amendmentKeys?: string[];
  };

export interface ServiceRecordDocument extends WithOutbox {
  contractId: string;
  needId: string;
  deliveredOn: string;
  hours: number;
  serviceType: string;
  place?: string;
  notes: string;
  completesNeed: boolean;
  confirmed?: boolean;
  organisationId?: string;
  recordedBy: string;
  recordedAt: string;
}

export interface FundingProgrammeDocument {
  _id: string;
  name: string;
  funderCode: string;
  funderName: string;
  fiscalYear: number;
  budgetFen: number;
}
export interface FundingProjectDocument {
  _id: string;
  programmeId: string | null;
  category: string;
  communityCodes: string[];
}
export interface FundingContractDocument extends ContractFacts {
  _id: string;
}
/** Per programme and period: counters per dimension and key (field-encoded), organisation names in labels. */
export type FundingBucketDocument = {
  _id: string;
  programmeId: string;
  funderCode: string;
  period: string;
  labels?: Record<string, string>;
} & Partial<Record<Dimension, Record<string, Partial<Counters>>>>;

export function createRepositories(store: DocumentStore) {
  const contracts = store.collection<ContractDocument>('contracts');
  const records = store.collection<ServiceRecordDocument>('service_records');
  // Funders' views: projections from events (src/app/funding-projection.ts).
  const funding = {
    programmes: store.collection<FundingProgrammeDocument>('fv_programmes'),
    projects: store.collection<FundingProjectDocument>('fv_projects'),
    contracts: store.collection<FundingContractDocument>('fv_contracts'),
    buckets: store.collection<FundingBucketDocument>('fv_buckets'),
    /** One document per (contract, need) served: the first record of a need counts a beneficiary. */
    served: store.collection<{ _id: string }>('fv_served'),
    /** Events about a contract whose facts have not arrived yet, applied when they do. */
    pending: store.collection<{
      _id: string;
      contractId: string;
      kind: 'amended' | 'terminated' | 'payment' | 'service' | 'expense';
      data: unknown;
    }>('fv_pending'),
  };
  // Open-data exports' projections (src/app/open-data-projection.ts).
  const openData = createOpenDataRepositories(store);
  const indicators = createIndicatorRepositories(store);
  return {
    contracts,
    records,
    funding,
    indicators,
    openData,
    async setup() {
      // One contract per award (tender or grant) makes tender.awarded and round.awarded idempotent.
      await contracts.createIndex({ keys: { awardKey: 1 }, unique: true });
      await contracts.createIndex({ keys: { tenderId: 1 } });
      await contracts.createIndex({ keys: { organisationId: 1 } });
      await records.createIndex({ keys: { contractId: 1, needId: 1 } });
      await records.createIndex({ keys: { recordedBy: 1, deliveredOn: 1 } });
      await funding.buckets.createIndex({ keys: { funderCode: 1, period: 1 } });
      await funding.contracts.createIndex({ keys: { programmeId: 1 } });
      await funding.pending.createIndex({ keys: { contractId: 1 } });
      await indicators.setup();
      await openData.setup();
    },
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
