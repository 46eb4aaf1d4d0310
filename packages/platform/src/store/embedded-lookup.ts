import type { BaseDocument, Filter } from './port';

type Doc = BaseDocument & Record<string, unknown>;
type KeysOf = (doc: Doc, paths: readonly string[][]) => Set<string>;
type Encode = (value: unknown) => string;

/** Plain values, the only ones the lookup encodes as the unique indexes do. */
const plain = (v: unknown): v is string | number | boolean =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** The values an equality, `$eq` or `$in` on plain values names; null for any other condition. */
function valuesOf(condition: unknown): Array<string | number | boolean> | null {
  if (plain(condition)) return [condition];
  if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) return null;
  const entries: Array<[string, unknown]> = Object.entries(condition);
  if (entries.length !== 1) return null;
  const [operator, operand] = entries[0]!;
  if (operator === '$eq' && plain(operand)) return [operand];
  if (operator === '$in' && Array.isArray(operand) && operand.every(plain)) return operand;
  return null;
}

/**
 * Whether a document may hold the path, as `{ path: { $exists: true } }` asks: false only where
 * it certainly does not (a missing field, a missing array element); a path through an array of
 * documents, a date or another odd value counts as "may" (the store tests the candidates anyway).
 */
function mayHold(doc: Doc, path: readonly string[]): boolean {
  let value: unknown = doc;
  for (const segment of path) {
    if (Array.isArray(value)) {
      if (!/^\d+$/.test(segment)) return true;
      value = value[Number(segment)];
    } else if (typeof value === 'object' && value !== null) {
      if (Object.prototype.toString.call(value) !== '[object Object]') return true;
      value = (value as Record<string, unknown>)[segment];
    } else {
      return false;
    }
    if (value === undefined) return false;
  }
  return true;
}

const isExistsTrue = (condition: unknown): boolean =>
  typeof condition === 'object' &&
  condition !== null &&
  Object.keys(condition).length === 1 &&
  (condition as Record<string, unknown>).$exists === true;

export interface Candidates {
  /** Ids of the only documents that can match, in the order they were first stored (a scan's order). */
  ids: string[];
  /** The filter's field the lookup answered exactly (every candidate satisfies it), or null. */
  decided: string | null;
}

/**
 * Where the embedded store looks documents up instead of scanning them all: by `_id` (an id,
 * `$eq` or `$in` of ids), and by the first field of every index a repository declared
 * (`createIndex`), for an equality, `$eq` or `$in` of plain values on that field. The lookup
 * narrows the candidates, in the order a scan would give them; the store still tests each
 * candidate against the rest of the filter. On a top-level field (and `_id`) the lookup is
 * exact, as a document holds a key for its value, or for each element of an array, just as
 * MongoDB matches an equality; there the store need not test that condition again (mingo
 * tests an `$in` against each document in time proportional to the list). MongoDB uses the
 * same indexes on the server.
 */
export function createLookup(options: { keysOf: KeysOf; encode: Encode; all: () => Iterable<Doc> }) {
  /** Field path → encoded value → ids of the documents holding it. */
  const fields = new Map<string, { path: string[][]; ids: Map<string, Set<string>> }>();
  /** Path → ids of the documents that may hold it, for `$exists: true` (see `candidates`). */
  const holders = new Map<string, { path: string[]; ids: Set<string> }>();
  /** Every stored id, in the order first stored. */
  const positions = new Map<string, number>();
  let next = 0;

  /** Whether a path may have changed: `touched` names the top-level fields an update changed (null: any). */
  const touches = (touched: ReadonlySet<string> | null | undefined, first: string) => !touched || touched.has(first);

  function add(doc: Doc, touched?: ReadonlySet<string> | null): void {
    if (!positions.has(doc._id)) positions.set(doc._id, next++);
    for (const held of holders.values())
      if (touches(touched, held.path[0]!) && mayHold(doc, held.path)) held.ids.add(doc._id);
    for (const field of fields.values()) {
      if (!touches(touched, field.path[0]![0]!)) continue;
      for (const key of options.keysOf(doc, field.path)) {
        let ids = field.ids.get(key);
        if (!ids) field.ids.set(key, (ids = new Set()));
        ids.add(doc._id);
      }
    }
  }

  function drop(doc: Doc, removed: boolean, touched?: ReadonlySet<string> | null): void {
    if (removed) positions.delete(doc._id);
    for (const held of holders.values()) if (touches(touched, held.path[0]!)) held.ids.delete(doc._id);
    for (const field of fields.values()) {
      if (!touches(touched, field.path[0]![0]!)) continue;
      for (const key of options.keysOf(doc, field.path)) {
        const ids = field.ids.get(key);
        ids?.delete(doc._id);
        if (ids?.size === 0) field.ids.delete(key);
      }
    }
  }

  /**
   * The documents that may hold a path, kept from the first `$exists: true` query on it on (one
   * scan then, none after): the outbox relay asks for `'outbox.0': { $exists: true }` at every
   * pass, and only the few documents with pending events have it.
   */
  function holdersOf(path: string): Set<string> {
    let held = holders.get(path);
    if (!held) {
      held = { path: path.split('.'), ids: new Set() };
      for (const doc of options.all()) if (mayHold(doc, held.path)) held.ids.add(doc._id);
      holders.set(path, held);
    }
    return held.ids;
  }

  /** The ids in stored order: sorted when few, else picked out of the stored order (linear). */
  function ordered(ids: Set<string>): string[] {
    if (ids.size * 8 < positions.size)
      return [...ids].sort((a, b) => (positions.get(a) ?? 0) - (positions.get(b) ?? 0));
    const out: string[] = [];
    for (const id of positions.keys()) if (ids.has(id)) out.push(id);
    return out;
  }

  return {
    /** Indexes a field (an index's first key) from now on, and the documents already stored. */
    index(path: string, existing: Iterable<Doc>): void {
      if (path === '_id' || fields.has(path)) return;
      fields.set(path, { path: [path.split('.')], ids: new Map() });
      for (const doc of existing) add(doc);
    },
    /**
     * Call with the stored version before a document is replaced, then `stored` with the new one;
     * `touched`: the top-level fields the update changed (keys of other fields stay as they are).
     */
    replacing: (previous: Doc, touched?: ReadonlySet<string> | null) => drop(previous, false, touched),
    stored: (doc: Doc, touched?: ReadonlySet<string> | null) => add(doc, touched),
    removed: (doc: Doc) => drop(doc, true),
    /** The candidates of a filter; null when it names no looked-up field with an equality (then scan). */
    candidates(filter: Filter): Candidates | null {
      let best: { ids: Set<string>; field: string } | null = null;
      const named = valuesOf(filter._id);
      if (named?.every((id): id is string => typeof id === 'string'))
        best = { ids: new Set(named.filter((id) => positions.has(id))), field: '_id' };
      for (const [path, condition] of Object.entries(filter)) {
        if (isExistsTrue(condition)) {
          const ids = holdersOf(path);
          if (!best || ids.size < best.ids.size) best = { ids, field: '' };
          continue;
        }
        const field = fields.get(path);
        const values = field ? valuesOf(condition) : null;
        if (!field || !values) continue;
        const ids = new Set<string>();
        for (const value of values) for (const found of field.ids.get(options.encode(value)) ?? []) ids.add(found);
        if (!best || ids.size < best.ids.size) best = { ids, field: path };
      }
      if (!best) return null;
      return { ids: ordered(best.ids), decided: best.field === '' || best.field.includes('.') ? null : best.field };
    },
  };
}
