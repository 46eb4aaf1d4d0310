import type { Logger } from 'pino';
import { digestOf, type AuditLog } from '../audit/audit-log';
import type { EventBus } from '../bus/port';
import type { Clock } from '../clock';
import type { Collection } from '../store/port';
import type { WithOutbox } from './outbox';

export interface OutboxRelayOptions {
  collections: ReadonlyArray<Collection<WithOutbox>>;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  /** How often to sweep for events left behind (e.g. by a crash); writes also nudge it. */
  pollMs?: number;
  /** While one relay publishes a document's events, others leave it alone. */
  leaseMs?: number;
  batchSize?: number;
  /** Chains every event into the service's audit log before it is published. */
  audit?: AuditLog;
}

export interface OutboxRelay {
  /** Publishes everything pending now; returns how many events were published. */
  relayOnce(): Promise<number>;
  /** Asks for a relay soon (coalesced); called after each write. */
  nudge(): void;
  start(): void;
  stop(): Promise<void>;
  /** Resolves when no relay pass is running or requested (tests). */
  idle(): Promise<void>;
}

/**
 * Publishes outbox events in order, per document, and removes them once the bus
 * acknowledged. A crash after publishing and before removal publishes them again:
 * at-least-once, which idempotent consumers absorb.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { collections, bus, clock, logger } = options;
  const leaseMs = options.leaseMs ?? 30_000;
  const batchSize = options.batchSize ?? 100;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  let requested = false;
  let stopped = true;

  async function relayCollection(collection: Collection<WithOutbox>): Promise<number> {
    let published = 0;
    for (;;) {
      const now = clock.now();
      // Claim one document at a time with a lease, so two relays never interleave one aggregate's events.
      const doc = await collection.findOneAndUpdate(
        {
          'outbox.0': { $exists: true },
          $or: [{ outboxLeaseUntil: { $exists: false } }, { outboxLeaseUntil: { $lt: now.toISOString() } }],
        },
        { $set: { outboxLeaseUntil: new Date(now.getTime() + leaseMs).toISOString() } },
        { returnDocument: 'after' },
      );
      if (!doc || !doc.outbox || doc.outbox.length === 0) return published;
      const events = doc.outbox.slice(0, batchSize);
      try {
        // Audited before publishing: a change is on record before anyone acts on it; a retry is
        // not recorded twice (the event id is the audit key).
        await options.audit?.appendMany(
          events.map((e) => ({
            kind: 'event' as const,
            key: `event:${e.id}`,
            at: e.time,
            actor: e.source,
            roles: [],
            action: e.type,
            resource: e.subject,
            correlationId: e.correlationId,
            outcome: null,
            dataDigest: digestOf(e.data),
          })),
        );
        await bus.publish(events);
      } catch (error) {
        // Leave the events in place; the lease expires and a later pass retries.
        logger.warn({ collection: collection.name, err: String(error) }, 'outbox publish failed; will retry');
        await collection.updateOne({ _id: doc._id }, { $unset: { outboxLeaseUntil: '' } });
        return published;
      }
      await collection.updateOne(
        { _id: doc._id },
        { $pull: { outbox: { id: { $in: events.map((e) => e.id) } } }, $unset: { outboxLeaseUntil: '' } },
      );
      published += events.length;
    }
  }

  async function pass(): Promise<number> {
    let total = 0;
    do {
      requested = false;
      for (const collection of collections) total += await relayCollection(collection);
    } while (requested && !stopped);
    return total;
  }

  function run(): Promise<number> {
    if (running) {
      requested = true;
      return running;
    }
    running = pass()
      .catch((error: unknown) => {
        logger.error({ err: String(error) }, 'outbox relay pass failed');
        return 0;
      })
      .finally(() => {
        running = null;
      });
    return running;
  }

  return {
    relayOnce: () => pass(),
    nudge() {
      if (!stopped) void run();
    },
    start() {
      stopped = false;
      const poll = () => {
        timer = setTimeout(() => {
          void run().finally(() => {
            if (!stopped) poll();
          });
        }, options.pollMs ?? 1_000);
        timer.unref();
      };
      poll();
      void run();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      if (running) await running;
    },
    async idle() {
      while (running) await running;
    },
  };
}
