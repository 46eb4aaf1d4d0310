import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import request from 'supertest';
import {
  createHttpApp,
  createInProcessJobs,
  createLocalIssuer,
  createLogger,
  createMongoStore,
  InMemoryEventBus,
  loadConfig,
  ManualClock,
  startService,
} from '@sanshe/platform';
import { createFulfilment, FulfilmentSettings } from '../src';
import { describeReal, REAL_INFRA } from '../../../tests/support/infra';
import { exportsSuite } from './exports-suite';

/*
 * The same exports through the MongoDB-wire server: fulfilment alone, its store on the real
 * server (the $in, $or-over-arrays, sort, skip and count the exports send), events handed to
 * it on the in-process bus so the suite needs no Kafka replay and no other service.
 */
describeReal('open-data exports on the real MongoDB-wire server', () => {
  exportsSuite('360Giving and HSDS from a MongoDB store', async (env) => {
    const dbName = `sanshe_ful_exports_${randomUUID().slice(0, 8)}`;
    const clock = new ManualClock('2026-03-02T01:00:00.000Z');
    const logger = createLogger({ name: 'fulfilment-exports-real', level: 'silent' });
    const store = await createMongoStore({ url: REAL_INFRA.mongoUrl, dbName });
    const bus = new InMemoryEventBus(logger);
    const jobs = createInProcessJobs({ clock, logger });
    const settings = loadConfig(FulfilmentSettings, env);
    const service = await startService((deps) => createFulfilment(deps, settings), { store, jobs, bus, clock, logger });
    const issuer = await createLocalIssuer();
    const app = createHttpApp({
      logger,
      apis: [{ api: service.definition.api }],
      verifier: issuer.verifier,
      readiness: {},
    });
    /** As the embedded host settles: until a round relays nothing and delivers nothing. */
    const settle = async () => {
      for (let round = 0; round < 100; round++) {
        const before = bus.delivered;
        await service.relay.idle();
        const relayed = await service.relay.relayOnce();
        await bus.idle();
        await service.relay.idle();
        if (relayed === 0 && bus.delivered === before) return;
      }
      throw new Error('fulfilment did not settle');
    };
    return {
      clock,
      http: () => request(app),
      sign: (p) => issuer.sign(p as Parameters<typeof issuer.sign>[0]),
      publish: async (event) => {
        await bus.publish([event]);
        await settle();
        if (bus.deadLettered().length > 0) throw new Error(`dead-lettered: ${JSON.stringify(bus.deadLettered())}`);
      },
      async close() {
        await service.relay.stop();
        await jobs.close();
        await bus.close();
        await store.close();
        const admin = await mongoose.createConnection(REAL_INFRA.mongoUrl, { dbName }).asPromise();
        await admin.dropDatabase();
        await admin.close();
      },
    };
  });
});
