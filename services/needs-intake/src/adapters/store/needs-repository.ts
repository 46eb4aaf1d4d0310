import type { EventEnvelope } from '@sanshe/contracts';
import { insertWithEvents, updateWithEvents, type Collection, type DocumentStore, type WithOutbox } from '@sanshe/platform';
import type { Need } from '../../domain/need';

export type NeedDocument = Need & WithOutbox;

export interface NeedsRepository {
  collection: Collection<NeedDocument>;
  setup(): Promise<void>;
  insert(need: Need, events: EventEnvelope[]): Promise<void>;
  get(needId: string): Promise<NeedDocument | null>;
  byCaseNumber(caseNumber: string): Promise<NeedDocument | null>;
  list(filter: { status?: string; communityCodes?: string[] }, page: { limit: number; offset: number }): Promise<{ items: NeedDocument[]; total: number }>;
  /** Saves a change guarded by the version that was read; false when someone else changed it first. */
  update(need: NeedDocument, set: Partial<Need>, events: EventEnvelope[]): Promise<boolean>;
}

export function createNeedsRepository(store: DocumentStore): NeedsRepository {
  const collection = store.collection<NeedDocument>('needs');
  return {
    collection,
    async setup() {
      await collection.createIndex({ keys: { caseNumber: 1 }, unique: true });
      await collection.createIndex({ keys: { communityCode: 1, status: 1 } });
    },
    async insert(need, events) {
      await insertWithEvents(collection, need, events);
    },
    get: (needId) => collection.findOne({ _id: needId }),
    byCaseNumber: (caseNumber) => collection.findOne({ caseNumber }),
    async list(filter, page) {
      const query: Record<string, unknown> = {};
      if (filter.status) query.status = filter.status;
      if (filter.communityCodes) query.communityCode = { $in: filter.communityCodes };
      const [items, total] = await Promise.all([
        collection.find(query, { sort: { loggedAt: -1 }, skip: page.offset, limit: page.limit }),
        collection.countDocuments(query),
      ]);
      return { items, total };
    },
    async update(need, set, events) {
      const updated = await updateWithEvents(collection, { _id: need._id, version: need.version }, { $set: set }, events);
      return updated !== null;
    },
  };
}
