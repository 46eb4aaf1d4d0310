import { ManualClock } from '../clock';
import { createLogger } from '../logger';
import { createInProcessJobs } from './in-process';
import { jobsContract } from './jobs.contract';

const retry = { attempts: 3, backoffMs: 100 };
const logger = createLogger({ name: 'jobs-test', level: 'silent' });

jobsContract('in-process (manual clock)', async () => {
  const clock = new ManualClock();
  const queue = createInProcessJobs({ clock, retry, logger });
  return {
    queue,
    clock,
    retry,
    async pass(ms) {
      clock.advance(ms);
      await queue.idle();
    },
    close: () => queue.close(),
  };
});

describe('in-process jobs', () => {
  it('a job given up after its last attempt is listed by failed(), with its error', async () => {
    const clock = new ManualClock();
    const queue = createInProcessJobs({ clock, retry, logger });
    queue.register('broken', async () => {
      throw new Error('always fails');
    });
    await queue.start();
    await queue.schedule({ name: 'broken', jobId: 'broken:1', runAt: clock.now(), payload: { n: 1 } });
    for (let i = 0; i < 5; i++) {
      clock.advance(1_000);
      await queue.idle();
    }
    expect(queue.failed()).toEqual([
      expect.objectContaining({
        jobId: 'broken:1',
        name: 'broken',
        payload: { n: 1 },
        attempts: 3,
        error: 'Error: always fails',
      }),
    ]);
  });

  it('with the system clock, a job runs on a real timer when due', async () => {
    const queue = createInProcessJobs({ clock: { now: () => new Date() }, retry, logger });
    const ran: string[] = [];
    queue.register('tick', async (_payload, meta) => {
      ran.push(meta.jobId);
    });
    await queue.start();
    await queue.schedule({ name: 'tick', jobId: 'tick:1', runAt: new Date(Date.now() + 50), payload: {} });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(ran).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await queue.idle();
    expect(ran).toEqual(['tick:1']);
    await queue.close();
  });

  it('after close, no due job runs and schedule is refused', async () => {
    const clock = new ManualClock();
    const queue = createInProcessJobs({ clock, retry, logger });
    const ran: string[] = [];
    queue.register('tick', async (_payload, meta) => {
      ran.push(meta.jobId);
    });
    await queue.start();
    await queue.schedule({
      name: 'tick',
      jobId: 'tick:1',
      runAt: new Date(clock.now().getTime() + 1_000),
      payload: {},
    });
    await queue.close();
    clock.advance(5_000);
    await queue.idle();
    expect(ran).toEqual([]);
    await expect(queue.schedule({ name: 'tick', jobId: 'tick:2', runAt: clock.now(), payload: {} })).rejects.toThrow();
    expect(await queue.ping()).toBe(false);
  });
  it('200,000 pending jobs: each schedule stays cheap and they run in due order once due', async () => {
    // A clock that is not a ManualClock, so the queue arms a real timer for its earliest job on
    // every schedule (where taking the minimum of every pending job used to overflow the stack);
    // the jobs are due an hour away, so no timer fires before the test moves this clock on.
    let now = Date.parse('2026-01-01T00:00:00Z');
    const queue = createInProcessJobs({ clock: { now: () => new Date(now) }, retry, logger });
    const ran: number[] = [];
    queue.register<{ due: number }>('tick', async ({ due }) => {
      ran.push(due);
    });
    await queue.start();
    const count = 200_000;
    const hour = 3_600_000;
    // Due times in a scrambled order (a multiplicative permutation of 0..count-1), some shared.
    for (let i = 0; i < count; i++) {
      const due = now + hour + ((i * 7_919) % count) * 10 - (i % 3);
      await queue.schedule({ name: 'tick', jobId: `tick:${i}`, runAt: new Date(due), payload: { due } });
    }
    // Cancelling half of them leaves the other half to run.
    for (let i = 0; i < count; i += 2) await queue.cancel(`tick:${i}`);
    expect(ran).toEqual([]);

    now += hour + count * 10;
    // Scheduling a job due now makes the queue look at what is due: everything.
    await queue.schedule({ name: 'tick', jobId: 'tick:now', runAt: new Date(now), payload: { due: now } });
    await queue.idle();
    await queue.close();

    expect(ran).toHaveLength(count / 2 + 1);
    const sorted = [...ran].sort((a, b) => a - b);
    expect(ran).toEqual(sorted);
  });
});
