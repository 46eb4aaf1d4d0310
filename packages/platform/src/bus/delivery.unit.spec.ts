import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { EventEnvelope } from '@sanshe/contracts';
import { createLogger } from '../logger';
import { isOutage } from '../errors';
import { backoff, deliver, type DeadLetter, type DeliveryPolicy } from './delivery';
import type { EventHandler } from './port';

const logger = createLogger({ name: 'delivery-test', level: 'silent' });
const policy: DeliveryPolicy = { attempts: 3, initialBackoffMs: 1, maxBackoffMs: 2 };
const failedAt = new Date('2026-01-05T09:00:00.000Z');

function envelope(): EventEnvelope {
  return {
    specversion: '1.0',
    id: randomUUID(),
    type: 'need.logged',
    source: 'needs-intake',
    subject: 'need-1',
    time: '2026-01-05T08:59:00.000Z',
    datacontenttype: 'application/json',
    correlationId: 'corr-1',
    causationId: null,
    schemaVersion: 1,
    data: { category: 'eldercare' },
  };
}

/** Delivers one raw message with a recording dead-letter sink. */
async function deliverRaw(raw: string, handler: EventHandler) {
  const letters: DeadLetter[] = [];
  const outcome = await deliver({
    group: 'fulfilment',
    topic: 'need.logged',
    raw,
    handler,
    policy,
    logger,
    now: () => failedAt,
    deadLetter: async (letter) => {
      letters.push(letter);
    },
  });
  return { outcome, letters };
}

function countingHandler(failures = 0, error = new Error('handler failed')) {
  const calls: EventEnvelope[] = [];
  let failuresLeft = failures;
  const handler: EventHandler = async (event) => {
    calls.push(event);
    if (failuresLeft-- > 0) throw error;
  };
  return { calls, handler };
}

describe('deliver', () => {
  it.each([
    ['text that is not JSON', 'this is not json'],
    ['JSON that is not an envelope', JSON.stringify({ id: 'not-a-uuid', type: 'need.logged' })],
    ['an empty message', ''],
  ])('when the message is %s, it is dead-lettered as raw text without calling the handler', async (_, raw) => {
    const { calls, handler } = countingHandler();

    const { outcome, letters } = await deliverRaw(raw, handler);

    expect(outcome).toBe('dead-lettered');
    expect(calls).toHaveLength(0);
    expect(letters).toEqual([
      {
        group: 'fulfilment',
        topic: 'need.logged',
        attempts: 0,
        error: expect.any(String),
        failedAt: failedAt.toISOString(),
        event: { raw },
      },
    ]);
  });

  it('when the handler succeeds, the message is handled once and nothing is dead-lettered', async () => {
    const event = envelope();
    const { calls, handler } = countingHandler();

    const { outcome, letters } = await deliverRaw(JSON.stringify(event), handler);

    expect(outcome).toBe('handled');
    expect(calls).toEqual([event]);
    expect(letters).toEqual([]);
  });

  it('when the envelope carries unknown fields, the handler still gets it (consumers tolerate unknown fields)', async () => {
    const event = envelope();
    const { calls, handler } = countingHandler();

    const { outcome } = await deliverRaw(JSON.stringify({ ...event, traceparent: '00-abc-def-01' }), handler);

    expect(outcome).toBe('handled');
    expect(calls.map((call) => call.id)).toEqual([event.id]);
  });

  it('when the handler fails twice and then succeeds, it is called three times and nothing is dead-lettered', async () => {
    const event = envelope();
    const { calls, handler } = countingHandler(2);

    const { outcome, letters } = await deliverRaw(JSON.stringify(event), handler);

    expect(outcome).toBe('handled');
    expect(calls).toHaveLength(3);
    expect(letters).toEqual([]);
  });

  it('when the handler schema refuses the data, it is dead-lettered at once: a retry would be refused too', async () => {
    let calls = 0;
    const { outcome, letters } = await deliverRaw(JSON.stringify(envelope()), async (event) => {
      calls += 1;
      z.object({ needId: z.uuid() }).parse(event.data);
    });
    expect(outcome).toBe('dead-lettered');
    expect(calls).toBe(1);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({ attempts: 1, error: expect.stringContaining('ZodError') });
  });

  it('when the handler always fails, it is dead-lettered after the bounded attempts with the last error and the event', async () => {
    const event = envelope();
    const { calls, handler } = countingHandler(Infinity, new TypeError('data.category is unknown'));

    const { outcome, letters } = await deliverRaw(JSON.stringify(event), handler);

    expect(outcome).toBe('dead-lettered');
    expect(calls).toHaveLength(policy.attempts);
    expect(letters).toEqual([
      {
        group: 'fulfilment',
        topic: 'need.logged',
        attempts: policy.attempts,
        error: 'TypeError: data.category is unknown',
        failedAt: failedAt.toISOString(),
        event,
      },
    ]);
  });

  it('when a handler throws something that is not an Error, the dead letter still carries it as text', async () => {
    const handler: EventHandler = async () => {
      throw 'plain string failure';
    };

    const { letters } = await deliverRaw(JSON.stringify(envelope()), handler);

    expect(letters.map((letter) => letter.error)).toEqual(['plain string failure']);
  });
});

