import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@sanshe/contracts';
import type { Logger } from 'pino';
import { digestOf, type AuditLog } from '../audit/audit-log';
import type { EventBus } from '../bus/port';
import type { Clock } from '../clock';
import type { Collection, Filter } from '../store/port';
import type { WithOutbox } from './outbox';

/** Documents whose published events one update removes. */
const PULL_GROUP = 100;

export interface OutboxRelayOptions {
  collections: ReadonlyArray<Collection<WithOutbox>>;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  /** How often to sweep for events left behind (e.g. by a crash); writes also nudge it. */
  pollMs?: number;
  /** While one relay publishes a document's events, others leave it alone. */
  leaseMs?: number;
  /** Events of one document published at most per round (the rest follow in the next). */
  batchSize?: number;
  /** Leased documents read per round at least (a claim of more reads them all, up to ten pages, in one query). */
  pageSize?: number;
  /** Events handed to the bus per publish (whole documents: one document's events are never split across two). */
  publishSize?: number;
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
 *
 * A pass leases, in one write, every document with pending events that no live lease holds,
 * then publishes them a page at a time: one query reads a page, one audit append and one
 * publish carry all its events, an update per hundred documents removes them and lets go of
 * those documents. A busy service thus publishes hundreds of events per few round trips, where
 * claiming one document at a time took four per document. The lease is the expiry time followed by a token of this claim
 * (`2026-03-02T01:00:30.000Z#<uuid>`): it compares as a time against `now` (the suffix only
 * keeps a lease live through its last millisecond, as `$lt` did before), and it tells this
 * relay which documents it holds, so it reads, and finally releases, exactly those, and never
 * another relay's. While a document is leased no other relay touches it, so one aggregate's
 * events never interleave, and they go out in the order they were written: events added to a
 * held document meanwhile come in a later page. Before the lease could run out the relay lets
 * go and claims again.
 *
 * The queries name the lease, not a list of ids, where they can: a list of ids with another
 * condition is a scan per id on the MongoDB-wire test server (MongoDB itself uses the _id
 * index), and the lease field is indexed.
 */
export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { collections, bus, clock, logger } = options;
  const leaseMs = options.leaseMs ?? 30_000;
  const batchSize = options.batchSize ?? 100;
  const pageSize = options.pageSize ?? 250;
  const publishSize = options.publishSize ?? 1_000;
  const indexed = new Map<Collection<WithOutbox>, Promise<void>>();
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<number> | null = null;
  let requested = false;
  let stopped = true;

  const free = (now: Date): Filter => ({
    'outbox.0': { $exists: true },
    $or: [{ outboxLeaseUntil: { $exists: false } }, { outboxLeaseUntil: { $lt: now.toISOString() } }],
  });

  /** The lease field is indexed once per collection: pages and releases look documents up by it. */
  function ensureIndex(collection: Collection<WithOutbox>): Promise<void> {
    let done = indexed.get(collection);
    if (!done) {
      done = collection.createIndex({ keys: { outboxLeaseUntil: 1 }, name: 'outbox_lease' }).catch((error: unknown) => {
        logger.warn({ collection: collection.name, err: String(error) }, 'outbox lease index not created');
      });
      indexed.set(collection, done);
    }
    return done;
  }

  /** Splits a page's events into publishes of about publishSize events, never splitting a document. */
  function chunks(docs: readonly WithOutbox[]): Array<{ ids: string[]; events: EventEnvelope[] }> {
    const out: Array<{ ids: string[]; events: EventEnvelope[] }> = [];
    let current: { ids: string[]; events: EventEnvelope[] } = { ids: [], events: [] };
    for (const doc of docs) {
      const events = (doc.outbox ?? []).slice(0, batchSize);
      if (events.length === 0) continue;
      if (current.events.length > 0 && current.events.length + events.length > publishSize) {
        out.push(current);
        current = { ids: [], events: [] };
      }
      current.ids.push(doc._id);
      current.events.push(...events);
    }
    if (current.events.length > 0) out.push(current);
    return out;
  }

  async function publish(events: readonly EventEnvelope[]): Promise<void> {
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
  }

