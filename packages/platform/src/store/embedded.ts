import { randomUUID } from 'node:crypto';
import { types } from 'node:util';
import { Query } from 'mingo';
import { update as applyModifier, type Modifier } from 'mingo/updater';
import { systemClock, type Clock } from '../clock';
import { createLookup } from './embedded-lookup';
import { compileFilter } from './embedded-match';
import { applyFastUpdate } from './embedded-update';
import {
  assertTtlIndex,
  DuplicateKeyError,
  type BaseDocument,
  type Collection,
  type DocumentStore,
  type Filter,
  type FindOneAndUpdateOptions,
  type FindOptions,
  type IndexSpec,
  type Update,
  type UpdateResult,
} from './port';

/**
 * The embedded document store: collections in memory, queried and updated with the
 * same MongoDB documents as the real store (mingo evaluates them). Every operation
 * runs to completion without awaiting, so each call is atomic, as a single-document
 * write is in MongoDB. Documents are cloned on the way in and out: a caller that
 * mutates what it got back (or what it passed in) never changes the stored state.
 *
 * Where MongoDB would apply part of a multi-document write before failing (insertMany,
 * updateMany hitting a unique index), this store applies none of it: callers must not
 * rely on either, and all-or-nothing is the easier one to reason about in tests.
 *
 * A TTL index (`expireAfterSeconds`) removes expired documents lazily, as MongoDB does: a
 * collection that has one is swept when it is used and its last sweep is a minute old (by the
 * store's clock, so a test moves time instead of sleeping), or when `sweepExpired()` is called.
 */
export interface EmbeddedStoreOptions {
  /** The time TTL indexes expire documents by; the host gives its own clock. */
  clock?: Clock;
}

export interface EmbeddedStore extends DocumentStore {
  /** Removes every document a TTL index has expired, now; returns how many. */
  sweepExpired(): number;
}

export function createEmbeddedStore(options: EmbeddedStoreOptions = {}): EmbeddedStore {
  const clock = options.clock ?? systemClock;
  const collections = new Map<string, EmbeddedCollection>();
  let closed = false;
  return {
    collection<T extends BaseDocument>(name: string): Collection<T> {
      let collection = collections.get(name);
      if (!collection) {
        collection = createEmbeddedCollection(name, clock);
        collections.set(name, collection);
      }
      // The collection stores plain documents; T is the caller's promise about their shape.
      return collection as unknown as Collection<T>;
    },
    async collectionNames() {
      return [...collections.keys()].sort();
    },
    async ping() {
      return !closed;
    },
    sweepExpired() {
      const at = clock.now().getTime();
      return [...collections.values()].reduce((removed, collection) => removed + collection.sweep(at), 0);
    },
    async close() {
      closed = true;
    },
  };
}

type Doc = BaseDocument & Record<string, unknown>;
type EmbeddedCollection = Collection<Doc> & { sweep(at: number): number };

/** MongoDB's TTL monitor runs every 60 s; so does the sweep here, at most. */
const SWEEP_EVERY_MS = 60_000;

interface TtlIndex {
  path: string[];
  afterMs: number;
}

interface UniqueIndex {
  name: string;
  paths: string[][];
  /** Encoded key → _id of the document holding it. */
  owners: Map<string, string>;
}

const ID_INDEX = '_id_';