describe('deliver during an infrastructure outage', () => {
  /** What the MongoDB driver throws while its server restarts. */
  const unreachable = () =>
    Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:27017'), { name: 'MongoNetworkError' });
  const deliverWith = async (handler: EventHandler, patient: DeliveryPolicy) => {
    const letters: DeadLetter[] = [];
    const outcome = await deliver({
      group: 'project-design',
      topic: 'need.logged',
      raw: JSON.stringify(envelope()),
      handler,
      policy: patient,
      logger,
      now: () => failedAt,
      deadLetter: async (letter) => {
        letters.push(letter);
      },
    });
    return { outcome, letters };
  };

  it('waits for the server instead of spending attempts: more failures than attempts, then handled, nothing dead-lettered', async () => {
    const { calls, handler } = countingHandler(policy.attempts * 3, unreachable());
    const { outcome, letters } = await deliverWith(handler, { ...policy, maxOutageMs: 60_000 });
    expect(outcome).toBe('handled');
    expect(calls).toHaveLength(policy.attempts * 3 + 1);
    expect(letters).toEqual([]);
  });

  it('gives up on an outage that outlasts its patience, and counts an outage as any failure when the policy has none', async () => {
    const { handler } = countingHandler(Infinity, unreachable());
    const impatient = await deliverWith(handler, { ...policy, maxOutageMs: 5 });
    expect(impatient.outcome).toBe('dead-lettered');
    expect(impatient.letters[0]).toMatchObject({ error: expect.stringContaining('MongoNetworkError') });
    const counted = countingHandler(Infinity, unreachable());
    expect((await deliverWith(counted.handler, policy)).letters[0]?.attempts).toBe(policy.attempts);
  });

  it('tells an unreachable server (by driver error name or socket code, also as a cause) from a failing request', () => {
    const refused = Object.assign(new Error('connect'), { code: 'ECONNREFUSED' });
    expect(isOutage(unreachable())).toBe(true);
    expect(isOutage(new Error('job queue unreachable', { cause: refused }))).toBe(true);
    expect(isOutage(new TypeError('data.category is unknown'))).toBe(false);
    expect(isOutage('ECONNREFUSED')).toBe(false);
  });

  it('counts a replica set between primaries as an outage, and no other server error', () => {
    const serverError = (code: number, message: string) =>
      Object.assign(new Error(message), { name: 'MongoServerError', code });
    expect(isOutage(serverError(10107, 'not primary'))).toBe(true);
    expect(isOutage(serverError(189, 'PrimarySteppedDown'))).toBe(true);
    expect(isOutage(serverError(11602, 'operation was interrupted because of a replication state change'))).toBe(true);
    expect(isOutage(serverError(91, 'The server is in quiesce mode and will shut down'))).toBe(true);
    // A duplicate key, a slow query (ExceededTimeLimit) and an unknown server failure are not outages.
    expect(isOutage(serverError(11000, 'E11000 duplicate key error'))).toBe(false);
    expect(isOutage(serverError(50, 'operation exceeded time limit'))).toBe(false);
    expect(isOutage(serverError(8, 'Unknown error: This store is closed'))).toBe(false);
    // The same numbers from something else than MongoDB mean nothing here.
    expect(isOutage(Object.assign(new Error('x'), { code: 10107 }))).toBe(false);
  });
});

describe('backoff', () => {
  it('doubles from the initial backoff and stops at the maximum', () => {
    const slow: DeliveryPolicy = { attempts: 6, initialBackoffMs: 100, maxBackoffMs: 500 };
    expect([1, 2, 3, 4, 5].map((attempt) => backoff(slow, attempt))).toEqual([100, 200, 400, 500, 500]);
  });
});
