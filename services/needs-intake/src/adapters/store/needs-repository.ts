import type { EventEnvelope } from '@sanshe/contracts';
import {
  insertWithEvents,
  updateWithEvents,
  type Collection,
  type DocumentStore,
  type Filter,
  type Update,
  type WithOutbox,
} from '@sanshe/platform';
import { OPEN_STATUSES, type Need } from '../../domain/need';

export type NeedDocument = Need & WithOutbox;

export interface NeedQuery {
  /** Area codes; a need matches when its path contains one of them. */
  scopes?: string[];
  area?: string;
  category?: string;
  status?: string;
  urgency?: string;
  ownerId?: string;
  /** Extra MongoDB conditions (SLA states are ranges over the deadline). */
  extra?: Filter;
}

export function createNeedsRepository(store: DocumentStore) {
  const collection: Collection<NeedDocument> = store.collection<NeedDocument>('needs');

  function toFilter(q: NeedQuery): Filter {
    const and: Filter[] = [];
    if (q.scopes) and.push({ areaPath: { $in: q.scopes } });
    if (q.area) and.push({ areaPath: q.area });
    if (q.category) and.push({ category: q.category });
    if (q.status) and.push({ status: q.status });
    if (q.urgency) and.push({ urgency: q.urgency });
    if (q.ownerId) and.push({ ownerId: q.ownerId });
    if (q.extra) and.push(q.extra);
    return and.length === 0 ? {} : and.length === 1 ? (and[0] as Filter) : { $and: and };
  }

  return {
    collection,
    async setup() {
      await collection.createIndex({ keys: { caseNumber: 1 }, unique: true });
      await collection.createIndex({ keys: { areaPath: 1, status: 1 } });
      await collection.createIndex({ keys: { residentKey: 1, category: 1 } });
      await collection.createIndex({ keys: { 'sla.acknowledgeBy': 1, status: 1 } });
    },
    insert: (need: Need, events: EventEnvelope[]) => insertWithEvents(collection, need, events),
    get: (needId: string) => collection.findOne({ _id: needId }),
    byCaseNumber: (caseNumber: string) => collection.findOne({ caseNumber }),
    /** The same resident's open need of the same category, if any. */
    openDuplicate: (residentKey: string, category: string) =>
      collection.findOne({ residentKey, category, status: { $in: [...OPEN_STATUSES] } }),
    async list(q: NeedQuery, page: { limit: number; offset: number }) {
      const filter = toFilter(q);
      const [items, total] = await Promise.all([
        collection.find(filter, { sort: { loggedAt: -1, _id: 1 }, skip: page.offset, limit: page.limit }),
        collection.countDocuments(filter),
      ]);
      return { items, total };
    },
    find: (q: NeedQuery, options?: { limit?: number }) =>
      collection.find(toFilter(q), { sort: { loggedAt: 1 }, ...(options?.limit ? { limit: options.limit } : {}) }),
    /** Saves a change guarded by the version that was read; null when someone else changed it first. */
    update: (need: NeedDocument, update: Update, events: EventEnvelope[]) =>
      updateWithEvents(collection, { _id: need._id, version: need.version }, update, events),
  };
}

export type NeedsRepository = ReturnType<typeof createNeedsRepository>;
