import type { Admin, Kafka } from 'kafkajs';

/**
 * Where a consumer group that has never committed an offset starts reading:
 * `earliest` replays every topic's history (production: a new service or projection
 * must see everything that happened before it was deployed); `latest` starts at the
 * end of the log as it is when the group first subscribes (throw-away test
 * namespaces on a shared broker, which must not replay earlier runs' events).
 * A group that has committed offsets always resumes from them, whatever this says.
 */
export type NewGroupStart = 'earliest' | 'latest';

export interface TopicPartitionOffset {
  topic: string;
  partition: number;
  offset: string;
}

/**
 * Pins a new group to the current end of its topics by committing those offsets for it,
 * before its real consumer joins. Committing (rather than letting the consumer resolve
 * "latest" when it first fetches) closes two gaps: an event published between start-up
 * and that first fetch would be skipped, and a partition that saw no event before a
 * restart would be resolved to "latest" again and skip what arrived while it was down.
 * Partitions that already have a committed offset are left alone. Returns what it pinned,
 * or null if it could not.
 */
export async function pinNewGroupAtEnd(params: {
  kafka: Kafka;
  admin: Admin;
  groupId: string;
  topics: readonly string[];
}): Promise<TopicPartitionOffset[] | null> {
  const { kafka, admin, groupId } = params;
  const topics = [...params.topics];
  if (topics.length === 0) return [];
  const committed = await fetchOffsetsWhenReady(admin, groupId, topics);
  if (committed === null) return null;
  const missing = committed.flatMap((t) =>
    t.partitions.filter((p) => Number(p.offset) < 0).map((p) => ({ topic: t.topic, partition: p.partition })),
  );
  if (missing.length === 0) return [];
  const ends = new Map(
    await Promise.all(
      [...new Set(missing.map((m) => m.topic))].map(
        async (topic) => [topic, await admin.fetchTopicOffsets(topic)] as const,
      ),
    ),
  );
  const pins = missing.map(({ topic, partition }) => {
    const end = ends.get(topic)?.find((p) => p.partition === partition);
    if (!end) throw new Error(`no end offset for ${topic}[${partition}]`);
    return { topic, partition, offset: end.high };
  });
  // A commit needs a member of the group's current generation: a short-lived member
  // joins (run() resolves once it has), commits the pins and leaves. It never commits
  // what it fetched (autoCommit off), so nothing published meanwhile is lost to the real
  // consumer. kafkajs drops a commit silently when its member is not running (before run()
  // resolves, or during a rebalance), hence the check; should every attempt fail, the real
  // consumer replays from the beginning: slow, never lossy.
  for (let attempt = 1; attempt <= 3; attempt++) {
    const pinner = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 100 });
    await pinner.connect();
    try {
      await pinner.subscribe({ topics, fromBeginning: false });
      await pinner.run({ autoCommit: false, eachMessage: async () => undefined });
      pinner.pause(topics.map((topic) => ({ topic })));
      await pinner.commitOffsets(pins);
    } finally {
      await pinner.disconnect();
    }
    const after = await fetchOffsetsWhenReady(admin, groupId, topics);
    if (after?.every((t) => t.partitions.every((p) => Number(p.offset) >= 0))) return pins;
  }
  return null;
}

/**
 * A broker that has never hosted a group has no `__consumer_offsets` yet: the first offset
 * fetch creates it and answers "group coordinator not found" meanwhile (a fresh CI broker).
 * Asks again for a while; null if the coordinator never appears (the caller falls back to
 * reading from the beginning).
 */
async function fetchOffsetsWhenReady(
  admin: Admin,
  groupId: string,
  topics: string[],
): Promise<Awaited<ReturnType<Admin['fetchOffsets']>> | null> {
  for (let attempt = 1; attempt <= 20; attempt++) {
    try {
      return await admin.fetchOffsets({ groupId, topics });
    } catch (error) {
      const name = error instanceof Error ? error.name : '';
      if (name !== 'KafkaJSGroupCoordinatorNotFound' && name !== 'KafkaJSProtocolError') throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  return null;
}
