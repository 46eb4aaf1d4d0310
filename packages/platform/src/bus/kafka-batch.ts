import type { KafkaMessage } from 'kafkajs';

/**
 * Handles messages in order per key and concurrently across keys (at most `limit` at once), as
 * long as `going()`; resolves the offset of the last message taken once every message taken is
 * handled. A handler that throws fails the whole batch (kafkajs delivers it again) after the
 * others taken have finished.
 */
export async function handleByKey(
  messages: readonly KafkaMessage[],
  handle: (message: KafkaMessage) => Promise<unknown>,
  limit: number,
  going: () => boolean,
  resolveOffset: (offset: string) => void,
): Promise<void> {
  const tails = new Map<string, Promise<unknown>>();
  const running = new Set<Promise<unknown>>();
  const all: Array<Promise<unknown>> = [];
  let last: string | null = null;
  for (const message of messages) {
    if (!going()) break;
    while (running.size >= Math.max(1, limit)) await Promise.race(running).catch(() => undefined);
    const key = message.key?.toString('utf8') ?? '';
    // After the key's previous event, whether that one was handled or failed (the batch fails then anyway).
    const previous = tails.get(key) ?? Promise.resolve();
    const done = previous.then(
      () => handle(message),
      () => handle(message),
    );
    tails.set(key, done);
    running.add(done);
    all.push(done);
    void done
      .finally(() => {
        running.delete(done);
        if (tails.get(key) === done) tails.delete(key);
      })
      .catch(() => undefined);
    last = message.offset;
  }
  const outcomes = await Promise.allSettled(all);
  const failed = outcomes.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
  if (failed) throw failed.reason;
  if (last !== null) resolveOffset(last);
}
