import { deadLetterTopic, EVENT_TOPICS } from '@sanshe/contracts';
import { createMongoStore, type BaseDocument, type DocumentStore } from '@sanshe/platform';
import { quietKafka, readTopicsToEnd } from '../../packages/platform/src/bus/dlq-replay';
import type { Client } from './chaos-client';
import { API_OF, SERVICE_NAMES, type ServiceName } from './chaos-services';
import type { Plan, StreamNeed } from './chaos-stream';

/** One invariant as checked: how many things it looked at, and the first problems if it broke. */
export interface Check {
  name: string;
  held: boolean;
  checked: number;
  problems: string[];
}

/** An event as read back from Kafka. */
export interface SeenEvent {
  id: string;
  type: string;
  subject: string;
  data: Record<string, unknown>;
}

/** Everything on the topics, parsed; `deliveries` counts messages, `events` distinct ids. */
export interface KafkaSnapshot {
  byTopic: Map<string, SeenEvent[]>;
  messages: number;
  duplicates: number;
  deadLetters: Map<ServiceName, Array<{ eventId: string | null; topic: string; attempts: number; error: string }>>;
}

export async function snapshotKafka(brokers: string): Promise<KafkaSnapshot> {
  const kafka = quietKafka(brokers.split(','), 'sanshe-chaos-check');
  const dlqs = SERVICE_NAMES.map((s) => deadLetterTopic(s));
  const read = await readTopicsToEnd(kafka, [...EVENT_TOPICS, ...dlqs], 180_000);
  const byTopic = new Map<string, SeenEvent[]>();
  let messages = 0;
  let duplicates = 0;
  for (const topic of EVENT_TOPICS) {
    const seen = new Map<string, SeenEvent>();
    for (const m of read.get(topic) ?? []) {
      messages += 1;
      const event = JSON.parse(m.value) as SeenEvent;
      if (seen.has(event.id)) duplicates += 1;
      else seen.set(event.id, event);
    }
    byTopic.set(topic, [...seen.values()]);
  }
  const deadLetters: KafkaSnapshot['deadLetters'] = new Map();
  for (const service of SERVICE_NAMES) {
    deadLetters.set(
      service,
      (read.get(deadLetterTopic(service)) ?? []).map((m) => {
        const letter = JSON.parse(m.value) as {
          topic: string;
          attempts: number;
          error: string;
          event: { id?: string };
        };
        return {
          eventId: letter.event.id ?? null,
          topic: letter.topic,
          attempts: letter.attempts,
          error: letter.error,
        };
      }),
    );
  }
  return { byTopic, messages, duplicates, deadLetters };
}

const dbName = (service: ServiceName) => `sanshe_${service.replaceAll('-', '_')}`;

export async function openStores(mongoUrl: string): Promise<Record<ServiceName, DocumentStore>> {
  const stores = {} as Record<ServiceName, DocumentStore>;
  for (const service of SERVICE_NAMES)
    stores[service] = await createMongoStore({
      url: mongoUrl,
      dbName: dbName(service),
      serverSelectionTimeoutMS: 30_000,
    });
  return stores;
}

function check(name: string, checked: number, problems: string[]): Check {
  return { name, held: problems.length === 0, checked, problems: problems.slice(0, 10) };
}

/** The statuses a need of each plan passes through, in order, on intake's timeline. */
export const TIMELINE: Record<Plan, string[]> = {
  logged: ['logged'],
  acknowledged: ['logged', 'acknowledged'],
  resolved: ['logged', 'acknowledged', 'resolved'],
  withdrawn: ['logged', 'withdrawn'],
  closed: ['logged', 'acknowledged', 'resolved', 'closed'],
};

interface NeedDoc extends BaseDocument {
  description: string;
  status: string;
  timeline: Array<{ status: string; superseded?: boolean }>;
  sla: { remindedAt: string | null; escalatedAt: string | null };
}