function createEmbeddedCollection(name: string, clock: Clock): EmbeddedCollection {
  const docs = new Map<string, Doc>();
  const indexes: UniqueIndex[] = [];
  const ttl: TtlIndex[] = [];
  let lastSweep = 0;
  const lookup = createLookup({ keysOf: indexKeys, encode: encodeKey, all: () => docs.values() });

  /** Whether a TTL index has expired the document: MongoDB goes by the earliest date the field holds. */
  function expired(doc: Doc, at: number): boolean {
    return ttl.some(({ path, afterMs }) => {
      const dates = valuesAt(doc, path).filter((value): value is Date => types.isDate(value));
      return dates.length > 0 && Math.min(...dates.map((d) => d.getTime())) + afterMs <= at;
    });
  }

  function sweep(at: number): number {
    lastSweep = at;
    if (ttl.length === 0) return 0;
    const gone = [...docs.values()].filter((doc) => expired(doc, at));
    for (const doc of gone) remove(doc);
    return gone.length;
  }

  /** Every operation starts here: cheap unless the collection has a TTL index and a minute passed. */
  function sweepIfDue(): void {
    if (ttl.length === 0) return;
    const at = clock.now().getTime();
    // A test clock set back in time restarts the count.
    if (at - lastSweep >= SWEEP_EVERY_MS || at < lastSweep) sweep(at);
  }

  function matching(filter: Filter): Doc[] {
    sweepIfDue();
    // Most calls address documents by _id or by an indexed field: look those up instead of scanning.
    const found = lookup.candidates(filter);
    if (!found) return [...docs.values()].filter(tester(filter));
    const candidates = found.ids.map((id) => docs.get(id) as Doc);
    // What the lookup answered exactly needs no testing again; `{ _id: id }` alone needs no query.
    const rest = Object.fromEntries(Object.entries(filter).filter(([field]) => field !== found.decided));
    if (Object.keys(rest).length === 0) return candidates;
    return candidates.filter(tester(rest));
  }

  /**
   * Checks a batch of new document versions against the unique indexes, before any is stored.
   * `touched`: the top-level fields an update may have changed (an index on others cannot clash anew).
   */
  function assertUnique(candidates: readonly Doc[], inserting: boolean, touched: Touched = null): void {
    const batchIds = new Set<string>();
    for (const doc of candidates) {
      if (batchIds.has(doc._id) || (inserting && docs.has(doc._id))) throw new DuplicateKeyError(name, ID_INDEX);
      batchIds.add(doc._id);
    }
    for (const index of indexes) {
      if (!mayChange(index.paths, touched)) continue;
      const seen = new Map<string, string>();
      for (const doc of candidates) {
        for (const key of indexKeys(doc, index.paths)) {
          const inBatch = seen.get(key);
          if (inBatch !== undefined && inBatch !== doc._id) throw new DuplicateKeyError(name, index.name);
          seen.set(key, doc._id);
          // A holder that is itself being rewritten in this batch was checked through `seen`.
          const owner = index.owners.get(key);
          if (owner !== undefined && owner !== doc._id && !batchIds.has(owner)) {
            throw new DuplicateKeyError(name, index.name);
          }
        }
      }
    }
  }

  /** Stores new document versions; index keys are recomputed only for the fields an update touched. */
  function store(next: readonly Doc[], touched: Touched = null): void {
    const changing = indexes.filter((index) => mayChange(index.paths, touched));
    for (const doc of next) {
      const previous = docs.get(doc._id);
      if (previous) lookup.replacing(previous, touched);
      for (const index of changing) {
        if (previous) for (const key of indexKeys(previous, index.paths)) index.owners.delete(key);
      }
    }
    for (const doc of next) {
      docs.set(doc._id, doc);
      lookup.stored(doc, touched);
      for (const index of changing) for (const key of indexKeys(doc, index.paths)) index.owners.set(key, doc._id);
    }
  }

  function remove(doc: Doc): void {
    docs.delete(doc._id);
    lookup.removed(doc);
    for (const index of indexes) for (const key of indexKeys(doc, index.paths)) index.owners.delete(key);
  }

  /** Applies an update to a copy; returns the copy and whether anything changed. */
  function updated(doc: Doc, filter: Filter, update: Update): { next: Doc; changed: boolean } {
    const next = clone(doc);
    const changed = applyUpdate(next, filter, update, false);
    if (next._id !== doc._id) throw new Error(`updating _id is not allowed (${name})`);
    return { next, changed };
  }

  function upserted(filter: Filter, update: Update): Doc {
    const seeded = upsertSeed(filter);
    applyUpdate(seeded, filter, update, true);
    // Our documents have string ids: where MongoDB would make an ObjectId, make a UUID.
    const doc = typeof seeded._id === 'string' ? seeded : { _id: randomUUID(), ...seeded };
    return doc as Doc;
  }

  function updateFirst(
    filter: Filter,
    update: Update,
    upsert: boolean,
  ): { before: Doc | null; after: Doc | null; result: UpdateResult } {
    assertUpdate(update);
    const [doc] = matching(filter);
    if (doc) {
      const { next, changed } = updated(doc, filter, update);
      if (changed) {
        const touched = touchedFields(update);
        assertUnique([next], false, touched);
        store([next], touched);
      }
      return { before: doc, after: changed ? next : doc, result: { matched: 1, modified: changed ? 1 : 0 } };
    }
    if (!upsert) return { before: null, after: null, result: { matched: 0, modified: 0 } };
    const inserted = upserted(filter, update);
    assertUnique([inserted], true);
    store([inserted]);
    return { before: null, after: inserted, result: { matched: 0, modified: 0, upsertedId: inserted._id } };
  }

  return {
    name,
    sweep,
    async insertOne(doc) {
      sweepIfDue();
      const copy = clone(doc, 'drop');
      assertUnique([copy], true);
      store([copy]);
    },
    async insertMany(many) {
      sweepIfDue();
      const copies = many.map((doc) => clone(doc, 'drop'));
      assertUnique(copies, true);
      store(copies);
    },
    async findOne(filter) {
      const [doc] = matching(filter);
      return doc ? clone(doc) : null;
    },
    async find(filter, options: FindOptions = {}) {
      const found = matching(filter);
      if (!options.sort) {
        // Stored order: only paging to do.
        const from = options.skip ?? 0;
        return found.slice(from, options.limit ? from + options.limit : undefined).map((doc) => clone(doc));
      }
      // Filtered already; mingo only orders and pages.
      let cursor = new Query({}).find<Doc>(found);
      if (options.sort) cursor = cursor.sort(options.sort);
      if (options.skip) cursor = cursor.skip(options.skip);
      if (options.limit) cursor = cursor.limit(options.limit);
      return cursor.all().map((doc) => clone(doc));
    },
    async countDocuments(filter) {
      return matching(filter).length;
    },
    async updateOne(filter, update, options = {}) {
      return updateFirst(filter, update, options.upsert ?? false).result;
    },
    async updateMany(filter, update) {
      assertUpdate(update);
      const found = matching(filter);
      const changes = found.map((doc) => updated(doc, filter, update)).filter((change) => change.changed);
      const next = changes.map((change) => change.next);
      const touched = touchedFields(update);
      assertUnique(next, false, touched);
      store(next, touched);
      return { matched: found.length, modified: next.length };
    },
    async findOneAndUpdate(filter, update, options: FindOneAndUpdateOptions = {}) {
      const { before, after } = updateFirst(filter, update, options.upsert ?? false);
      const result = options.returnDocument === 'before' ? before : after;
      return result ? clone(result) : null;
    },
    async deleteOne(filter) {
      const [doc] = matching(filter);
      if (!doc) return 0;
      remove(doc);
      return 1;
    },
    async deleteMany(filter) {
      const found = matching(filter);
      for (const doc of found) remove(doc);
      return found.length;
    },
    async createIndex(spec: IndexSpec) {
      assertTtlIndex(name, spec);
      const [first] = Object.keys(spec.keys);
      if (first) lookup.index(first, docs.values());
      if (first && spec.expireAfterSeconds !== undefined && !ttl.some((index) => index.path.join('.') === first)) {
        ttl.push({ path: first.split('.'), afterMs: spec.expireAfterSeconds * 1000 });
        lastSweep = clock.now().getTime();
      }
      if (!spec.unique) return; // an ordering index only serves lookups (above) here
      const indexName = spec.name ?? defaultIndexName(spec.keys);
      if (indexes.some((index) => index.name === indexName)) return;
      const index: UniqueIndex = {
        name: indexName,
        paths: Object.keys(spec.keys).map((p) => p.split('.')),
        owners: new Map(),
      };
      // Like MongoDB, building a unique index over documents that already collide fails.
      for (const doc of docs.values()) {
        for (const key of indexKeys(doc, index.paths)) {
          const owner = index.owners.get(key);
          if (owner !== undefined && owner !== doc._id) throw new DuplicateKeyError(name, indexName);
          index.owners.set(key, doc._id);
        }
      }
      indexes.push(index);
    },
  };
}

