import { ZodError } from 'zod';
import { EventEnvelope } from '@sanshe/contracts';
import type { Logger } from 'pino';
import { isOutage } from '../errors';
import type { EventHandler } from './port';

/**
 * Bounded retries with exponential backoff, then the dead-letter topic. While the handler
 * fails because infrastructure is unreachable (see `isOutage`), the event waits instead,
 * spending none of its attempts, for at most `maxOutageMs`.
 */
export interface DeliveryPolicy {
  attempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
  maxOutageMs?: number;
}

export const DEFAULT_DELIVERY: DeliveryPolicy = {
  attempts: 5,
  initialBackoffMs: 100,
  maxBackoffMs: 5_000,
  maxOutageMs: 30 * 60_000,
};

export interface DeadLetter {
  group: string;
  topic: string;
  attempts: number;
  error: string;
  failedAt: string;
  /** The original message: the parsed envelope, or the raw text when it was not one. */
  event: EventEnvelope | { raw: string };
}

export type DeadLetterSink = (letter: DeadLetter) => Promise<void>;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function backoff(policy: DeliveryPolicy, attempt: number): number {
  return Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** (attempt - 1));
}

/**
 * Delivers one message to its handler. A message that is not a valid envelope is
 * poison: it goes straight to the dead-letter topic, as does one whose data the handler's
 * schema refuses (retrying cannot help) and one whose handler keeps failing. It never
 * throws, so one bad message cannot stall its partition forever.
 */
export async function deliver(params: {
  group: string;
  topic: string;
  raw: string;
  handler: EventHandler;
  policy: DeliveryPolicy;
  deadLetter: DeadLetterSink;
  logger: Logger;
  now: () => Date;
}): Promise<'handled' | 'dead-lettered'> {
  const { group, topic, raw, handler, policy, deadLetter, logger } = params;
  let event: EventEnvelope;
  try {
    event = EventEnvelope.parse(JSON.parse(raw));
  } catch (error) {
    logger.error({ group, topic, err: describe(error) }, 'poison message: not a valid event envelope');
    await deadLetter({
      group,
      topic,
      attempts: 0,
      error: describe(error),
      failedAt: params.now().toISOString(),
      event: { raw },
    });
    return 'dead-lettered';
  }
  let lastError: unknown;
  let attempts = 0;
  let outageSince: number | null = null;
  const patience = policy.maxOutageMs ?? 0;
  for (;;) {
    try {
      await handler(event);
      return 'handled';
    } catch (error) {
      lastError = error;
      const outage = patience > 0 && isOutage(error);
      outageSince = outage ? (outageSince ?? Date.now()) : null;
      if (outageSince !== null && Date.now() - outageSince < patience) {
        logger.warn(
          { group, topic, eventId: event.id, err: describe(error) },
          'infrastructure unreachable; the event waits',
        );
        await sleep(policy.maxBackoffMs);
        continue;
      }
      attempts += 1;
      logger.warn({ group, topic, eventId: event.id, attempt: attempts, err: describe(error) }, 'event handler failed');
      // Data its schema refuses will be refused again, and an outage past its patience is given up.
      if (error instanceof ZodError || outage || attempts >= policy.attempts) break;
      await sleep(backoff(policy, attempts));
    }
  }
  logger.error({ group, topic, eventId: event.id, attempts }, 'event dead-lettered');
  await deadLetter({
    group,
    topic,
    attempts,
    error: describe(lastError),
    failedAt: params.now().toISOString(),
    event,
  });
  return 'dead-lettered';
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
