import type { KafkaMessage } from 'kafkajs';
import { handleByKey } from './kafka-batch';

/** How the Kafka consumer handles a fetched batch: in order per key, keys at the same time. */
const message = (offset: number, key: string | null): KafkaMessage =>
  ({
    offset: String(offset),
    key: key === null ? null : Buffer.from(key),
    value: Buffer.from(`${key}:${offset}`),
    timestamp: '0',
    attributes: 0,
    headers: {},
  }) as KafkaMessage;

/** A promise and its resolver: handlers wait on gates instead of timers. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('a fetched batch, handled key by key', () => {
  it("each key's messages are handled one after the other, in offset order", async () => {
    const batch = [message(0, 'a'), message(1, 'b'), message(2, 'a'), message(3, 'a'), message(4, 'b')];
    const log: string[] = [];
    const resolved: string[] = [];
    await handleByKey(
      batch,
      async (m) => {
        log.push(`start ${m.value}`);
        await Promise.resolve();
        log.push(`end ${m.value}`);
      },
      8,
      () => true,
      (offset) => resolved.push(offset),
    );
    const ofKey = (key: string) => log.filter((line) => line.includes(` ${key}:`));
    expect(ofKey('a')).toEqual(['start a:0', 'end a:0', 'start a:2', 'end a:2', 'start a:3', 'end a:3']);
    expect(ofKey('b')).toEqual(['start b:1', 'end b:1', 'start b:4', 'end b:4']);
    expect(resolved).toEqual(['4']);
  });

  it('another key goes on while one key waits (a slow handler does not hold its partition)', async () => {
    const slow = gate();
    const handled: string[] = [];
    const done = handleByKey(
      [message(0, 'slow'), message(1, 'fast'), message(2, 'fast'), message(3, 'slow')],
      async (m) => {
        if (String(m.value) === 'slow:0') await slow.opened;
        handled.push(String(m.value));
        // The slow key is let go only once the other key's messages are both handled.
        if (handled.filter((h) => h.startsWith('fast')).length === 2) slow.open();
      },
      8,
      () => true,
      () => undefined,
    );
    await done;
    expect(handled).toEqual(['fast:1', 'fast:2', 'slow:0', 'slow:3']);
  });

  it('at most `limit` messages are in flight; messages without a key share one line', async () => {
    let inFlight = 0;
    let most = 0;
    const order: string[] = [];
    await handleByKey(
      [...Array.from({ length: 10 }, (_, i) => message(i, `k${i}`)), message(10, null), message(11, null)],
      async (m) => {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await Promise.resolve();
        await Promise.resolve();
        if (m.key === null) order.push(String(m.offset));
        inFlight -= 1;
      },
      3,
      () => true,
      () => undefined,
    );
    expect(most).toBe(3);
    expect(order).toEqual(['10', '11']);
  });

  it('stops taking messages once the consumer is stopping, and resolves only what it handled', async () => {
    const taken: string[] = [];
    const resolved: string[] = [];
    let asked = 0;
    await handleByKey(
      [message(0, 'a'), message(1, 'b'), message(2, 'c')],
      async (m) => {
        taken.push(m.offset);
      },
      8,
      // Running for the first two messages, stopping (a rebalance, close) before the third.
      () => ++asked <= 2,
      (offset) => resolved.push(offset),
    );
    expect(taken).toEqual(['0', '1']);
    expect(resolved).toEqual(['1']);
  });

  it('a failing handler fails the batch once the others have finished, and nothing is resolved', async () => {
    const finished: string[] = [];
    const resolved: string[] = [];
    const failing = handleByKey(
      [message(0, 'a'), message(1, 'b'), message(2, 'a')],
      async (m) => {
        if (m.offset === '0') throw new Error('dead-letter topic unreachable');
        await Promise.resolve();
        finished.push(m.offset);
      },
      8,
      () => true,
      (offset) => resolved.push(offset),
    );
    await expect(failing).rejects.toThrow('dead-letter topic unreachable');
    // The key's later message is still attempted (delivery decides what to do with it), the other key's too.
    expect(finished.sort()).toEqual(['1', '2']);
    expect(resolved).toEqual([]);
  });
});