/**
 * Tests documents against a filter: with a compiled function where it can decide
 * (embedded-match.ts), else with mingo (its query compiled once, on first need).
 */
function tester(filter: Filter): (doc: Doc) => boolean {
  const judge = compileFilter(filter);
  let query: Query | null = null;
  const slow = (doc: Doc) => (query ??= new Query(filter)).test(doc);
  if (!judge) return slow;
  return (doc) => judge(doc) ?? slow(doc);
}

/** The top-level fields an update may change; null when that is not known (every field then). */
type Touched = ReadonlySet<string> | null;

const FIELD_OPERATORS = new Set(
  '$set $unset $inc $mul $min $max $push $pull $pullAll $addToSet $pop $currentDate $bit $setOnInsert'.split(' '),
);

function touchedFields(update: Update): Touched {
  const touched = new Set<string>();
  for (const [operator, fields] of Object.entries(update)) {
    if (!FIELD_OPERATORS.has(operator) || !isPlainObject(fields)) return null; // $rename names fields in its values
    for (const path of Object.keys(fields)) touched.add(path.split('.')[0]!);
  }
  return touched;
}

/** Whether an index over these paths may hold other keys after an update that touched these fields. */
function mayChange(paths: readonly string[][], touched: Touched): boolean {
  return touched === null || paths.some((path) => touched.has(path[0]!));
}

