import type { EventEnvelope } from '@sanshe/contracts';
import type { BaseDocument, Collection, Filter, Update } from '../store/port';

/**
 * Transactional outbox without multi-document transactions: an aggregate's pending
 * events live inside its own document, written by the same single-document write
 * as the state change. Either both are stored or neither is; the relay publishes
 * them later and removes them once the bus has acknowledged.
 */
export interface WithOutbox extends BaseDocument {
  outbox?: EventEnvelope[];
  outboxLeaseUntil?: string;
  version: number;
}

/** Inserts a new aggregate together with its events. */
export async function insertWithEvents<T extends WithOutbox>(
  collection: Collection<T>,
  doc: Omit<T, 'outbox' | 'version'> & { version?: number },
  events: readonly EventEnvelope[],
): Promise<T> {
  const stored = { ...doc, version: doc.version ?? 1, outbox: [...events] } as unknown as T;
  await collection.insertOne(stored);
  return stored;
}

/**
 * Applies an update with its events in one write, guarded by the version the caller
 * read (optimistic concurrency). Returns the updated document, or null when the
 * guard did not match (someone else changed it first, or the filter excluded it).
 */
export async function updateWithEvents<T extends WithOutbox>(
  collection: Collection<T>,
  filter: Filter & { _id: string; version: number },
  update: Update,
  events: readonly EventEnvelope[],
): Promise<T | null> {
  const withEvents: Update = { ...update, $inc: { ...(update.$inc as object | undefined), version: 1 } };
  if (events.length > 0) {
    const push = (update.$push as Record<string, unknown> | undefined) ?? {};
    withEvents.$push = { ...push, outbox: { $each: [...events] } };
  }
  return collection.findOneAndUpdate(filter, withEvents, { returnDocument: 'after' });
}
