/**
 * The outbox relay's publish rate on the real infrastructure (MongoDB-wire server, Kafka),
 * against raw kafkajs batched sends of the same messages to the same broker, measured in the
 * same process, alternately:
 *   - baseline: an idempotent kafkajs producer (acks -1, as the Kafka adapter's) sending the
 *     events in batches of the relay's publish size, one batch after the other;
 *   - the relay: documents each holding one pending event (as a logged need holds its
 *     `need.logged`) are claimed, audited in the hash-chained audit log, published through the
 *     Kafka adapter and removed from their documents, until none is left;
 *   - the relay without the audit log, and the relay over the embedded store (same Kafka),
 *     for information: what the relay costs apart from the MongoDB-wire server.
 *
 * Goal (issue 9): the relay publishes at ≥ 50% of the raw sends' rate. The MongoDB-wire
 * server here (mongo-java-server) is much slower than MongoDB: the relay's side is pessimistic.
 */
import { randomUUID } from 'node:crypto';
import type { EventEnvelope } from '@sanshe/contracts';
import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import { createAuditLog } from '../src/audit/audit-log';
import { createKafkaBus } from '../src/bus/kafka';
import { systemClock } from '../src/clock';
import { createLogger } from '../src/logger';
import { createOutboxRelay } from '../src/outbox/relay';
import type { WithOutbox } from '../src/outbox/outbox';
import { createEmbeddedStore } from '../src/store/embedded';
import { createMongoStore } from '../src/store/mongo';
import type { DocumentStore } from '../src/store/port';
import { atLeast, emit, figure, QUICK, run, since } from '../../../bench/support/kit';
import { REAL_INFRA, realInfraOrSkip, runId } from '../../../bench/support/infra';

const NAME = 'outbox relay publish rate (MongoDB-wire server → Kafka)';
const EVENTS = QUICK ? 500 : 20_000;
const PUBLISH_SIZE = 1_000;
const ROUNDS = QUICK ? 1 : 2;
const logger = createLogger({ name: 'bench-relay', level: 'error' });

/** An event the size of a `need.logged`: about 600 bytes of JSON. */
function event(topic: string, i: number): EventEnvelope {
  const id = randomUUID();
  return {
    specversion: '1.0',
    id,
    type: topic,
    source: 'needs-intake',
    subject: `need-${i}`,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    correlationId: randomUUID(),
    causationId: null,
    schemaVersion: 1,
    data: {
      needId: `need-${i}`,
      caseNumber: `NEED-20260301-${String(i).padStart(6, '0')}`,
      category: 'elderly_care',
      channel: 'window',
      districtCode: 'XZ-GL',
      streetCode: 'XZ-GL-HL',
      communityCode: 'XZ-GL-HL-01',
      gridCode: 'XZ-GL-HL-01-G01',
      urgency: 'normal',
      beneficiaryCount: 1,
      beneficiaryGroups: ['elderly', 'living_alone'],
      ownerId: 'staff-1',
      acknowledgeBy: '2026-03-02T09:00:00.000Z',
      loggedAt: '2026-03-01T09:00:00.000Z',
    },
  };
}