/** MongoDB names an index after its keys: { tenderId: 1, orgId: 1 } → tenderId_1_orgId_1. */
export function defaultIndexName(keys: Record<string, 1 | -1>): string {
  return Object.entries(keys)
    .map(([path, direction]) => `${path}_${direction}`)
    .join('_');
}

// --- updates ----------------------------------------------------------------------------------

function assertUpdate(update: Update): void {
  const keys = Object.keys(update);
  if (keys.length === 0 || keys.some((key) => !key.startsWith('$'))) {
    throw new Error('an update document needs update operators ($set, $inc, ...), not a replacement document');
  }
}

/**
 * Applies update operators in place; returns whether the document changed. mingo knows
 * every operator but $setOnInsert, which only makes sense to a store: applied as $set
 * when the update inserts. The filter goes along for the positional `lines.$.qty`. The
 * update is cloned first so the stored document never shares an object with the
 * caller's update (mingo copies values only shallowly); undefined becomes null, as the
 * MongoDB driver serialises it.
 */
function applyUpdate(doc: Record<string, unknown>, filter: Filter, update: Update, inserting: boolean): boolean {
  const { $setOnInsert, ...modifier } = clone(update, 'null');
  assertNoConflicts(update);
  assertArithmeticOnNumbers(doc, update);
  let changed = false;
  if (inserting && isPlainObject($setOnInsert))
    changed = modify(doc, { $set: withIdSet(doc, $setOnInsert) }) || changed;
  // Only an existing document matched the filter; an upserted one is built from it instead.
  changed = modify(doc, modifier, inserting ? undefined : filter) || changed;
  return changed;
}

function modify(doc: Record<string, unknown>, modifier: Record<string, unknown>, filter?: Filter): boolean {
  const active = Object.entries(modifier).filter(
    ([, fields]) => !isPlainObject(fields) || Object.keys(fields).length > 0,
  );
  if (active.length === 0) return false;
  const plainOperators: Record<string, unknown> = Object.fromEntries(active);
  // $set, $inc, $push, $pull … on plain paths: applied here, as mingo would (embedded-update.ts).
  const fast = applyFastUpdate(doc, plainOperators);
  const operators = plainOperators as Modifier<Record<string, unknown>>;
  if (fast !== undefined) return fast;
  // The document matched already; mingo needs the filter only to resolve a positional `$` (and compiles it per call).
  const positional = active.some(
    ([, fields]) => isPlainObject(fields) && Object.keys(fields).some((path) => path.split('.').includes('$')),
  );
  return applyModifier(doc, operators, undefined, positional ? filter : undefined).length > 0;
}

/**
 * MongoDB refuses an update that names one path twice, or a path and its parent, across
 * operators ($set and $setOnInsert included). mingo checks within one call, and
 * $setOnInsert is applied apart, so check the whole update here.
 */
function assertNoConflicts(update: Update): void {
  const paths = Object.values(update).flatMap((fields) => (isPlainObject(fields) ? Object.keys(fields) : []));
  // Each path against a set of them, and its parents ('a.b.c': 'a', 'a.b') too: linear in the paths,
  // where comparing every pair grew with their square (a projection's merged update names hundreds).
  const conflict = (a: string, at: string) => new Error(`Updating the path '${a}' would create a conflict at '${at}'`);
  const seen = new Set<string>();
  for (const path of paths) {
    if (seen.has(path)) throw conflict(path, path);
    seen.add(path);
  }
  for (const path of paths)
    for (let dot = path.indexOf('.'); dot !== -1; dot = path.indexOf('.', dot + 1))
      if (seen.has(path.slice(0, dot))) throw conflict(path, path.slice(0, dot));
}

/** mingo refuses to $set _id (MongoDB does too, on updates); an inserted document gets it directly. */
function withIdSet(doc: Record<string, unknown>, fields: Record<string, unknown>): Record<string, unknown> {
  const { _id, ...rest } = fields;
  if (_id !== undefined) doc._id = _id;
  return rest;
}

