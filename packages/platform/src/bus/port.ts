import type { EventEnvelope } from '@sanshe/contracts';

/**
 * The event bus port: Kafka in production, an in-process log when embedded.
 * Both deliver each topic's events ordered per key (the aggregate id), at least
 * once, to one consumer per group; a failing handler gets the event again.
 */
export type EventHandler = (event: EventEnvelope) => Promise<void>;

export interface Subscription {
  /** The consumer group: one per service, so each service gets every event once. */
  group: string;
  /** Where events that keep failing go; `dlq.<group>` unless the group id carries a test namespace. */
  deadLetterTopic?: string;
  /** Handlers by event type (= topic). */
  handlers: Readonly<Record<string, EventHandler>>;
}

export interface EventBus {
  /** Creates topics up front (a no-op for the in-process log). */
  ensureTopics(topics: readonly string[]): Promise<void>;
  /** Publishes in order; events with the same subject keep their relative order. */
  publish(events: readonly EventEnvelope[]): Promise<void>;
  subscribe(subscription: Subscription): Promise<void>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