run(async () => {
  if (!(await realInfraOrSkip(NAME))) return;
  const name = runId();
  const topic = `bench.${name}.relay`;
  const dbName = `bench_${name}_relay`;
  const kafka = new Kafka({ clientId: `bench-${name}`, brokers: REAL_INFRA.kafkaBrokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [{ topic, numPartitions: 3, replicationFactor: 1 }] });
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  await producer.connect();
  const bus = createKafkaBus({ brokers: REAL_INFRA.kafkaBrokers, clientId: `bench-${name}-relay`, logger });
  const store = await createMongoStore({ url: REAL_INFRA.mongoUrl, dbName });
  try {
    /** Raw kafkajs: the same messages as the adapter writes them, in batches, one after the other. */
    async function raw(): Promise<number> {
      const events = Array.from({ length: EVENTS }, (_, i) => event(topic, i));
      const start = process.hrtime.bigint();
      for (let i = 0; i < events.length; i += PUBLISH_SIZE)
        await producer.sendBatch({
          acks: -1,
          topicMessages: [
            {
              topic,
              messages: events.slice(i, i + PUBLISH_SIZE).map((e) => ({
                key: e.subject,
                value: JSON.stringify(e),
                headers: { ce_id: e.id, ce_type: e.type, ce_specversion: '1.0' },
              })),
            },
          ],
        });
      return (EVENTS / since(start)) * 1000;
    }

    /** The relay over a collection of documents with one pending event each, until none is left. */
    async function relay(round: number, audited: boolean, on: DocumentStore = store): Promise<number> {
      const collection = on.collection<WithOutbox & { n: number }>(`aggregates_${round}_${audited ? 'a' : 'n'}`);
      const docs = Array.from({ length: EVENTS }, (_, i) => ({
        _id: `need-${i}`,
        n: i,
        version: 1,
        outbox: [event(topic, i)],
      }));
      for (let i = 0; i < docs.length; i += 1_000) await collection.insertMany(docs.slice(i, i + 1_000));
      const audit = audited ? createAuditLog(on, { clock: systemClock }) : undefined;
      const relayer = createOutboxRelay({
        collections: [collection],
        bus,
        clock: systemClock,
        logger,
        publishSize: PUBLISH_SIZE,
        ...(audit ? { audit } : {}),
      });
      const start = process.hrtime.bigint();
      let published = 0;
      while (published < EVENTS) {
        const now = await relayer.relayOnce();
        if (now === 0) throw new Error(`the relay stopped at ${published} of ${EVENTS}`);
        published += now;
      }
      const rate = (EVENTS / since(start)) * 1000;
      if ((await collection.countDocuments({ 'outbox.0': { $exists: true } })) !== 0)
        throw new Error('events left behind');
      return rate;
    }

    /**
     * The MongoDB-wire server's own floor under the relay: the store work the relay must do for
     * each document (claim it in one write, read it back, remove its event and the lease in
     * writes by _id a hundred at a time), as raw driver calls on a same-size collection, with no
     * Kafka, no audit and no relay code. The relay cannot publish faster than this.
     */
    async function storeFloor(round: number): Promise<number> {
      const connection = await mongoose.createConnection(REAL_INFRA.mongoUrl, { dbName }).asPromise();
      try {
        const collection = connection.db!.collection<WithOutbox>(`floor_${round}`);
        const docs = Array.from({ length: EVENTS }, (_, i) => ({
          _id: `need-${i}`,
          version: 1,
          outbox: [event(topic, i)],
        }));
        for (let i = 0; i < docs.length; i += 1_000) await collection.insertMany(docs.slice(i, i + 1_000));
        const start = process.hrtime.bigint();
        const lease = `${new Date(Date.now() + 30_000).toISOString()}#floor`;
        await collection.updateMany(
          {
            'outbox.0': { $exists: true },
            $or: [{ outboxLeaseUntil: { $exists: false } }, { outboxLeaseUntil: { $lt: new Date().toISOString() } }],
          },
          { $set: { outboxLeaseUntil: lease } },
        );
        const claimed = await collection.find({ outboxLeaseUntil: lease, 'outbox.0': { $exists: true } }).toArray();
        for (let i = 0; i < claimed.length; i += 100) {
          const group = claimed.slice(i, i + 100);
          await collection.updateMany(
            { _id: { $in: group.map((d) => d._id) } },
            {
              $pull: { outbox: { id: { $in: group.flatMap((d) => (d.outbox ?? []).map((e) => e.id)) } } },
              $unset: { outboxLeaseUntil: '' },
            },
          );
        }
        return (EVENTS / since(start)) * 1000;
      } finally {
        await connection.close();
      }
    }

    const floors: number[] = [];
    const raws: number[] = [];
    const relays: number[] = [];
    const unaudited: number[] = [];
    const embedded: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      raws.push(await raw());
      relays.push(await relay(round, true));
      unaudited.push(await relay(round, false));
      embedded.push(await relay(round, true, createEmbeddedStore()));
      floors.push(await storeFloor(round));
    }
    const offsets = await admin.fetchTopicOffsets(topic);
    const written = offsets.reduce((sum, p) => sum + Number(p.high), 0);
    if (written !== EVENTS * ROUNDS * 4) throw new Error(`the topic holds ${written} messages`);

    const best = (xs: number[]) => Math.max(...xs);
    const share = best(relays) / best(raws);
    const baseline = { what: `raw kafkajs sendBatch, ${PUBLISH_SIZE} per batch`, value: best(raws), unit: 'events/s' };
    emit({
      name: NAME,
      figures: [
        figure(
          'relay publish rate (claim, audit, publish, remove)',
          { value: best(relays), unit: 'events/s' },
          {
            baseline,
            goal: QUICK ? undefined : atLeast(share, 0.5, '≥ 50% of raw sends'),
          },
        ),
        figure('relay publish rate without the audit log', { value: best(unaudited), unit: 'events/s' }, { baseline }),
        figure(
          "the MongoDB-wire server's floor for the relay's store work (claim, read, remove: raw driver, no Kafka, no audit)",
          { value: best(floors), unit: 'events/s' },
          { baseline },
        ),
        figure(
          'relay publish rate over the embedded store (audited)',
          { value: best(embedded), unit: 'events/s' },
          {
            baseline,
          },
        ),
      ],
      sizes: {
        events: EVENTS,
        publishSize: PUBLISH_SIZE,
        rounds: ROUNDS,
        raw: raws.map(Math.round).join(' / '),
        relay: relays.map(Math.round).join(' / '),
        relayUnaudited: unaudited.map(Math.round).join(' / '),
        relayEmbedded: embedded.map(Math.round).join(' / '),
        storeFloor: floors.map(Math.round).join(' / '),
      },
      notes: ['mongo-java-server stands in for MongoDB here, and is much slower: pessimistic figures for the relay'],
    });
  } finally {
    await Promise.allSettled([producer.disconnect(), bus.close(), store.close()]);
    await admin.deleteTopics({ topics: [topic], timeout: 30_000 }).catch(() => undefined);
    await admin.disconnect();
    const connection = await mongoose.createConnection(REAL_INFRA.mongoUrl, { dbName }).asPromise();
    await connection.dropDatabase();
    await connection.close();
  }
});