/** MongoDB refuses $inc/$mul on a field holding a non-number; mingo would leave it unchanged. */
function assertArithmeticOnNumbers(doc: Record<string, unknown>, update: Update): void {
  for (const operator of ['$inc', '$mul']) {
    const fields = update[operator];
    if (!isPlainObject(fields)) continue;
    for (const path of Object.keys(fields)) {
      if (path.includes('$')) continue; // positional: mingo resolves the element
      const current = path
        .split('.')
        .reduce<unknown>(
          (value, key) =>
            isPlainObject(value) || Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined,
          doc,
        );
      if (current !== undefined && typeof current !== 'number') {
        throw new Error(`Cannot apply ${operator} to a value of non-numeric type at '${path}'`);
      }
    }
  }
}

/**
 * The document an upsert starts from, as MongoDB builds it: the equality conditions of
 * the filter (`{ _id: 'a', 'grid.id': 'g1' }`, `{ status: { $eq: 'open' } }`, and those
 * inside a top-level $and), with dotted paths expanded.
 */
function upsertSeed(filter: Filter): Record<string, unknown> {
  const seed: Record<string, unknown> = {};
  const set: Record<string, unknown> = {};
  collectEqualities(filter, set);
  modify(seed, { $set: withIdSet(seed, clone(set)) });
  return seed;
}

function collectEqualities(filter: Filter, out: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const clause of value) if (isPlainObject(clause)) collectEqualities(clause, out);
    } else if (key.startsWith('$')) {
      continue;
    } else if (isPlainObject(value) && Object.keys(value).some((k) => k.startsWith('$'))) {
      if ('$eq' in value) out[key] = value.$eq;
    } else if (!types.isRegExp(value)) {
      out[key] = value;
    }
  }
}

// --- unique index keys ------------------------------------------------------------------------

/**
 * The keys a document holds in a unique index, as MongoDB computes them: a missing
 * field is null (so two documents without it collide), an array holds one key per
 * element (a multikey index), and a compound index pairs up each path's keys.
 */
function indexKeys(doc: Doc, paths: readonly string[][]): Set<string> {
  let keys = [''];
  for (const path of paths) {
    const values = [...new Set(valuesAt(doc, path).map(encodeKey))];
    keys = keys.flatMap((prefix) => values.map((value) => (prefix ? `${prefix}|${value}` : value)));
  }
  return new Set(keys);
}

function valuesAt(value: unknown, path: readonly string[]): unknown[] {
  const [head, ...rest] = path;
  if (head === undefined) return Array.isArray(value) ? (value.length > 0 ? value : [null]) : [value];
  if (Array.isArray(value)) {
    if (/^\d+$/.test(head)) return valuesAt(value[Number(head)], rest);
    const found = value.flatMap((element) => valuesAt(element, path));
    return found.length > 0 ? found : [null];
  }
  if (isPlainObject(value)) return valuesAt(value[head], rest);
  return [null];
}

function encodeKey(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (types.isDate(value)) return `date:${value.getTime()}`;
  if (Array.isArray(value)) return `[${value.map(encodeKey).join(',')}]`;
  if (isPlainObject(value)) {
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}:${encodeKey(v)}`)
      .join(',')}}`;
  }
  // All numbers compare equal across BSON types in MongoDB (1 == 1.0 == Long(1)).
  if (typeof value === 'number' || typeof value === 'bigint') return `number:${String(value)}`;
  return `${typeof value}:${JSON.stringify(value)}`;
}

/**
 * A deep copy of a document as MongoDB would store it: plain objects, arrays, dates and
 * primitives. Not structuredClone: it builds objects in the realm that runs it, and under
 * jest that is not the test's realm, so a cloned Date would fail `instanceof Date` (and
 * zod's z.date()) in the tests.
 *
 * An undefined field is dropped from inserted documents (the mongo adapter inserts with
 * ignoreUndefined, so an optional field left undefined is absent, not null) and becomes
 * null in updates (`$set: { note: undefined }` stores null in MongoDB); 'keep' is for
 * documents already stored.
 */
function clone<T>(value: T, undefinedFields: 'keep' | 'drop' | 'null' = 'keep'): T {
  if (Array.isArray(value)) {
    return value.map((element: unknown) =>
      element === undefined && undefinedFields !== 'keep' ? null : clone(element, undefinedFields),
    ) as T;
  }
  if (types.isDate(value)) return new Date(value.getTime()) as T;
  if (isPlainObject(value)) {
    const copy: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) {
      if (field !== undefined || undefinedFields === 'keep') copy[key] = clone(field, undefinedFields);
      else if (undefinedFields === 'null') copy[key] = null;
    }
    return copy as T;
  }
  return value;
}

/** An object that is not an array or a date; checked by tag so that objects from another realm count. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  return Object.prototype.toString.call(value) === '[object Object]';
}
