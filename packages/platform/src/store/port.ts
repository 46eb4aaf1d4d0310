/**
 * The document store port. Repositories are written once against it, with MongoDB
 * query and update documents; the mongoose adapter sends them to MongoDB and the
 * embedded adapter evaluates them in memory (mingo), so both modes behave alike.
 */
export type Filter = Record<string, unknown>;
export type Update = Record<string, unknown>;
export type SortSpec = Record<string, 1 | -1>;

export interface BaseDocument {
  _id: string;
}

export interface FindOptions {
  sort?: SortSpec;
  limit?: number;
  skip?: number;
}

export interface UpdateResult {
  matched: number;
  modified: number;
  upsertedId?: string;
}

export interface FindOneAndUpdateOptions {
  upsert?: boolean;
  /** Return the document as it is after the update (default) or before it. */
  returnDocument?: 'before' | 'after';
}

export interface IndexSpec {
  keys: Record<string, 1 | -1>;
  unique?: boolean;
  name?: string;
  /**
   * A TTL index (one Date field in `keys`): a document is removed once its date is this many
   * seconds past (0: the field holds the expiry itself). Removal is lazy (MongoDB sweeps every
   * 60 s), so readers must still ignore expired documents.
   */
  expireAfterSeconds?: number;
}

export interface Collection<T extends BaseDocument> {
  readonly name: string;
  insertOne(doc: T): Promise<void>;
  insertMany(docs: readonly T[]): Promise<void>;
  findOne(filter: Filter): Promise<T | null>;
  find(filter: Filter, options?: FindOptions): Promise<T[]>;
  countDocuments(filter: Filter): Promise<number>;
  updateOne(filter: Filter, update: Update, options?: { upsert?: boolean }): Promise<UpdateResult>;
  updateMany(filter: Filter, update: Update): Promise<UpdateResult>;
  findOneAndUpdate(filter: Filter, update: Update, options?: FindOneAndUpdateOptions): Promise<T | null>;
  deleteOne(filter: Filter): Promise<number>;
  deleteMany(filter: Filter): Promise<number>;
  createIndex(index: IndexSpec): Promise<void>;
}

export interface DocumentStore {
  collection<T extends BaseDocument>(name: string): Collection<T>;
  /** The collections that exist (embedded: those touched since start). */
  collectionNames(): Promise<string[]>;
  /** Readiness: can the store answer right now? */
  ping(): Promise<boolean>;
  /**
   * How long every ping of the store has failed, 0 while it answers (the liveness check reads
   * it); a store that cannot lose its server (embedded) leaves it out.
   */
  unreachableForMs?(): number;
  close(): Promise<void>;
}

/** Both adapters refuse a TTL index MongoDB would not apply (it ignores the option on a compound index). */
export function assertTtlIndex(collection: string, spec: IndexSpec): void {
  if (spec.expireAfterSeconds === undefined) return;
  if (Object.keys(spec.keys).length !== 1 || !Number.isInteger(spec.expireAfterSeconds) || spec.expireAfterSeconds < 0)
    throw new Error(
      `a TTL index on ${collection} needs exactly one (Date) field and whole seconds >= 0 (expireAfterSeconds)`,
    );
}

/** Raised by both adapters when a unique index rejects a write (MongoDB code 11000). */
export class DuplicateKeyError extends Error {
  readonly code = 11000;
  constructor(
    readonly collection: string,
    readonly key: string,
  ) {
    super(`duplicate key in ${collection}: ${key}`);
    this.name = 'DuplicateKeyError';
  }
}
