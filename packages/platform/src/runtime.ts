import type { ServiceName } from '@sanshe/contracts';
import { ALL_TOPICS, deadLetterTopic } from '@sanshe/contracts';
import type { Logger } from 'pino';
import { createAuditLog, type AuditLog } from './audit/audit-log';
import { ChainVerdictSchema } from './audit/chain';
import type { EventBus, EventHandler } from './bus/port';
import type { Clock } from './clock';
import { createIdempotencyKeys } from './http/idempotency';
import type { ApiRouter } from './http/routes';
import type { JobQueue } from './jobs/port';
import { idempotent, setupProcessedEvents } from './outbox/idempotent';
import { createOutboxRelay, type OutboxRelay } from './outbox/relay';
import type { WithOutbox } from './outbox/outbox';
import type { Collection, DocumentStore } from './store/port';

/** What a service's composition gets from the runtime: its own store and jobs, the clock, a logger. */
export interface ServiceDeps {
  store: DocumentStore;
  jobs: JobQueue;
  clock: Clock;
  logger: Logger;
  /** Tells the outbox relay that new events are waiting (it also polls). */
  outbox: { nudge(): void };
}

/** What a service hands back to the runtime. */
export interface ServiceDefinition {
  name: ServiceName;
  api: ApiRouter;
  /** Collections whose documents carry outbox events. */
  outboxCollections: ReadonlyArray<Collection<WithOutbox>>;
  /** Handlers by event type; the runtime makes them idempotent and subscribes them as the service's group. */
  handlers: Readonly<Record<string, EventHandler>>;
  /** Indexes and other start-up work; idempotent. */
  setup(): Promise<void>;
}

export interface RunningService {
  definition: ServiceDefinition;
  relay: OutboxRelay;
  deps: ServiceDeps;
  /** The service's hash-chained audit log (commands, personal-data reads, events). */
  audit: AuditLog;
}

/** A service whose routes can serve (its store is set up) but which does not consume yet. */
export interface PreparedService extends RunningService {
  /**
   * Topics, the service's consumer group, the outbox relay and the job worker. Joining the group
   * can take a while: after a crash the broker keeps the dead member until its session times out.
   */
  start(): Promise<void>;
}

export interface ServiceInfra {
  store: DocumentStore;
  jobs: JobQueue;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  relayPollMs?: number;
  /** Prefixes the consumer group id, so test runs sharing one Kafka never split a group's partitions. */
  groupPrefix?: string;
  /** How long processed event ids are remembered (default 14 days, see `idempotent.ts`). */
  processedRetentionMs?: number;
}

/**
 * Starts one service on its adapters: indexes, topics, idempotent consumers in the
 * service's own consumer group, the outbox relay and the job worker.
 */
export async function startService(
  build: (deps: ServiceDeps) => ServiceDefinition,
  infra: ServiceInfra,
): Promise<RunningService> {
  const { start, ...running } = await prepareService(build, infra);
  await start();
  return running;
}

/**
 * The first half of `startService`: builds the service and sets up its store (indexes, the audit
 * log). Its commands work from here on: they write the store and its outbox, which needs neither
 * the bus nor the consumer group; the relay publishes what they wrote once `start()` has run.
 */
export async function prepareService(
  build: (deps: ServiceDeps) => ServiceDefinition,
  infra: ServiceInfra,
): Promise<PreparedService> {
  let relay: OutboxRelay | null = null;
  const deps: ServiceDeps = {
    store: infra.store,
    jobs: infra.jobs,
    clock: infra.clock,
    logger: infra.logger,
    outbox: { nudge: () => relay?.nudge() },
  };
  const definition = build(deps);
  await definition.setup();
  await setupProcessedEvents(infra.store);
  const audit = createAuditLog(infra.store, { clock: infra.clock, logger: infra.logger });
  definition.api.useAudit(audit);
  definition.api.useIdempotency(createIdempotencyKeys(infra.store, { clock: infra.clock }));
  definition.api.route({
    method: 'get',
    path: '/audit/verify',
    summary: "Re-computes this service's audit hash chain and reports the first broken entry",
    tags: ['audit'],
    roles: ['admin'],
    response: ChainVerdictSchema,
    handler: () => audit.verify(),
  });
  const outboxRelay = createOutboxRelay({
    collections: definition.outboxCollections,
    bus: infra.bus,
    clock: infra.clock,
    logger: infra.logger,
    pollMs: infra.relayPollMs ?? 500,
    audit,
  });
  relay = outboxRelay;
  const handlers = Object.fromEntries(
    Object.entries(definition.handlers).map(([type, handler]) => [
      type,
      idempotent(infra.store, definition.name, handler, {
        clock: infra.clock,
        ...(infra.processedRetentionMs === undefined ? {} : { retentionMs: infra.processedRetentionMs }),
      }),
    ]),
  );
  async function start(): Promise<void> {
    await infra.bus.ensureTopics(ALL_TOPICS);
    if (Object.keys(handlers).length > 0) {
      await infra.bus.subscribe({
        group: `${infra.groupPrefix ?? ''}${definition.name}`,
        deadLetterTopic: deadLetterTopic(definition.name),
        handlers,
      });
    }
    // After the group joined, as before the split: a new test group pinned at the end of its
    // topics (`newGroupStart: 'latest'`) would skip what its own relay published earlier.
    outboxRelay.start();
    await infra.jobs.start();
  }
  return { definition, relay: outboxRelay, deps, audit, start };
}