/** Every acknowledged request has its need, once, with the planned status and timeline; none is extra. */
export async function checkIntake(stores: Record<ServiceName, DocumentStore>, stream: StreamNeed[], sent: number) {
  const docs = await stores['needs-intake'].collection<NeedDoc>('needs').find({});
  const byIndex = new Map<number, NeedDoc[]>();
  for (const doc of docs) {
    const match = /^chaos need (\d+):/.exec(doc.description);
    if (match) byIndex.set(Number(match[1]), [...(byIndex.get(Number(match[1])) ?? []), doc]);
  }
  const logged: string[] = [];
  if (stream.length !== sent) logged.push(`${sent} sent, ${stream.length} acknowledged`);
  for (const need of stream) {
    const found = byIndex.get(need.index) ?? [];
    if (found.length !== 1) logged.push(`need ${need.index}: stored ${found.length} times`);
    // A re-sent request carries its first try's Idempotency-Key: it is answered from it, never linked as a second report.
    if (need.linked) logged.push(`need ${need.index}: a re-sent log request was linked as a duplicate report`);
    else if (found[0]!._id !== need.needId)
      logged.push(`need ${need.index}: stored as ${found[0]!._id}, acknowledged as ${need.needId}`);
  }
  if (byIndex.size !== stream.length)
    logged.push(`${byIndex.size} stream needs stored for ${stream.length} acknowledged`);
  const states: string[] = [];
  for (const need of stream) {
    const doc = byIndex.get(need.index)?.[0];
    if (!doc) continue;
    const timeline = doc.timeline.filter((e) => !e.superseded).map((e) => e.status);
    if (doc.status !== need.plan) states.push(`need ${need.index}: ${doc.status}, planned ${need.plan}`);
    if (timeline.join() !== TIMELINE[need.plan].join())
      states.push(`need ${need.index}: timeline ${timeline.join('>')}, expected ${TIMELINE[need.plan].join('>')}`);
  }
  return [
    check(
      'every acknowledged log request has exactly its one need (count = sent), re-sends answered once',
      sent,
      logged,
    ),
    check("each need's status is the planned one and its timeline has no repeated status", stream.length, states),
  ];
}

interface OpenNeedDoc extends BaseDocument {
  caseNumber?: string;
  status: string;
}

/** Design's read model holds each need once, complete, with intake's final status. */
export async function checkDesign(
  stores: Record<ServiceName, DocumentStore>,
  stream: StreamNeed[],
  others: readonly string[],
): Promise<Check> {
  const docs = await stores['project-design'].collection<OpenNeedDoc>('open_needs').find({});
  const byId = new Map(docs.map((d) => [d._id, d]));
  const problems: string[] = [];
  for (const need of stream) {
    const doc = byId.get(need.needId);
    if (!doc) problems.push(`need ${need.index}: missing`);
    else if (!doc.caseNumber) problems.push(`need ${need.index}: a stub (need.logged not applied)`);
    else if (doc.status !== need.plan) problems.push(`need ${need.index}: ${doc.status}, planned ${need.plan}`);
  }
  const known = new Set([...stream.map((n) => n.needId), ...others]);
  for (const doc of docs) if (!known.has(doc._id)) problems.push(`unexpected need ${doc._id} (${doc.status})`);
  return check("each need is in design's read model exactly once, with its final status", stream.length, problems);
}

/** One need.logged per need, and one status-changed per step of its timeline (distinct event ids). */
export function checkIntakeEvents(snapshot: KafkaSnapshot, stream: StreamNeed[]): Check {
  const bySubject = (topic: string) => {
    const map = new Map<string, SeenEvent[]>();
    for (const e of snapshot.byTopic.get(topic) ?? []) map.set(e.subject, [...(map.get(e.subject) ?? []), e]);
    return map;
  };
  const logged = bySubject('intake.need.logged');
  const changed = bySubject('intake.need.status-changed');
  const problems: string[] = [];
  for (const need of stream) {
    const n = logged.get(need.needId)?.length ?? 0;
    if (n !== 1) problems.push(`need ${need.index}: ${n} need.logged events`);
    const steps = (changed.get(need.needId) ?? []).map((e) => String(e.data.to)).sort();
    const expected = TIMELINE[need.plan].slice(1).sort();
    if (steps.join() !== expected.join())
      problems.push(`need ${need.index}: status events ${steps.join()} for ${expected.join()}`);
  }
  return check(
    'one need.logged and one status-changed per step per need: no double status change',
    stream.length,
    problems,
  );
}

