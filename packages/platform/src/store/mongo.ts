import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import {
  DuplicateKeyError,
  type BaseDocument,
  type Collection,
  type DocumentStore,
  type Filter,
  type Update,
} from './port';

type Db = mongoose.mongo.Db;
/** Our documents carry string ids, not ObjectIds. */
type StoredDocument = mongoose.mongo.Document & { _id: string };
type NativeCollection = mongoose.mongo.Collection<StoredDocument>;

export interface MongoStoreOptions {
  url: string;
  dbName: string;
  /** How long an operation waits for a reachable server before failing (readiness turns false sooner). */
  serverSelectionTimeoutMS?: number;
}

/**
 * The document store on MongoDB, through mongoose's connection to the native driver.
 * Mongoose schemas and models add nothing here: documents are validated with zod at
 * the edges and repositories speak MongoDB query documents through the port, so the
 * adapter hands those documents to the driver's collections unchanged.
 */
export async function createMongoStore(options: MongoStoreOptions): Promise<DocumentStore> {
  const connection = mongoose.createConnection(options.url, {
    dbName: options.dbName,
    serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 5_000,
  });
  await connection.asPromise();
  const db = connection.db;
  if (!db) throw new Error(`mongo store: no database after connecting to ${options.dbName}`);
  return {
    collection<T extends BaseDocument>(name: string): Collection<T> {
      return mongoCollection<T>(name, db);
    },
    async collectionNames() {
      return (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
    },
    async ping() {
      try {
        await db.command({ ping: 1 });
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      await connection.close();
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

function mongoCollection<T extends BaseDocument>(name: string, db: Db): Collection<T> {
  const native: NativeCollection = db.collection<StoredDocument>(name);
  // The driver returns WithId<Document>; our documents carry a string _id, which is what T promises.
  const asT = (doc: mongoose.mongo.Document | null): T | null => doc as T | null;
  return {
    name,
    insertOne: (doc) =>
      mapErrors(name, async () => {
        // The driver adds _id to the object it is given when missing: give it a copy. An optional
        // field left undefined is left out, rather than stored as null (the driver's default).
        await native.insertOne({ ...doc }, { ignoreUndefined: true });
      }),
    insertMany: (docs) =>
      mapErrors(name, async () => {
        if (docs.length > 0)
          await native.insertMany(
            docs.map((doc) => ({ ...doc })),
            { ignoreUndefined: true },
          );
      }),
    findOne: (filter) => mapErrors(name, async () => asT(await native.findOne(filter, { projection: WHOLE_DOCUMENT }))),
    find: (filter, findOptions = {}) =>
      mapErrors(name, async () => {
        let cursor = native.find(filter, { projection: WHOLE_DOCUMENT });
        if (findOptions.sort) cursor = cursor.sort(findOptions.sort);
        if (findOptions.skip) cursor = cursor.skip(findOptions.skip);
        if (findOptions.limit) cursor = cursor.limit(findOptions.limit);
        return (await cursor.toArray()) as unknown as T[];
      }),
    countDocuments: (filter) => mapErrors(name, () => native.countDocuments(filter)),
    updateOne: (filter, update, updateOptions = {}) =>
      mapErrors(name, async () => {
        const upsert = updateOptions.upsert ?? false;
        const result = await native.updateOne(filter, upsert ? withStringId(filter, update) : update, { upsert });
        const upsertedId = result.upsertedId === null ? undefined : String(result.upsertedId);
        return {
          matched: result.matchedCount,
          modified: result.modifiedCount,
          ...(upsertedId === undefined ? {} : { upsertedId }),
        };
      }),
    updateMany: (filter, update) =>
      mapErrors(name, async () => {
        const result = await native.updateMany(filter, update);
        return { matched: result.matchedCount, modified: result.modifiedCount };
      }),
    findOneAndUpdate: (filter, update, fauOptions = {}) =>
      mapErrors(name, async () => {
        const upsert = fauOptions.upsert ?? false;
        const doc = await native.findOneAndUpdate(filter, upsert ? withStringId(filter, update) : update, {
          upsert,
          returnDocument: fauOptions.returnDocument ?? 'after',
          projection: WHOLE_DOCUMENT,
        });
        return asT(doc);
      }),
    deleteOne: (filter) => mapErrors(name, async () => (await native.deleteOne(filter)).deletedCount),
    deleteMany: (filter) => mapErrors(name, async () => (await native.deleteMany(filter)).deletedCount),
    createIndex: (spec) =>
      mapErrors(name, async () => {
        await native.createIndex(spec.keys, {
          unique: spec.unique ?? false,
          ...(spec.name === undefined ? {} : { name: spec.name }),
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
