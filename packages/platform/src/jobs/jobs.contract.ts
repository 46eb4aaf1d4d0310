import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { Clock } from '../clock';
import type { JobQueue, JobRetryPolicy } from './port';

/**
 * The behaviour every JobQueue adapter owes its services, run on both adapters. Time
 * is abstracted: the in-process queue runs on a ManualClock that `pass` moves (no
 * sleeping), BullMQ on real time that `pass` sleeps through, so delays stay short.
 */
export interface JobsUnderTest {
  queue: JobQueue;
  /** The clock the queue schedules against: runAt is computed from it. */
  clock: Clock;
  /** The retry policy the queue was made with: few attempts, short backoff. */
  retry: JobRetryPolicy;
  /** Lets `ms` of the queue's time pass and due jobs run. */
  pass(ms: number): Promise<void>;
  close(): Promise<void>;
}

interface Run {
  payload: unknown;
  jobId: string;
  attempt: number;
}

export function jobsContract(name: string, makeJobs: () => Promise<JobsUnderTest>): void {
  describe(`job queue contract: ${name}`, () => {
    let jobs: JobsUnderTest;
    let runs: Run[];

    beforeEach(async () => {
      jobs = await makeJobs();
      runs = [];
    });
    afterEach(async () => {
      await jobs.close();
    });

    const at = (msFromNow: number) => new Date(jobs.clock.now().getTime() + msFromNow);
    const recordRuns = (jobName = 'close-tender') =>
      jobs.queue.register<unknown>(jobName, async (payload, meta) => {
        runs.push({ payload, ...meta });
      });

    /** Lets time pass in steps until the check holds; fails after `withinMs` of queue time. */
    async function eventually(check: () => boolean, withinMs = 4_000, stepMs = 50): Promise<void> {
      for (let waited = 0; !check(); waited += stepMs) {
        if (waited >= withinMs) throw new Error(`not within ${withinMs} ms (runs: ${JSON.stringify(runs)})`);
        await jobs.pass(stepMs);
      }
    }

    it('a job due now runs once after start, with its payload, jobId and attempt 1', async () => {
      recordRuns();
      await jobs.queue.start();
      await jobs.queue.schedule({
        name: 'close-tender',
        jobId: 'close-tender:t1',
        runAt: at(0),
        payload: { tenderId: 't1' },
      });
      await eventually(() => runs.length > 0);
      await jobs.pass(300);
      expect(runs).toEqual([{ payload: { tenderId: 't1' }, jobId: 'close-tender:t1', attempt: 1 }]);
    });

    it('a job scheduled before start waits for start, then runs', async () => {
      recordRuns();
      await jobs.queue.schedule({ name: 'close-tender', jobId: 'close-tender:t1', runAt: at(-1_000), payload: {} });
      await jobs.pass(200);
      expect(runs).toHaveLength(0);
      await jobs.queue.start();
      await eventually(() => runs.length === 1);
    });

    it('a future job does not run before runAt and runs once it is due', async () => {
      recordRuns();
      await jobs.queue.start();
      await jobs.queue.schedule({ name: 'close-tender', jobId: 'close-tender:t1', runAt: at(1_000), payload: {} });
      await jobs.pass(600);
      expect(runs).toHaveLength(0);
      await eventually(() => runs.length === 1, 1_500);
      await jobs.pass(300);
      expect(runs).toHaveLength(1);
    });

    it('scheduling the same jobId twice keeps one job, the first one', async () => {
      recordRuns();
      await jobs.queue.start();
      await jobs.queue.schedule({ name: 'close-tender', jobId: 'close-tender:t1', runAt: at(300), payload: { n: 1 } });
      await jobs.queue.schedule({ name: 'close-tender', jobId: 'close-tender:t1', runAt: at(0), payload: { n: 2 } });
      await eventually(() => runs.length > 0);
      await jobs.pass(400);
      expect(runs.map((run) => run.payload)).toEqual([{ n: 1 }]);
    });

    it('once a job has run, its jobId can be scheduled again', async () => {
      recordRuns();
      await jobs.queue.start();
      await jobs.queue.schedule({ name: 'close-tender', jobId: 'close-tender:t1', runAt: at(0), payload: { n: 1 } });
      await eventually(() => runs.length === 1);
      await jobs.pass(100);
      await jobs.queue.schedule({ name: 'close-tender', jobId: 'close-tender:t1', runAt: at(0), payload: { n: 2 } });
      await eventually(() => runs.length === 2);
      expect(runs.map((run) => run.payload)).toEqual([{ n: 1 }, { n: 2 }]);
    });

    it('a cancelled job never runs; cancelling an unknown jobId is a no-op', async () => {
      recordRuns();
      await jobs.queue.start();
      await jobs.queue.schedule({ name: 'close-tender', jobId: 'close-tender:t1', runAt: at(300), payload: {} });
      await jobs.queue.schedule({ name: 'close-tender', jobId: 'close-tender:t2', runAt: at(300), payload: {} });
      await jobs.queue.cancel('close-tender:t1');
      await jobs.queue.cancel('close-tender:nobody');
      await eventually(() => runs.length === 1);
      await jobs.pass(300);
      expect(runs.map((run) => run.jobId)).toEqual(['close-tender:t2']);
    });

    it('jobIds with colons, percent signs or only digits are kept apart and handed back as given', async () => {
      recordRuns();
      await jobs.queue.start();
      const ids = ['a:b:c', 'a%3Ab:c', '42', 'sla:need-1'];
      for (const jobId of ids) await jobs.queue.schedule({ name: 'close-tender', jobId, runAt: at(0), payload: {} });
      await eventually(() => runs.length === ids.length);
      expect(runs.map((run) => run.jobId).sort()).toEqual([...ids].sort());
    });

    it('the payload arrives as JSON carries it: a Date becomes its ISO string', async () => {
      recordRuns();
      await jobs.queue.start();
      const payload = { due: new Date('2026-01-05T09:00:00.000Z'), nested: { list: [1, 'two', null] } };
      await jobs.queue.schedule({ name: 'close-tender', jobId: 'close-tender:t1', runAt: at(0), payload });
      await eventually(() => runs.length === 1);
      expect(runs[0]?.payload).toEqual({ due: '2026-01-05T09:00:00.000Z', nested: { list: [1, 'two', null] } });
    });

    it('a failing job is retried with backoff until it succeeds', async () => {
      const attempts: number[] = [];
      jobs.queue.register('flaky', async (_payload, meta) => {
        attempts.push(meta.attempt);
        if (meta.attempt < 3) throw new Error(`attempt ${meta.attempt} fails`);
      });
      await jobs.queue.start();
      await jobs.queue.schedule({ name: 'flaky', jobId: 'flaky:1', runAt: at(0), payload: {} });
      await eventually(() => attempts.length === 1);
      // The retry waits for the backoff rather than running at once.
      await jobs.pass(jobs.retry.backoffMs / 4);
      expect(attempts).toEqual([1]);
      await eventually(() => attempts.length === 3);
      await jobs.pass(jobs.retry.backoffMs * 4);
      expect(attempts).toEqual([1, 2, 3]);
    });

    it('a job that keeps failing is given up after the configured number of attempts', async () => {
      let calls = 0;
      jobs.queue.register('broken', async () => {
        calls += 1;
        throw new Error('always fails');
      });
      await jobs.queue.start();
      await jobs.queue.schedule({ name: 'broken', jobId: 'broken:1', runAt: at(0), payload: {} });
      await eventually(() => calls === jobs.retry.attempts);
      await jobs.pass(jobs.retry.backoffMs * 2 ** jobs.retry.attempts);
      expect(calls).toBe(jobs.retry.attempts);
    });

    it('start fails, naming the job, when a scheduled job has no registered handler', async () => {
      recordRuns();
      await jobs.queue.schedule({ name: 'orphan-job', jobId: 'orphan:1', runAt: at(0), payload: {} });
      await expect(jobs.queue.start()).rejects.toThrow(/orphan-job/);
    });

    it('after start, scheduling a job with no registered handler is refused', async () => {
      recordRuns();
      await jobs.queue.start();
      await expect(
        jobs.queue.schedule({ name: 'orphan-job', jobId: 'orphan:1', runAt: at(0), payload: {} }),
      ).rejects.toThrow(/orphan-job/);
    });

    it('registering two handlers for one job name is refused', () => {
      recordRuns();
      expect(() => recordRuns()).toThrow(/close-tender/);
    });

    it('ping answers true while the queue is up', async () => {
      expect(await jobs.queue.ping()).toBe(true);
    });
  });
}