interface ProcessedDoc extends BaseDocument {
  group: string;
  eventId: string;
}

/**
 * No event lost: every event on every topic a service consumes has been processed by its group
 * (its id is in the group's processed_events), unless it sits in the group's dead-letter topic.
 */
export async function checkDelivery(
  stores: Record<ServiceName, DocumentStore>,
  snapshot: KafkaSnapshot,
  topology: Record<ServiceName, string[]>,
): Promise<{ check: Check; processed: Record<ServiceName, number> }> {
  const problems: string[] = [];
  const processed = {} as Record<ServiceName, number>;
  let checked = 0;
  for (const service of SERVICE_NAMES) {
    const docs = await stores[service].collection<ProcessedDoc>('processed_events').find({ group: service });
    processed[service] = docs.length;
    const done = new Set(docs.map((d) => d.eventId));
    const dead = new Set((snapshot.deadLetters.get(service) ?? []).map((l) => l.eventId));
    for (const topic of topology[service]) {
      for (const event of snapshot.byTopic.get(topic) ?? []) {
        checked += 1;
        if (!done.has(event.id) && !dead.has(event.id))
          problems.push(`${service} never processed ${topic} ${event.id} (subject ${event.subject})`);
      }
    }
  }
  return {
    check: check('no event lost: each consumer group processed every event of its topics', checked, problems),
    processed,
  };
}

/** The outbox of every document of every service is empty: nothing is stuck unpublished. */
export async function checkOutboxes(stores: Record<ServiceName, DocumentStore>): Promise<Check> {
  const problems: string[] = [];
  let checked = 0;
  for (const service of SERVICE_NAMES) {
    for (const name of await stores[service].collectionNames()) {
      checked += 1;
      const stuck = await stores[service].collection(name).countDocuments({ 'outbox.0': { $exists: true } });
      if (stuck > 0) problems.push(`${service}.${name}: ${stuck} documents with unpublished events`);
    }
  }
  return check('every outbox drained', checked, problems);
}

/** The dead-letter topics hold exactly what is expected (nothing, or the poison event). */
export function checkDeadLetters(snapshot: KafkaSnapshot, expected: Partial<Record<ServiceName, string[]>>): Check {
  const problems: string[] = [];
  for (const service of SERVICE_NAMES) {
    const ids = (snapshot.deadLetters.get(service) ?? []).map((l) => l.eventId ?? '(raw)');
    const want = expected[service] ?? [];
    if ([...new Set(ids)].sort().join() !== [...want].sort().join())
      problems.push(`dlq.${service} holds ${ids.length} letter(s) [${ids.join(', ')}], expected [${want.join(', ')}]`);
  }
  return check('the dead-letter topics hold only the expected events', SERVICE_NAMES.length, problems);
}

/** Each service's hash-chained audit log still verifies after the kills. */
export async function checkAuditChains(client: Client, adminToken: string): Promise<Check> {
  const problems: string[] = [];
  for (const service of SERVICE_NAMES) {
    // Verification reads the whole chain (tens of thousands of entries after a 5,000-need run, on a
    // slow wire server): give it minutes, not a request's 20 s. Status 0 below means no answer in time.
    const reply = await client.call('GET', `${API_OF[service]}/audit/verify`, adminToken, undefined, 300_000);
    if (reply.status !== 200 || reply.body.ok !== true)
      problems.push(`${service}: ${reply.status} ${JSON.stringify(reply.body).slice(0, 300)}`);
  }
  return check("every service's audit chain verifies", SERVICE_NAMES.length, problems);
}
