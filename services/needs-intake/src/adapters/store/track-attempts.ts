import type { BaseDocument, DocumentStore } from '@sanshe/platform';

/**
 * Failed resident lookups per case number, in the service's store so that every
 * replica sees the same count (the per-address rate limiter lives in one process's
 * memory). Kept for unknown case numbers too: otherwise a lock would confirm that a
 * case exists.
 */
export interface TrackAttemptDocument extends BaseDocument {
  /** The most recent failures (ISO times), oldest first. */
  failures: string[];
  lockedUntil: string | null;
  /** After this the document no longer matters and is pruned. */
  expiresAt: string;
}

export function createTrackAttemptsRepository(store: DocumentStore) {
  const collection = store.collection<TrackAttemptDocument>('track_attempts');
  return {
    collection,
    async setup() {
      await collection.createIndex({ keys: { expiresAt: 1 } });
    },
    async lockedUntil(caseNumber: string): Promise<string | null> {
      return (await collection.findOne({ _id: caseNumber }))?.lockedUntil ?? null;
    },
    /** Appends a failure in one atomic write (replicas may race) and returns the last `keep` failures. */
    async recordFailure(caseNumber: string, at: Date, keep: number, expiresAt: Date): Promise<string[]> {
      const doc = await collection.findOneAndUpdate(
        { _id: caseNumber },
        {
          $push: { failures: { $each: [at.toISOString()], $slice: -keep } },
          $set: { expiresAt: expiresAt.toISOString() },
          $setOnInsert: { lockedUntil: null },
        },
        { upsert: true, returnDocument: 'after' },
      );
      // Unknown case numbers leave documents too; dropping the stale ones keeps the collection small.
      await collection.deleteMany({ expiresAt: { $lt: at.toISOString() } });
      return doc?.failures ?? [];
    },
    /** Locks the case and starts a fresh count for when the lock ends. */
    async lock(caseNumber: string, until: Date): Promise<void> {
      await collection.updateOne(
        { _id: caseNumber },
        { $set: { lockedUntil: until.toISOString(), failures: [], expiresAt: until.toISOString() } },
      );
    },
    /** A successful lookup starts the count afresh. */
    clear: (caseNumber: string) => collection.deleteOne({ _id: caseNumber }),
  };
}

export type TrackAttemptsRepository = ReturnType<typeof createTrackAttemptsRepository>;
