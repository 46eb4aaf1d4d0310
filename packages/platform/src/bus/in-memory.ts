import { deadLetterTopic, type EventEnvelope } from '@sanshe/contracts';
import type { Logger } from 'pino';
import { DEFAULT_DELIVERY, deliver, type DeadLetter, type DeliveryPolicy } from './delivery';
import type { EventBus, Subscription } from './port';

interface Partition {
  queue: Array<{ topic: string; raw: string }>;
  running: Promise<void> | null;
}

interface Group {
  subscription: Subscription;
  partitions: Partition[];
}

/**
 * The in-process event log: the same semantics as Kafka for our purposes. Each
 * topic keeps its log; each consumer group gets every message once it subscribes
 * (from the beginning, as a new Kafka group would), ordered per key through a
 * fixed number of partitions, at least once, with retries and a dead-letter topic.
 * Messages travel as JSON text so no object is ever shared between services.
 */
export class InMemoryEventBus implements EventBus {
  private readonly log = new Map<string, string[]>();
  private readonly groups = new Map<string, Group>();
  private readonly deadLetters: DeadLetter[] = [];
  private closed = false;
  /** Messages handed to handlers so far; lets tests see whether anything happened. */
  delivered = 0;

  constructor(
    private readonly logger: Logger,
    private readonly policy: DeliveryPolicy = DEFAULT_DELIVERY,
    private readonly partitionCount = 3,
  ) {}

  async ensureTopics(topics: readonly string[]): Promise<void> {
    for (const topic of topics) if (!this.log.has(topic)) this.log.set(topic, []);
  }

  async publish(events: readonly EventEnvelope[]): Promise<void> {
    if (this.closed) throw new Error('event bus is closed');
    for (const event of events) this.append(event.type, event.subject, JSON.stringify(event));
  }

  /** A message as a broken or hostile producer might send it: any text, on any topic (tests). */
  injectRaw(topic: string, key: string, raw: string): void {
    this.append(topic, key, raw);
  }

  async subscribe(subscription: Subscription): Promise<void> {
    if (this.groups.has(subscription.group)) throw new Error(`group ${subscription.group} already subscribed`);
    const group: Group = {
      subscription,
      partitions: Array.from({ length: this.partitionCount }, () => ({ queue: [], running: null })),
    };
    this.groups.set(subscription.group, group);
    for (const topic of Object.keys(subscription.handlers)) {
      for (const raw of this.log.get(topic) ?? []) this.enqueue(group, topic, keyOf(raw), raw);
    }
  }

  /** Resolves when every group has handled everything published so far. */
  async idle(): Promise<void> {
    for (;;) {
      const running = [...this.groups.values()]
        .flatMap((g) => g.partitions.map((p) => p.running))
        .filter((r): r is Promise<void> => r !== null);
      if (running.length === 0) return;
      await Promise.all(running);
    }
  }

  /** Messages on a topic, parsed (for tests and the dead-letter inspection). */
  messages(topic: string): unknown[] {
    return (this.log.get(topic) ?? []).map((raw) => JSON.parse(raw) as unknown);
  }

  deadLettered(): readonly DeadLetter[] {
    return this.deadLetters;
  }

  async ping(): Promise<boolean> {
    return !this.closed;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.idle();
  }

  private append(topic: string, key: string, raw: string): void {
    const entries = this.log.get(topic) ?? [];
    entries.push(raw);
    this.log.set(topic, entries);
    for (const group of this.groups.values()) {
      if (group.subscription.handlers[topic]) this.enqueue(group, topic, key, raw);
    }
  }

  private enqueue(group: Group, topic: string, key: string, raw: string): void {
    const partition = group.partitions[partitionFor(key, group.partitions.length)];
    if (!partition) return;
    partition.queue.push({ topic, raw });
    if (!partition.running) partition.running = this.drain(group, partition);
  }

  private async drain(group: Group, partition: Partition): Promise<void> {
    // Yield first, so publishing never runs handlers inside the publisher's call stack.
    await Promise.resolve();
    let next = partition.queue.shift();
    while (next) {
      const { topic, raw } = next;
      const handler = group.subscription.handlers[topic];
      if (handler) {
        this.delivered++;
        await deliver({
          group: group.subscription.group,
          topic,
          raw,
          handler,
          policy: this.policy,
          logger: this.logger,
          now: () => new Date(),
          deadLetter: async (letter) => {
            this.deadLetters.push(letter);
            this.append(
              group.subscription.deadLetterTopic ?? deadLetterTopic(letter.group),
              letter.topic,
              JSON.stringify(letter),
            );
          },
        });
      }
      next = partition.queue.shift();
    }
    partition.running = null;
  }
}

function keyOf(raw: string): string {
  try {
    const parsed = JSON.parse(raw) as { subject?: unknown };
    return typeof parsed.subject === 'string' ? parsed.subject : '';
  } catch {
    return '';
  }
}

/** Stable hash of the key, so one aggregate's events always share a partition. */
export function partitionFor(key: string, partitions: number): number {
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (Math.imul(hash, 31) + key.charCodeAt(i)) | 0;
  return Math.abs(hash) % partitions;
}
