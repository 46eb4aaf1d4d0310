import type { EventEnvelope } from '@sanshe/contracts';
import type { EventHandler } from '../bus/port';
import { systemClock, type Clock } from '../clock';
import { DuplicateKeyError, type BaseDocument, type DocumentStore } from '../store/port';

interface ProcessedEvent extends BaseDocument {
  group: string;
  eventId: string;
  type: string;
  processedAt: string;
  /** When the store may forget the mark (a TTL index removes it). */
  expiresAt: Date;
}

export const PROCESSED_EVENTS = 'processed_events';

/**
 * How long a processed event id is remembered: longer than any redelivery (the outbox relay
 * re-publishing after a failure, a consumer group rewinding after a crash) and than the
 * expected age of a dead-letter replay, which happens within days. An event replayed (or
 * re-published) after this is processed again.
 */
export const DEFAULT_PROCESSED_RETENTION_MS = 14 * 24 * 3600_000;

export interface IdempotentOptions {
  /** Stamps the mark; the embedded store expires documents by the same clock. */
  clock?: Clock;
  retentionMs?: number;
}

/** The TTL index that forgets marks after their retention; part of a service's start-up (idempotent). */
export async function setupProcessedEvents(store: DocumentStore): Promise<void> {
  await store
    .collection<ProcessedEvent>(PROCESSED_EVENTS)
    .createIndex({ keys: { expiresAt: 1 }, name: 'processed_expiry', expireAfterSeconds: 0 });
}

/**
 * Remembers processed event ids per consumer group, so a redelivered event is
 * acknowledged without running its handler again. The mark is written after the
 * handler succeeds; if the process dies in between, the handler runs again, which
 * is why handlers also guard their own writes (deterministic ids, state checks).
 */
export function idempotent(
  store: DocumentStore,
  group: string,
  handler: EventHandler,
  options: IdempotentOptions = {},
): EventHandler {
  const processed = store.collection<ProcessedEvent>(PROCESSED_EVENTS);
  const clock = options.clock ?? systemClock;
  const retentionMs = options.retentionMs ?? DEFAULT_PROCESSED_RETENTION_MS;
  return async (event: EventEnvelope) => {
    const id = `${group}:${event.id}`;
    if (await processed.findOne({ _id: id })) return;
    await handler(event);
    const now = clock.now();
    try {
      await processed.insertOne({
        _id: id,
        group,
        eventId: event.id,
        type: event.type,
        processedAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + retentionMs),
      });
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
    }
  };
}
