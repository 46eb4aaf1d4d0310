import type { EventEnvelope } from '@sanshe/contracts';
import type { EventHandler } from '../bus/port';
import { DuplicateKeyError, type BaseDocument, type DocumentStore } from '../store/port';

interface ProcessedEvent extends BaseDocument {
  group: string;
  eventId: string;
  type: string;
  processedAt: string;
}

export const PROCESSED_EVENTS = 'processed_events';

/**
 * Remembers processed event ids per consumer group, so a redelivered event is
 * acknowledged without running its handler again. The mark is written after the
 * handler succeeds; if the process dies in between, the handler runs again, which
 * is why handlers also guard their own writes (deterministic ids, state checks).
 */
export function idempotent(store: DocumentStore, group: string, handler: EventHandler): EventHandler {
  const processed = store.collection<ProcessedEvent>(PROCESSED_EVENTS);
  return async (event: EventEnvelope) => {
    const id = `${group}:${event.id}`;
    if (await processed.findOne({ _id: id })) return;
    await handler(event);
    try {
      await processed.insertOne({
        _id: id,
        group,
        eventId: event.id,
        type: event.type,
        processedAt: new Date().toISOString(),
      });
    } catch (error) {
      if (!(error instanceof DuplicateKeyError)) throw error;
    }
  };
}
