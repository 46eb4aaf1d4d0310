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
  /**
   * After this the document no longer matters (the window of its failures and its lock are
   * over) and the store removes it (a TTL index). A Date, as TTL indexes need; it replaced
   * `expiresAt`, an ISO string that a TTL index cannot read.
   */
  expireAt: Date;
}

export function createTrackAttemptsRepository(store: DocumentStore) {
  const collection = store.collection<TrackAttemptDocument>('track_attempts');
  return {
    collection,
    async setup() {
      await collection.createIndex({ keys: { expireAt: 1 }, name: 'track_attempts_expiry', expireAfterSeconds: 0 });
      // Documents from before the TTL index carry no expireAt, so it would never remove them; each
      // outlived its 15 minutes long ago.
      await collection.deleteMany({ expireAt: { $exists: false } });
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
          // Unknown case numbers leave documents too; the TTL index keeps the collection small.
          $set: { expireAt: expiresAt },
          $setOnInsert: { lockedUntil: null },
        },
        { upsert: true, returnDocument: 'after' },
      );
      return doc?.failures ?? [];
    },
    /** Locks the case and starts a fresh count for when the lock ends. */
    async lock(caseNumber: string, until: Date): Promise<void> {
      await collection.updateOne(
        { _id: caseNumber },
        { $set: { lockedUntil: until.toISOString(), failures: [], expireAt: until } },
      );
    },
    /** A successful lookup starts the count afresh. */
    clear: (caseNumber: string) => collection.deleteOne({ _id: caseNumber }),
  };
}

export type TrackAttemptsRepository = ReturnType<typeof createTrackAttemptsRepository>;
