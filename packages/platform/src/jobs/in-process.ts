import { isManualClock, type Clock } from '../clock';
import { createLogger, type Logger } from '../logger';
import { DueHeap, type HeapSlot } from './due-heap';
import { DEFAULT_JOB_RETRY, type JobHandler, type JobQueue, type JobRetryPolicy, type JobSpec } from './port';

export interface InProcessJobsOptions {
  clock: Clock;
  retry?: JobRetryPolicy;
  logger?: Logger;
}

/** A job that failed on every attempt and was given up (kept for tests and diagnostics). */
export interface FailedJob {
  jobId: string;
  name: string;
  payload: unknown;
  attempts: number;
  error: string;
  failedAt: Date;
}

export interface InProcessJobQueue extends JobQueue {
  /** Jobs given up after their last attempt, oldest first. */
  failed(): readonly FailedJob[];
  /** Resolves once no due job is running or waiting to run (future jobs do not count). */
  idle(): Promise<void>;
}

interface Entry {
  jobId: string;
  name: string;
  /** Payloads are kept as BullMQ keeps them, as JSON text, so both modes hand handlers the same values. */
  payloadJson: string;
  dueAt: number;
  attempt: number;
  running: boolean;
  /** Its place in the due heap while it waits; null while it runs. */
  slot: HeapSlot<Entry> | null;
}

// setTimeout fires at once for delays above 2^31-1 ms (~24.8 days); longer waits re-arm.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Jobs in the process, due by the given clock. With a ManualClock, due jobs fire when
 * a test moves the clock (no timer, no sleeping); with any other clock, one timer
 * waits for the earliest job. Semantics follow the BullMQ adapter: a jobId names one
 * pending job (scheduling it again is a no-op until it has run or been given up),
 * failures are retried with exponential backoff, and payloads travel as JSON, so a
 * Date in a payload arrives as an ISO string in both modes. Nothing survives a restart.
 */
export function createInProcessJobs(options: InProcessJobsOptions): InProcessJobQueue {
  const { clock } = options;
  const retry = options.retry ?? DEFAULT_JOB_RETRY;
  const logger = options.logger ?? createLogger({ name: 'jobs' });
  const handlers = new Map<string, JobHandler<unknown>>();
  const entries = new Map<string, Entry>();
  // Waiting entries by due time: a slot is live while its entry is still the pending one for
  // its jobId and still waits in that slot (cancelled, run or rescheduled: stale, dropped lazily).
  const heap = new DueHeap<Entry>((slot) => slot.item.slot === slot && entries.get(slot.item.jobId) === slot.item);
  const running = new Set<Promise<void>>();
  const failures: FailedJob[] = [];
  let started = false;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  let unsubscribe: (() => void) | null = null;

  function pump(): void {
    if (!started || closed) return;
    const now = clock.now().getTime();
    // Earliest first, as many as are due: O(log n) each, whatever the number pending.
    for (let slot = heap.popDue(now); slot; slot = heap.popDue(now)) {
      slot.item.slot = null;
      run(slot.item);
    }
    arm();
  }

  function queue(entry: Entry): void {
    entry.slot = heap.push(entry.dueAt, entry);
  }

  function arm(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    if (isManualClock(clock) || !started || closed) return;
    const next = heap.peek()?.dueAt;
    if (next === undefined) return;
    const delay = Math.min(Math.max(0, next - clock.now().getTime()), MAX_TIMER_MS);
    // Unref'd: a pending job alone must not keep the process (or a test run) alive.
    timer = setTimeout(pump, delay).unref();
  }

  function run(entry: Entry): void {
    const handler = handlers.get(entry.name);
    entry.running = true;
    entry.attempt += 1;
    const attempt = entry.attempt;
    // Started on a later microtask, so schedule() and the clock's listeners return first.
    const execution = Promise.resolve()
      .then(() => {
        if (!handler) throw new Error(`no handler registered for job "${entry.name}"`);
        return handler(JSON.parse(entry.payloadJson), { jobId: entry.jobId, attempt });
      })
      .then(
        () => {
          if (entries.get(entry.jobId) === entry) entries.delete(entry.jobId);
        },
        (error: unknown) => failed(entry, attempt, error),
      )
      .finally(() => {
        entry.running = false;
        // A failed attempt left to retry waits again (queued only now that it no longer runs).
        if (!closed && entry.slot === null && entries.get(entry.jobId) === entry) queue(entry);
        running.delete(execution);
        pump();
      });
    running.add(execution);
  }

  function failed(entry: Entry, attempt: number, error: unknown): void {
    // Cancelled while it ran, or the queue is closing: nothing more to do with it.
    if (entries.get(entry.jobId) !== entry || closed) return;
    const details = { jobId: entry.jobId, job: entry.name, attempt, err: String(error) };
    if (attempt < retry.attempts) {
      // Exponential, as BullMQ's backoff: backoffMs, 2×, 4× …
      entry.dueAt = clock.now().getTime() + retry.backoffMs * 2 ** (attempt - 1);
      logger.warn(details, 'job failed; will retry');
      return;
    }
    entries.delete(entry.jobId);
    failures.push({
      jobId: entry.jobId,
      name: entry.name,
      payload: JSON.parse(entry.payloadJson),
      attempts: attempt,
      error: String(error),
      failedAt: clock.now(),
    });
    logger.error(details, 'job failed on its last attempt; given up');
  }

  return {
    register<TPayload>(name: string, handler: JobHandler<TPayload>): void {
      if (handlers.has(name)) throw new Error(`a handler for job "${name}" is already registered`);
      handlers.set(name, handler as JobHandler<unknown>);
    },

    async schedule<TPayload>(job: JobSpec<TPayload>): Promise<void> {
      if (closed) throw new Error('job queue is closed');
      if (started && !handlers.has(job.name)) throw new Error(`no handler registered for job "${job.name}"`);
      const dueAt = job.runAt.getTime();
      if (Number.isNaN(dueAt)) throw new Error(`job ${job.jobId}: runAt is not a valid date`);
      if (entries.has(job.jobId)) return;
      const payloadJson = JSON.stringify(job.payload) ?? 'null';
      const entry: Entry = {
        jobId: job.jobId,
        name: job.name,
        payloadJson,
        dueAt,
        attempt: 0,
        running: false,
        slot: null,
      };
      entries.set(job.jobId, entry);
      queue(entry);
      pump();
    },

    async cancel(jobId: string): Promise<void> {
      // A running job finishes, but is neither retried nor counted as failed.
      entries.delete(jobId);
      heap.compact(entries.size);
      arm();
    },

    async start(): Promise<void> {
      if (closed) throw new Error('job queue is closed');
      const missing = [...new Set([...entries.values()].map((entry) => entry.name))].filter((n) => !handlers.has(n));
      if (missing.length > 0) throw new Error(`jobs are scheduled with no registered handler: ${missing.join(', ')}`);
      if (started) return;
      started = true;
      if (isManualClock(clock)) unsubscribe = clock.onChange(() => pump());
      pump();
    },

    async ping(): Promise<boolean> {
      return !closed;
    },

    async close(): Promise<void> {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      unsubscribe?.();
      unsubscribe = null;
      await settle(running);
    },

    failed: () => [...failures],

    idle: () => settle(running),
  };
}

async function settle(running: Set<Promise<void>>): Promise<void> {
  // A finishing job may start the next due one (a retry, a job it scheduled): look again.
  while (running.size > 0) await Promise.allSettled([...running]);
}
