import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import request from 'supertest';
import { describeReal, REAL_INFRA } from '../../../tests/support/infra';
import { pinNewGroupAtEnd } from './bus/kafka-start';
import { systemClock } from './clock';
import { openHost, type Host } from './host';
import { createLocalIssuer } from './http/auth';
import { createLogger } from './logger';
import { NOTE_TOPIC, noteService } from './host.fixture.contract';

const TOPIC = NOTE_TOPIC;

/**
 * A member of the group in another process, killed with SIGKILL once it has joined: the broker
 * keeps it until its session (15 s) times out, as after a `kill -9` of a service.
 */
async function deadMember(groupId: string): Promise<void> {
  const script = `
    const { Kafka, logLevel } = require('kafkajs');
    const [brokers, groupId, topic] = process.argv.slice(1);
    const kafka = new Kafka({ clientId: 'dead-member', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId, sessionTimeout: 15000, heartbeatInterval: 3000 });
    consumer.on(consumer.events.GROUP_JOIN, () => console.log('joined'));
    consumer.connect().then(() => consumer.subscribe({ topics: [topic] })).then(() => consumer.run({ eachMessage: async () => {} }));
  `;
  const child = spawn(process.execPath, ['-e', script, REAL_INFRA.kafkaBrokers.join(','), groupId, TOPIC], {
    cwd: path.resolve(__dirname, '../../..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('joined')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the member exited (${code}) before joining`)));
  });
  child.kill('SIGKILL');
}

describeReal('a service process after a kill -9 (real Kafka, MongoDB-wire server, Redis)', () => {
  it('serves HTTP while its consumer waits for the broker to drop the dead member, and says so in readiness', async () => {
    const namespace = `hostopen${randomUUID().slice(0, 8)}`;
    const group = `${namespace}.fulfilment`;
    const kafka = new Kafka({ clientId: namespace, brokers: REAL_INFRA.kafkaBrokers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const issuer = await createLocalIssuer();
    let host: Host | null = null;
    try {
      // The topic as the host would create it (on a fresh broker it may not exist yet), and committed
      // offsets at its end, so that the group reads nothing of earlier runs.
      await admin.createTopics({ waitForLeaders: true, topics: [{ topic: TOPIC, numPartitions: 3 }] });
      await pinNewGroupAtEnd({ kafka, admin, groupId: group, topics: [TOPIC] });
      await deadMember(group);

      host = await openHost({
        mode: {
          kind: 'distributed',
          kafkaBrokers: REAL_INFRA.kafkaBrokers,
          mongoUrl: REAL_INFRA.mongoUrl,
          redisUrl: REAL_INFRA.redisUrl,
          newGroupStart: 'latest',
        },
        services: [noteService],
        namespace,
        logger: createLogger({ name: namespace, level: 'silent' }),
        clock: systemClock,
        verifier: issuer.verifier,
      });
      let consuming = false;
      void host.started.then(() => (consuming = true));
      const live = await request(host.app).get('/health/live');
      const ready = await request(host.app).get('/health/ready');
      const token = await issuer.sign({ sub: 'staff-1', roles: ['community_staff'], communities: [] });
      const written = await request(host.app)
        .post('/api/notes')
        .set('Authorization', `Bearer ${token}`)
        .send({ id: 'n1', text: 'written while joining' });
      // All of the above happened before the consumer joined (the dead member held the group).
      expect(consuming).toBe(false);
      expect(live.status).toBe(200);
      expect(ready.status).toBe(503);
      expect(ready.body.checks).toEqual({ 'fulfilment.store': true, 'fulfilment.jobs': true, 'fulfilment.bus': false });
      expect(ready.body.reasons['fulfilment.bus']).toMatch(/^joining its consumer group/);
      expect(written.status).toBe(201);
      expect(await host.stores.fulfilment!.collection('notes').findOne({ _id: 'n1' })).toMatchObject({
        text: 'written while joining',
      });

      await host.started;
      expect((await request(host.app).get('/health/ready')).status).toBe(200);
    } finally {
      await host?.close();
      await admin.deleteGroups([group]).catch(() => undefined);
      await admin.disconnect();
      const db = await mongoose
        .createConnection(REAL_INFRA.mongoUrl, { dbName: `${namespace}_fulfilment` })
        .asPromise();
      await db.dropDatabase();
      await db.close();
    }
  }, 90_000);
});
