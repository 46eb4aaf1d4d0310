import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { Writable } from 'node:stream';
import mongoose from 'mongoose';
import { pino } from 'pino';
import { describeReal, REAL_INFRA } from '../../../../tests/support/infra';
import { createMongoStore } from './mongo';
import { storeContract } from './store.contract';

async function dropDatabase(dbName: string): Promise<void> {
  const admin = await mongoose.createConnection(REAL_INFRA.mongoUrl, { dbName }).asPromise();
  await admin.dropDatabase();
  await admin.close();
}

/** A TCP relay to the MongoDB-wire server that can go away and come back on the same port. */
async function relay(): Promise<{ url: string; down(): Promise<void>; up(): Promise<void>; close(): Promise<void> }> {
  const target = new URL(REAL_INFRA.mongoUrl.replace(/^mongodb/, 'http'));
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let port = 0;
  const up = () =>
    new Promise<void>((resolve) => {
      server = net.createServer((client) => {
        const upstream = net.connect(Number(target.port || 27017), target.hostname);
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => socket.destroy());
        }
        client.pipe(upstream).pipe(client);
      });
      server.listen(port, '127.0.0.1', () => {
        port = (server?.address() as net.AddressInfo).port;
        resolve();
      });
    });
  const down = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      if (server) server.close(() => resolve());
      else resolve();
      server = null;
    });
  await up();
  return { url: `mongodb://127.0.0.1:${port}/?directConnection=true`, up, down, close: down };
}

async function eventually(probe: () => Promise<boolean> | boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describeReal('mongo store against the real server', () => {
  storeContract('mongoose (MongoDB wire)', async () => {
    const dbName = `sanshe_store_contract_${randomUUID().slice(0, 8)}`;
    const store = await createMongoStore({ url: REAL_INFRA.mongoUrl, dbName });
    return {
      store,
      async cleanup() {
        await store.close();
        await dropDatabase(dbName);
      },
    };
  });

  describe('its watchdog', () => {
    const dbName = `sanshe_store_watchdog_${randomUUID().slice(0, 8)}`;
    afterAll(() => dropDatabase(dbName));

    it('a replaced client takes over under the collections handed out before, which keep working', async () => {
      const store = await createMongoStore({ url: REAL_INFRA.mongoUrl, dbName, watchdog: false });
      const notes = store.collection<{ _id: string; n: number }>('notes');
      await notes.insertOne({ _id: 'a', n: 1 });

      await store.replaceClient();
      await notes.updateOne({ _id: 'a' }, { $inc: { n: 1 } });
      await notes.insertOne({ _id: 'b', n: 1 });

      expect(await notes.find({}, { sort: { _id: 1 } })).toEqual([
        { _id: 'a', n: 2 },
        { _id: 'b', n: 1 },
      ]);
      expect(await store.ping()).toBe(true);
      await store.close();
    });

    it('counts how long the server has been away, replaces the client meanwhile, and serves again once it is back', async () => {
      const proxy = await relay();
      const lines: string[] = [];
      const logger = pino(
        new Writable({
          write(chunk: Buffer, _encoding, done) {
            lines.push(chunk.toString());
            done();
          },
        }),
      );
      const store = await createMongoStore({
        url: proxy.url,
        dbName,
        serverSelectionTimeoutMS: 300,
        watchdog: { pingMs: 50, replaceAfterMs: 400, minFailures: 2 },
        logger,
      });
      const notes = store.collection<{ _id: string }>('proxied');
      await notes.insertOne({ _id: 'before' });
      expect(store.unreachableForMs()).toBe(0);

      await proxy.down();
      await eventually(() => lines.some((line) => line.includes('replacing the MongoDB client')), 'a replacement');
      expect(store.unreachableForMs()).toBeGreaterThan(0);
      await expect(notes.insertOne({ _id: 'during' })).rejects.toThrow();

      await proxy.up();
      await eventually(() => store.ping(), 'the store to answer again');
      await notes.insertOne({ _id: 'after' });
      expect((await notes.find({})).map((n) => n._id).sort()).toEqual(['after', 'before']);
      expect(store.unreachableForMs()).toBe(0);

      await store.close();
      await proxy.close();
    });
  });
});
