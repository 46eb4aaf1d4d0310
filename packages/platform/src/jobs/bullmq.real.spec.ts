import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import IORedis from 'ioredis';
import { describeReal, REAL_INFRA } from '../../../../tests/support/infra';
import { systemClock } from '../clock';
import { createLogger } from '../logger';
import { createBullmqJobs } from './bullmq';
import { jobsContract } from './jobs.contract';

const retry = { attempts: 3, backoffMs: 200 };
const logger = createLogger({ name: 'jobs-test', level: 'silent' });
const prefix = 'sanshe-test';
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Removes everything a test queue left in Redis. */
async function obliterate(queueName: string): Promise<void> {
  const connection = new IORedis(REAL_INFRA.redisUrl, { maxRetriesPerRequest: null });
  const queue = new Queue(queueName, { connection, prefix });
  await queue.obliterate({ force: true });
  await queue.close();
  await connection.quit();
}

describeReal('BullMQ jobs against the real Redis', () => {
  jobsContract('bullmq (real time)', async () => {
    const queueName = `contract-${randomUUID().slice(0, 8)}`;
    const queue = createBullmqJobs({ redisUrl: REAL_INFRA.redisUrl, queueName, prefix, retry, logger });
    return {
      queue,
      clock: systemClock,
      retry,
      pass: sleep,
      async close() {
        await queue.close();
        await obliterate(queueName);
      },
    };
  });

  describe('restarts', () => {
    const queueName = `restart-${randomUUID().slice(0, 8)}`;
    afterAll(() => obliterate(queueName));

    it('a job scheduled by a process that stopped runs once on the next process that starts', async () => {
      const make = () => createBullmqJobs({ redisUrl: REAL_INFRA.redisUrl, queueName, prefix, retry, logger });
      const ran: unknown[] = [];
      const before = make();
      before.register('close-tender', async () => {
        ran.push('ran in the old process');
      });
      await before.start();
      await before.schedule({
        name: 'close-tender',
        jobId: 'close-tender:t1',
        runAt: new Date(Date.now() + 700),
        payload: { tenderId: 't1' },
      });
      await before.close();

      const after = make();
      after.register('close-tender', async (payload, meta) => {
        ran.push({ payload, jobId: meta.jobId });
      });
      await after.start();
      for (let waited = 0; ran.length === 0 && waited < 3_000; waited += 50) await sleep(50);
      await sleep(300);
      await after.close();
      expect(ran).toEqual([{ payload: { tenderId: 't1' }, jobId: 'close-tender:t1' }]);
    });

    it('ping answers false once the queue is closed', async () => {
      const jobs = createBullmqJobs({ redisUrl: REAL_INFRA.redisUrl, queueName, prefix, retry, logger });
      expect(await jobs.ping()).toBe(true);
      await jobs.close();
      expect(await jobs.ping()).toBe(false);
    });
  });
});
