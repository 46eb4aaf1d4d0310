import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import type { Logger } from 'pino';
import {
  assertTtlIndex,
  DuplicateKeyError,
  type BaseDocument,
  type Collection,
  type DocumentStore,
  type Filter,
  type Update,
} from './port';
import { createReachability, DEFAULT_WATCHDOG, pingWithin, type WatchdogPolicy } from './watchdog';

type Db = mongoose.mongo.Db;
type Connection = mongoose.Connection;
/** Our documents carry string ids, not ObjectIds. */
type StoredDocument = mongoose.mongo.Document & { _id: string };
type NativeCollection = mongoose.mongo.Collection<StoredDocument>;

export interface MongoStoreOptions {
  url: string;
  dbName: string;
  /** How long an operation waits for a reachable server before failing (readiness turns false sooner). */
  serverSelectionTimeoutMS?: number;
  /**
   * Replaces a client that has failed every ping for a while (`watchdog.ts`); `false` turns it off
   * (one-shot tools). On by default: its timer does not keep a process alive.
   */
  watchdog?: Partial<WatchdogPolicy> | false;
  /** Where the watchdog says what it did. */
  logger?: Logger;
}

/** The MongoDB store, with what its watchdog does exposed for tests and the health checks. */
export interface MongoStore extends DocumentStore {
  /** Connects a new client and moves every collection handed out to it; the old one closes a little later. */
  replaceClient(): Promise<void>;
  unreachableForMs(): number;
}

/**
 * The document store on MongoDB, through mongoose's connection to the native driver.
 * Mongoose schemas and models add nothing here: documents are validated with zod at
 * the edges and repositories speak MongoDB query documents through the port, so the
 * adapter hands those documents to the driver's collections unchanged.
 *
 * Collections look the current client up at each operation, so that the watchdog can replace
 * a stuck client under repositories that were built once at start-up.
 */
export async function createMongoStore(options: MongoStoreOptions): Promise<MongoStore> {
  const serverSelectionTimeoutMS = options.serverSelectionTimeoutMS ?? 5_000;
  const policy = options.watchdog === false ? null : { ...DEFAULT_WATCHDOG, ...options.watchdog };
  const reach = createReachability(policy ?? DEFAULT_WATCHDOG);
  // A ping normally fails after server selection gives up; one stuck on a half-open socket would not.
  const pingTimeoutMs = serverSelectionTimeoutMS + 2_000;
  const connect = async (): Promise<{ connection: Connection; db: Db }> => {
    const connection = mongoose.createConnection(options.url, { dbName: options.dbName, serverSelectionTimeoutMS });
    try {
      await connection.asPromise();
    } catch (error) {
      await connection.close(true).catch(() => undefined);
      throw error;
    }
    if (!connection.db) throw new Error(`mongo store: no database after connecting to ${options.dbName}`);
    return { connection, db: connection.db };
  };

  let current = await connect();
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  // Replaced clients, closed once the operations they were serving have had time to fail over.
  const retiring = new Set<Connection>();

  async function ping(): Promise<boolean> {
    const ok = await pingWithin(() => current.db.command({ ping: 1 }), pingTimeoutMs);
    if (!closed) reach.record(ok);
    return ok;
  }

  async function replaceClient(): Promise<void> {
    const next = await connect();
    if (closed) {
      await next.connection.close(true);
      return;
    }
    const previous = current.connection;
    current = next;
    reach.record(true);
    retiring.add(previous);
    // Operations already waiting on the old client fail within server selection (an outage, which
    // delivery waits out and HTTP answers 503); closing it at once would interrupt them otherwise.
    setTimeout(() => {
      retiring.delete(previous);
      void previous.close(true).catch(() => undefined);
    }, serverSelectionTimeoutMS + 5_000).unref();
  }

  async function watch(): Promise<void> {
    await ping();
    if (!closed && reach.replaceDue()) {
      reach.replaced();
      const unreachableForMs = reach.unreachableForMs();
      options.logger?.warn({ unreachableForMs }, 'store unreachable: replacing the MongoDB client');
      try {
        await replaceClient();
        options.logger?.info({ unreachableForMs }, 'store reachable again through a new MongoDB client');
      } catch (error) {
        options.logger?.warn({ err: String(error) }, 'replacing the MongoDB client failed; trying again later');
      }
    }
    schedule();
  }

  function schedule(): void {
    if (closed || !policy) return;
    timer = setTimeout(() => void watch(), policy.pingMs);
    timer.unref();
  }
  schedule();

  return {
    collection<T extends BaseDocument>(name: string): Collection<T> {
      return mongoCollection<T>(name, () => current.db);
    },
    async collectionNames() {
      return (await current.db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
    },
    ping,
    replaceClient,
    unreachableForMs: () => reach.unreachableForMs(),
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const connections = [current.connection, ...retiring];
      retiring.clear();
      await Promise.all(connections.map((c) => c.close()));
    },
  };
}

/**
 * Every read asks for the whole document by excluding a field no document has. MongoDB reads
 * a document atomically anyway and just leaves that field out. mongo-java-server, the
 * MongoDB-wire server of the real-infrastructure tests, hands back its live stored document
 * and encodes it after releasing the collection lock, while an update on another connection
 * rewrites that document in place field by field: a read could pair fields from before an
 * update with a version from after it, and a write guarded by that version then acted on
 * stale state. With a projection it copies the document under the lock instead.
 */
const WHOLE_DOCUMENT = { __sanshe_whole_document__: 0 } as const;

