import { randomUUID } from 'node:crypto';
import { deadLetterTopic, EVENT_CATALOG, EventEnvelope, SERVICE_NAMES } from '@sanshe/contracts';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { z } from 'zod';
import type { DeadLetter } from './delivery';

/**
 * Dead letters of a service (`dlq.<service>`) read back and re-published to the topic they
 * came from. The original envelope keeps its id, so every consumer group that did process it
 * skips it (idempotent consumers), and replaying twice has the effect of replaying once.
 * See `dlq-replay-cli.ts` for the command (`npm run dlq:replay`).
 */

/** One message read from a topic, with where it sits. */
export interface TopicMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string;
}

/** Reads one topic from its first retained message to its end as it is now (see `readTopicsToEnd`). */
export async function readTopicToEnd(kafka: Kafka, topic: string, timeoutMs = 60_000): Promise<TopicMessage[]> {
  return (await readTopicsToEnd(kafka, [topic], timeoutMs)).get(topic) ?? [];
}

/**
 * Reads topics from their first retained message to their end as it is now, with one
 * throw-away consumer group that is deleted afterwards (nothing is committed for any real
 * group). Messages come back per topic, ordered by partition and offset.
 */
export async function readTopicsToEnd(
  kafka: Kafka,
  topics: readonly string[],
  timeoutMs = 60_000,
): Promise<Map<string, TopicMessage[]>> {
  const result = new Map<string, TopicMessage[]>(topics.map((t) => [t, []]));
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `sanshe-read-${randomUUID()}`;
  let joined = false;
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t));
    if (missing.length > 0) throw new Error(`no such topic on this Kafka: ${missing.join(', ')}`);
    const ends = new Map<string, bigint>();
    for (const topic of topics)
      for (const p of await admin.fetchTopicOffsets(topic))
        if (BigInt(p.high) > BigInt(p.low)) ends.set(`${topic}:${p.partition}`, BigInt(p.high));
    if (ends.size === 0) return result;
    const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 200, allowAutoTopicCreation: false });
    await consumer.connect();
    joined = true;
    try {
      await consumer.subscribe({ topics: [...new Set(topics)], fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`reading ${topics.length} topic(s) timed out after ${timeoutMs} ms`)),
          timeoutMs,
        );
        consumer
          .run({
            autoCommit: false,
            partitionsConsumedConcurrently: 4,
            eachMessage: async ({ topic, partition, message }) => {
              const at = `${topic}:${partition}`;
              const end = ends.get(at);
              if (end === undefined || BigInt(message.offset) >= end) return;
              result.get(topic)?.push({
                topic,
                partition,
                offset: message.offset,
                key: message.key?.toString('utf8') ?? null,
                value: message.value?.toString('utf8') ?? '',
              });
              if (BigInt(message.offset) + 1n >= end) ends.delete(at);
              if (ends.size === 0) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    for (const messages of result.values())
      messages.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
    return result;
  } finally {
    if (joined) await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect();
  }
}

const DeadLetterSchema = z.object({
  group: z.string(),
  topic: z.string().min(1),
  attempts: z.number().int().min(0),
  error: z.string(),
  failedAt: z.string(),
  event: z.union([EventEnvelope, z.object({ raw: z.string() })]),
});

/** A dead letter as found on the topic; `letter` is null when the message is not one. */
export interface StoredDeadLetter {
  partition: number;
  offset: string;
  letter: DeadLetter | null;
}

export async function readDeadLetters(kafka: Kafka, service: string): Promise<StoredDeadLetter[]> {
  const messages = await readTopicToEnd(kafka, deadLetterTopic(service));
  return messages.map((m) => {
    let letter: DeadLetter | null = null;
    try {
      const parsed = DeadLetterSchema.safeParse(JSON.parse(m.value));
      if (parsed.success) letter = parsed.data;
    } catch {
      letter = null;
    }
    return { partition: m.partition, offset: m.offset, letter };
  });
}

/** What the listing shows of a dead letter: no event data (it may hold personal data). */
export function describeDeadLetter(stored: StoredDeadLetter) {
  const { letter } = stored;
  const event = letter && 'id' in letter.event ? letter.event : null;
  return {
    at: `${stored.partition}:${stored.offset}`,
    eventId: event?.id ?? null,
    type: event?.type ?? null,
    topic: letter?.topic ?? null,
    group: letter?.group ?? null,
    attempts: letter?.attempts ?? null,
    error: letter?.error ?? 'not a dead letter',
    failedAt: letter?.failedAt ?? null,
    replayable: event !== null,
  };
}

export const ServiceName = z.enum(SERVICE_NAMES);

/** What to replay: some event ids (all replayable letters when none), optionally with corrected data. */
export interface ReplayRequest {
  service: z.infer<typeof ServiceName>;
  eventIds: readonly string[];
  /** Replaces the data of the (single) selected event: a corrected event, same id, type and subject. */
  data?: unknown;
  dryRun?: boolean;
}

export interface ReplayOutcome {
  eventId: string;
  type: string;
  topic: string;
  corrected: boolean;
  published: boolean;
}

export class ReplayRefused extends Error {}

/**
 * Picks the letters, rebuilds each original event (the latest letter of an event id wins),
 * checks it against its event type's schema in the catalog (an event that would fail the same
 * way again is refused, not published), and re-publishes it keyed by its subject.
 */
export async function replayDeadLetters(kafka: Kafka, request: ReplayRequest): Promise<ReplayOutcome[]> {
  const letters = await readDeadLetters(kafka, request.service);
  const latest = new Map<string, { letter: DeadLetter; event: EventEnvelope; at: string }>();
  for (const stored of letters) {
    const { letter } = stored;
    if (!letter || !('id' in letter.event)) continue;
    latest.set(letter.event.id, { letter, event: letter.event, at: `${stored.partition}:${stored.offset}` });
  }
  const wanted = request.eventIds.length > 0 ? [...request.eventIds] : [...latest.keys()];
  const missing = wanted.filter((id) => !latest.has(id));
  if (missing.length > 0)
    throw new ReplayRefused(
      `no replayable dead letter in ${deadLetterTopic(request.service)} for ${missing.join(', ')}`,
    );
  if (request.data !== undefined && wanted.length !== 1)
    throw new ReplayRefused('corrected data (--data) applies to exactly one event: name it with --id');

  const planned = wanted.map((id) => {
    const found = latest.get(id)!;
    const event: EventEnvelope = request.data === undefined ? found.event : { ...found.event, data: request.data };
    const definition = EVENT_CATALOG.find((d) => d.type === event.type);
    if (!definition) throw new ReplayRefused(`event ${id}: type ${event.type} is not in the catalog`);
    if (found.letter.topic !== event.type)
      throw new ReplayRefused(`event ${id}: came from topic ${found.letter.topic}, not its type's ${event.type}`);
    const checked = definition.envelope.safeParse(event);
    if (!checked.success) {
      const fields = checked.error.issues.map((i) => i.path.join('.') || '(event)').join(', ');
      throw new ReplayRefused(`event ${id} would fail again: its ${event.type} schema refuses ${fields}`);
    }
    return { event, topic: found.letter.topic, from: found.at };
  });

  if (!request.dryRun && planned.length > 0) {
    const producer = kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    try {
      for (const { event, topic, from } of planned) {
        await producer.send({
          topic,
          acks: -1,
          messages: [
            {
              key: event.subject,
              value: JSON.stringify(event),
              headers: {
                ce_id: event.id,
                ce_type: event.type,
                ce_specversion: '1.0',
                sanshe_replayed_from: `${deadLetterTopic(request.service)}@${from}`,
              },
            },
          ],
        });
      }
    } finally {
      await producer.disconnect();
    }
  }
  return planned.map(({ event, topic }) => ({
    eventId: event.id,
    type: event.type,
    topic,
    corrected: request.data !== undefined,
    published: !request.dryRun,
  }));
}

/** A kafkajs client that logs nothing (the command prints its own results). */
export function quietKafka(brokers: string[], clientId = 'sanshe-dlq-replay'): Kafka {
  return new Kafka({ clientId, brokers, logLevel: logLevel.NOTHING, retry: { initialRetryTime: 200, retries: 5 } });
}
