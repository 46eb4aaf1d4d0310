import { Queue, UnrecoverableError, Worker, type Job, type JobType } from 'bullmq';
import IORedis from 'ioredis';
import { systemClock, type Clock } from '../clock';
import { createLogger, type Logger } from '../logger';
import { DEFAULT_JOB_RETRY, type JobHandler, type JobQueue, type JobRetryPolicy, type JobSpec } from './port';

export interface BullmqJobsOptions {
  redisUrl: string;
  /** One queue per service; BullMQ refuses ':' in it. */
  queueName: string;
  /** Redis key prefix (BullMQ's default is "bull"). */
  prefix?: string;
  clock?: Clock;
  retry?: JobRetryPolicy;
  logger?: Logger;
  /** Jobs processed at once by this process. */
  concurrency?: number;
}

/** What a BullMQ job carries: the port's jobId as given (the BullMQ id is encoded) and the payload. */
interface JobData {
  jobId: string;
  payload: unknown;
}

/** Jobs that can still run (a paused queue keeps its jobs in 'waiting'). */
const PENDING_STATES: readonly JobType[] = ['waiting', 'delayed', 'prioritized', 'active', 'waiting-children'];
const START_CHECK_PAGE = 500;

/**
 * The job queue on BullMQ (Redis): jobs are kept in Redis, so a job scheduled before
 * a restart runs after it, on whichever process of the service starts a worker.
 * One Queue (to schedule) and one Worker (to run, created by start()) per adapter.
 */
export function createBullmqJobs(options: BullmqJobsOptions): JobQueue {
  const clock = options.clock ?? systemClock;
  const retry = options.retry ?? DEFAULT_JOB_RETRY;
  const logger = options.logger ?? createLogger({ name: 'jobs' });
  const prefix = options.prefix;
  // Schedules should fail fast when Redis is away (ioredis' default retries); the worker's
  // blocking connection must wait forever, which BullMQ requires (maxRetriesPerRequest: null).
  const queueConnection = new IORedis(options.redisUrl, { maxRetriesPerRequest: 3 });
  const workerConnection = new IORedis(options.redisUrl, { maxRetriesPerRequest: null });
  for (const connection of [queueConnection, workerConnection]) {
    // Without a listener ioredis prints every reconnect error; readiness reports it instead.
    connection.on('error', (error: unknown) => logger.debug({ err: String(error) }, 'redis connection error'));
  }
  const queue = new Queue<JobData>(options.queueName, { connection: queueConnection, ...(prefix ? { prefix } : {}) });
  queue.on('error', (error: unknown) => logger.warn({ err: String(error) }, 'job queue error'));
  const handlers = new Map<string, JobHandler<unknown>>();
  let worker: Worker<JobData> | null = null;
  let closed = false;

  async function processJob(job: Job<JobData>): Promise<void> {
    const handler = handlers.get(job.name);
    // start() checked the names; a job added later by a newer release has no handler here.
    if (!handler) throw new UnrecoverableError(`no handler registered for job "${job.name}"`);
    await handler(job.data.payload, { jobId: job.data.jobId, attempt: job.attemptsMade + 1 });
  }

  function onFailed(job: Job<JobData> | undefined, error: Error): void {
    if (!job) return;
    const details = { jobId: job.data.jobId, job: job.name, attempt: job.attemptsMade, err: String(error) };
    const givenUp = job.attemptsMade >= (job.opts.attempts ?? 1) || error instanceof UnrecoverableError;
    if (givenUp) logger.error(details, 'job failed on its last attempt; given up (kept in the failed set)');
    else logger.warn(details, 'job failed; will retry');
  }

  /** Names of jobs waiting in Redis that this process has no handler for. */
  async function unhandledNames(): Promise<string[]> {
    const missing = new Set<string>();
    for (let start = 0; ; start += START_CHECK_PAGE) {
      const jobs = await queue.getJobs([...PENDING_STATES], start, start + START_CHECK_PAGE - 1);
      for (const job of jobs) if (!handlers.has(job.name)) missing.add(job.name);
      if (jobs.length < START_CHECK_PAGE) return [...missing];
    }
  }

  return {
    register<TPayload>(name: string, handler: JobHandler<TPayload>): void {
      if (handlers.has(name)) throw new Error(`a handler for job "${name}" is already registered`);
      handlers.set(name, handler as JobHandler<unknown>);
    },

    async schedule<TPayload>(job: JobSpec<TPayload>): Promise<void> {
      if (closed) throw new Error('job queue is closed');
      if (worker && !handlers.has(job.name)) throw new Error(`no handler registered for job "${job.name}"`);
      const id = encodeJobId(job.jobId);
      // BullMQ keeps finished jobs for a while (removeOnComplete/removeOnFail), and adding an
      // id it still holds is a silent no-op: clear a finished one so the id can be used again,
      // as in the in-process queue. A pending one stays: that is the de-duplication.
      const existing = await queue.getJob(id);
      if (existing) {
        const state = await existing.getState();
        if (state !== 'completed' && state !== 'failed') return;
        await existing.remove();
      }
      await queue.add(
        job.name,
        { jobId: job.jobId, payload: job.payload },
        {
          jobId: id,
          delay: Math.max(0, job.runAt.getTime() - clock.now().getTime()),
          attempts: retry.attempts,
          backoff: { type: 'exponential', delay: retry.backoffMs },
          removeOnComplete: { age: 24 * 3600, count: 1000 },
          removeOnFail: { age: 14 * 24 * 3600, count: 5000 },
        },
      );
    },

    async cancel(jobId: string): Promise<void> {
      // A running job is locked and stays (remove answers 0): it finishes, as in-process.
      await queue.remove(encodeJobId(jobId));
    },

    async start(): Promise<void> {
      if (closed) throw new Error('job queue is closed');
      const missing = await unhandledNames();
      if (missing.length > 0) throw new Error(`jobs are scheduled with no registered handler: ${missing.join(', ')}`);
      if (worker) return;
      worker = new Worker<JobData>(options.queueName, processJob, {
        connection: workerConnection,
        concurrency: options.concurrency ?? 4,
        ...(prefix ? { prefix } : {}),
      });
      worker.on('failed', onFailed);
      worker.on('error', (error: unknown) => logger.warn({ err: String(error) }, 'job worker error'));
      await worker.waitUntilReady();
    },

    async ping(): Promise<boolean> {
      if (closed) return false;
      try {
        return (await withTimeout(queueConnection.ping(), 1_000)) === 'PONG';
      } catch {
        return false;
      }
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      // The worker waits for its running jobs; the connections are ours (shared), so we quit them.
      await worker?.close();
      await queue.close();
      await Promise.all([queueConnection, workerConnection].map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}

/**
 * BullMQ refuses custom ids with ':' (they clash with its Redis keys) and ids that look
 * like integers (they clash with its own counters), but ours are `close-tender:<id>`.
 * The encoding is one-to-one: '%' and ':' are percent-encoded, and an id that would
 * still read as an integer gets a '%_' prefix no encoded id can otherwise start with.
 */
export function encodeJobId(jobId: string): string {
  const encoded = jobId.replaceAll('%', '%25').replaceAll(':', '%3A');
  return `${parseInt(encoded, 10)}` === encoded ? `%_${encoded}` : encoded;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