  /**
   * Removes what a publish carried from its documents, and lets go of them in the same write. Event ids
   * are unique, so pulling a group's ids from each of its documents removes exactly the events each of
   * them published. Events added to a document meanwhile stay, for the next pass (their write nudged
   * it). The write names the ids alone, as claiming one document at a time did: only a publish that
   * stalled for half a lease could meet a document another relay holds by now, and then that relay's
   * lease is cleared early (a duplicate publish at worst, which consumers absorb). A hundred documents
   * per update: a long list of ids costs the MongoDB-wire test server far more than its length.
   */
  async function removePublished(
    collection: Collection<WithOutbox>,
    page: readonly WithOutbox[],
    ids: readonly string[],
    events: readonly EventEnvelope[],
  ): Promise<{ released: number; held: number }> {
    const published = new Set(events.map((e) => e.id));
    const byId = new Map(page.map((doc) => [doc._id, doc]));
    const groups: Array<Promise<unknown>> = [];
    // A document with more events than one round publishes stays held, so that its next page follows at once.
    const holding = (id: string) => (byId.get(id)?.outbox?.length ?? 0) > batchSize;
    for (const keep of [false, true]) {
      const selected = ids.filter((id) => holding(id) === keep);
      for (let i = 0; i < selected.length; i += PULL_GROUP) {
        const group = selected.slice(i, i + PULL_GROUP);
        const eventIds = group.flatMap((id) =>
          (byId.get(id)?.outbox ?? []).map((e) => e.id).filter((eventId) => published.has(eventId)),
        );
        const pull = { outbox: { id: { $in: eventIds } } };
        groups.push(
          collection.updateMany(
            { _id: { $in: group } },
            keep ? { $pull: pull } : { $pull: pull, $unset: { outboxLeaseUntil: '' } },
          ),
        );
      }
    }
    await Promise.all(groups);
    const held = ids.filter(holding).length;
    return { released: ids.length - held, held };
  }

  const release = (collection: Collection<WithOutbox>, lease: string) =>
    collection.updateMany({ outboxLeaseUntil: lease }, { $unset: { outboxLeaseUntil: '' } });

  async function relayCollection(collection: Collection<WithOutbox>): Promise<number> {
    await ensureIndex(collection);
    let published = 0;
    for (;;) {
      const now = clock.now();
      const expires = now.getTime() + leaseMs;
      const lease = `${new Date(expires).toISOString()}#${randomUUID()}`;
      const claimed = await collection.updateMany(free(now), { $set: { outboxLeaseUntil: lease } });
      if (claimed.matched === 0) return published;
      // Let go and claim again well before the lease runs out, so nothing is published under an expired one.
      const leaseRunningOut = () => clock.now().getTime() > expires - leaseMs / 2;
      // What was claimed is read in one query where it fits in ten pages: a query for the lease
      // scans the collection on the MongoDB-wire test server, so a page per query cost a scan per page.
      const readSize = Math.min(Math.max(pageSize, claimed.matched), pageSize * 10);
      let renew = false;
      let released = 0;
      reading: for (;;) {
        if (leaseRunningOut()) {
          renew = true;
          break;
        }
        const page = await collection.find(
          { outboxLeaseUntil: lease, 'outbox.0': { $exists: true } },
          { limit: readSize },
        );
        if (page.length === 0) break;
        let held = 0;
        // A publish's removal runs while the next publish is audited and sent (other documents,
        // other collections of the store, the broker): one removal in flight at most.
        let removing: Promise<void> | null = null;
        const removed = async () => {
          const pending = removing;
          removing = null;
          await pending;
        };
        for (const { ids, events } of chunks(page)) {
          if (leaseRunningOut()) {
            await removed();
            renew = true;
            break reading;
          }
          try {
            await publish(events);
          } catch (error) {
            // Leave the events in place and let go of every document held; a later pass retries.
            logger.warn({ collection: collection.name, err: String(error) }, 'outbox publish failed; will retry');
            await removed().catch(() => undefined);
            await release(collection, lease);
            return published;
          }
          await removed();
          removing = removePublished(collection, page, ids, events).then((counts) => {
            released += counts.released;
            held += counts.held;
          });
          // Its failure is seen where it is awaited (`removed`), not reported as unhandled meanwhile.
          removing.catch(() => undefined);
          published += events.length;
        }
        await removed();
        // A short page held every document still leased; none left with more to publish, none left at all.
        if (page.length < readSize && held === 0) break;
      }
      // What the pages did not let go of (documents emptied by their own service meanwhile, a renewal).
      if (released < claimed.matched) await release(collection, lease);
      if (!renew) return published;
    }
  }

  async function pass(): Promise<number> {
    let total = 0;
    do {
      requested = false;
      // The collections side by side: documents of different collections share no order, and a
      // collection with nothing pending (one claim that matches nothing) then costs no wait.
      const outcomes = await Promise.allSettled(collections.map((collection) => relayCollection(collection)));
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') throw outcome.reason;
        total += outcome.value;
      }
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
