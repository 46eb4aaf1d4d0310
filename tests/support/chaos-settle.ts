import type { DocumentStore } from '@sanshe/platform';
import { quietKafka } from '../../packages/platform/src/bus/dlq-replay';
import { SERVICE_NAMES, type ServiceName } from './chaos-services';

/** Consumer lag of each group on its topics: messages published but not yet committed as read. */
export async function consumerLag(brokers: string, topology: Record<ServiceName, string[]>): Promise<number> {
  const admin = quietKafka(brokers.split(','), 'sanshe-chaos-lag').admin();
  await admin.connect();
  try {
    let lag = 0;
    const ends = new Map<string, number>();
    const topics = [...new Set(Object.values(topology).flat())];
    for (const topic of topics)
      for (const p of await admin.fetchTopicOffsets(topic)) ends.set(`${topic}:${p.partition}`, Number(p.high));
    for (const service of SERVICE_NAMES) {
      if (topology[service].length === 0) continue;
      for (const t of await admin.fetchOffsets({ groupId: service, topics: topology[service] }))
        for (const p of t.partitions) {
          const end = ends.get(`${t.topic}:${p.partition}`) ?? 0;
          lag += Math.max(0, end - Math.max(0, Number(p.offset)));
        }
    }
    return lag;
  } finally {
    await admin.disconnect();
  }
}

async function pendingOutbox(stores: Record<ServiceName, DocumentStore>): Promise<number> {
  let pending = 0;
  for (const service of SERVICE_NAMES)
    for (const name of await stores[service].collectionNames())
      pending += await stores[service].collection(name).countDocuments({ 'outbox.0': { $exists: true } });
  return pending;
}

/**
 * Waits until the system is at rest: no outbox holds an event, and every group has read its
 * topics to the end, twice in a row a few seconds apart (an event handled meanwhile may have
 * written new events). Fails after `ms` with what was still moving.
 */
export async function waitSettled(
  brokers: string,
  stores: Record<ServiceName, DocumentStore>,
  topology: Record<ServiceName, string[]>,
  ms = 600_000,
): Promise<number> {
  const started = Date.now();
  let quietRounds = 0;
  let last = '';
  while (quietRounds < 2) {
    if (Date.now() - started > ms) throw new Error(`the system did not settle in ${ms} ms (${last})`);
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const [outbox, lag] = await Promise.all([
      pendingOutbox(stores).catch(() => -1),
      consumerLag(brokers, topology).catch(() => -1),
    ]);
    last = `outbox ${outbox}, consumer lag ${lag}`;
    quietRounds = outbox === 0 && lag === 0 ? quietRounds + 1 : 0;
  }
  return Date.now() - started;
}
