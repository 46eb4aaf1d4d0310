import type { DocumentStore, WithOutbox } from '@sanshe/platform';
import type { Contract } from '../../domain/contract';

export type ContractDocument = Contract & WithOutbox;

export interface ServiceRecordDocument extends WithOutbox {
  contractId: string;
  needId: string;
  deliveredOn: string;
  hours: number;
  serviceType: string;
  notes: string;
  completesNeed: boolean;
  recordedBy: string;
  recordedAt: string;
}

export function createRepositories(store: DocumentStore) {
  const contracts = store.collection<ContractDocument>('contracts');
  const records = store.collection<ServiceRecordDocument>('service_records');
  return {
    contracts,
    records,
    async setup() {
      // One contract per awarded tender makes tender.awarded idempotent.
      await contracts.createIndex({ keys: { tenderId: 1 }, unique: true });
      await records.createIndex({ keys: { contractId: 1, needId: 1 } });
    },
  };
}

export type Repositories = ReturnType<typeof createRepositories>;
