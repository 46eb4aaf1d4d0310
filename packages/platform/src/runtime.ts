import type { ServiceName } from '@sanshe/contracts';
import { ALL_TOPICS, deadLetterTopic } from '@sanshe/contracts';
import type { Logger } from 'pino';
import { createAuditLog, type AuditLog } from './audit/audit-log';
import { ChainVerdictSchema } from './audit/chain';
import type { EventBus, EventHandler } from './bus/port';
import type { Clock } from './clock';
import type { ApiRouter } from './http/routes';
import type { JobQueue } from './jobs/port';
import { idempotent } from './outbox/idempotent';
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

/**
 * Starts one service on its adapters: indexes, topics, idempotent consumers in the
 * service's own consumer group, the outbox relay and the job worker.
 */
export async function startService(
  build: (deps: ServiceDeps) => ServiceDefinition,
  infra: {
    store: DocumentStore;
    jobs: JobQueue;
    bus: EventBus;
    clock: Clock;
    logger: Logger;
    relayPollMs?: number;
    /** Prefixes the consumer group id, so test runs sharing one Kafka never split a group's partitions. */
    groupPrefix?: string;
  },
): Promise<RunningService> {
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
  const audit = createAuditLog(infra.store, { clock: infra.clock, logger: infra.logger });
  definition.api.useAudit(audit);
  definition.api.route({
    method: 'get',
    path: '/audit/verify',
    summary: "Re-computes this service's audit hash chain and reports the first broken entry",
    tags: ['audit'],
    roles: ['admin'],
    response: ChainVerdictSchema,
    handler: () => audit.verify(),
  });
  await infra.bus.ensureTopics(ALL_TOPICS);
  relay = createOutboxRelay({
    collections: definition.outboxCollections,
    bus: infra.bus,
    clock: infra.clock,
    logger: infra.logger,
    pollMs: infra.relayPollMs ?? 500,
    audit,
  });
  const handlers = Object.fromEntries(
    Object.entries(definition.handlers).map(([type, handler]) => [
      type,
      idempotent(infra.store, definition.name, handler),
    ]),
  );
  if (Object.keys(handlers).length > 0) {
    await infra.bus.subscribe({
      group: `${infra.groupPrefix ?? ''}${definition.name}`,
      deadLetterTopic: deadLetterTopic(definition.name),
      handlers,
    });
  }
  relay.start();
  await infra.jobs.start();
  return { definition, relay, deps, audit };
}