function mongoCollection<T extends BaseDocument>(name: string, currentDb: () => Db): Collection<T> {
  let cached: { db: Db; collection: NativeCollection } | null = null;
  const native = (): NativeCollection => {
    const db = currentDb();
    if (cached?.db !== db) cached = { db, collection: db.collection<StoredDocument>(name) };
    return cached.collection;
  };
  // The driver returns WithId<Document>; our documents carry a string _id, which is what T promises.
  const asT = (doc: mongoose.mongo.Document | null): T | null => doc as T | null;
  return {
    name,
    insertOne: (doc) =>
      mapErrors(name, async () => {
        // The driver adds _id to the object it is given when missing: give it a copy. An optional
        // field left undefined is left out, rather than stored as null (the driver's default).
        await native().insertOne({ ...doc }, { ignoreUndefined: true });
      }),
    insertMany: (docs) =>
      mapErrors(name, async () => {
        if (docs.length > 0)
          await native().insertMany(
            docs.map((doc) => ({ ...doc })),
            { ignoreUndefined: true },
          );
      }),
    findOne: (filter) =>
      mapErrors(name, async () => asT(await native().findOne(filter, { projection: WHOLE_DOCUMENT }))),
    find: (filter, findOptions = {}) =>
      mapErrors(name, async () => {
        let cursor = native().find(filter, { projection: WHOLE_DOCUMENT });
        if (findOptions.sort) cursor = cursor.sort(findOptions.sort);
        if (findOptions.skip) cursor = cursor.skip(findOptions.skip);
        if (findOptions.limit) cursor = cursor.limit(findOptions.limit);
        return (await cursor.toArray()) as unknown as T[];
      }),
    countDocuments: (filter) => mapErrors(name, () => native().countDocuments(filter)),
    updateOne: (filter, update, updateOptions = {}) =>
      mapErrors(name, async () => {
        const upsert = updateOptions.upsert ?? false;
        const result = await native().updateOne(filter, upsert ? withStringId(filter, update) : update, { upsert });
        const upsertedId = result.upsertedId === null ? undefined : String(result.upsertedId);
        return {
          matched: result.matchedCount,
          modified: result.modifiedCount,
          ...(upsertedId === undefined ? {} : { upsertedId }),
        };
      }),
    updateMany: (filter, update) =>
      mapErrors(name, async () => {
        const result = await native().updateMany(filter, update);
        return { matched: result.matchedCount, modified: result.modifiedCount };
      }),
    findOneAndUpdate: (filter, update, fauOptions = {}) =>
      mapErrors(name, async () => {
        const upsert = fauOptions.upsert ?? false;
        const doc = await native().findOneAndUpdate(filter, upsert ? withStringId(filter, update) : update, {
          upsert,
          returnDocument: fauOptions.returnDocument ?? 'after',
          projection: WHOLE_DOCUMENT,
        });
        return asT(doc);
      }),
    deleteOne: (filter) => mapErrors(name, async () => (await native().deleteOne(filter)).deletedCount),
    deleteMany: (filter) => mapErrors(name, async () => (await native().deleteMany(filter)).deletedCount),
    createIndex: (spec) =>
      mapErrors(name, async () => {
        assertTtlIndex(name, spec);
        // mongo-java-server (the tests' server, 1.47) accepts and lists expireAfterSeconds but removes
        // nothing: readers ignore expired documents anyway (see IndexSpec).
        await native().createIndex(spec.keys, {
          unique: spec.unique ?? false,
          ...(spec.name === undefined ? {} : { name: spec.name }),
          ...(spec.expireAfterSeconds === undefined ? {} : { expireAfterSeconds: spec.expireAfterSeconds }),
        });
      }),
  };
}

/**
 * Our documents have string ids; an upsert whose filter names no _id would get an
 * ObjectId from MongoDB. Give it a string one instead (the embedded store does the same).
 */
function withStringId(filter: Filter, update: Update): Update {
  if (filterNamesId(filter)) return update;
  const setOnInsert = update.$setOnInsert;
  const set = update.$set;
  const hasId = (value: unknown) => typeof value === 'object' && value !== null && '_id' in value;
  if (hasId(setOnInsert) || hasId(set)) return update;
  return { ...update, $setOnInsert: { ...(isRecord(setOnInsert) ? setOnInsert : {}), _id: randomUUID() } };
}

/** Whether MongoDB will seed the upserted _id from the filter: `_id: v`, `_id: { $eq: v }`, or inside a top-level $and. */
function filterNamesId(filter: Filter): boolean {
  const id = filter._id;
  if (id !== undefined && (!isRecord(id) || '$eq' in id)) return true;
  const and = filter.$and;
  return Array.isArray(and) && and.some((clause) => isRecord(clause) && filterNamesId(clause));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function mapErrors<R>(collection: string, operation: () => Promise<R>): Promise<R> {
  try {
    return await operation();
  } catch (error) {
    if (isDuplicateKey(error)) throw new DuplicateKeyError(collection, duplicateIndexName(error));
    throw error;
  }
}

function isDuplicateKey(error: unknown): error is { code: number; message: string } {
  return isRecord(error) && error.code === 11000;
}

/** MongoDB's message names the index: "E11000 duplicate key error collection: db.c index: email_1 dup key: …". */
function duplicateIndexName(error: { message: string }): string {
  return /index: (\S+)/.exec(error.message)?.[1] ?? 'unknown';
}
