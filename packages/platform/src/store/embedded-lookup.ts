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
export function createLookup(options: { keysOf: KeysOf; encode: Encode }) {
  /** Field path → encoded value → ids of the documents holding it. */
  const fields = new Map<string, { path: string[][]; ids: Map<string, Set<string>> }>();
  /** Every stored id, in the order first stored. */
  const positions = new Map<string, number>();
  let next = 0;

  function add(doc: Doc): void {
    if (!positions.has(doc._id)) positions.set(doc._id, next++);
    for (const field of fields.values())
      for (const key of options.keysOf(doc, field.path)) {
        let ids = field.ids.get(key);
        if (!ids) field.ids.set(key, (ids = new Set()));
        ids.add(doc._id);
      }
  }

  function drop(doc: Doc, removed: boolean): void {
    if (removed) positions.delete(doc._id);
    for (const field of fields.values())
      for (const key of options.keysOf(doc, field.path)) {
        const ids = field.ids.get(key);
        ids?.delete(doc._id);
        if (ids?.size === 0) field.ids.delete(key);
      }
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
    /** Call with the stored version before a document is replaced, then `stored` with the new one. */
    replacing: (previous: Doc) => drop(previous, false),
    stored: add,
    removed: (doc: Doc) => drop(doc, true),
    /** The candidates of a filter; null when it names no looked-up field with an equality (then scan). */
    candidates(filter: Filter): Candidates | null {
      let best: { ids: Set<string>; field: string } | null = null;
      const named = valuesOf(filter._id);
      if (named?.every((id): id is string => typeof id === 'string'))
        best = { ids: new Set(named.filter((id) => positions.has(id))), field: '_id' };
      for (const [path, condition] of Object.entries(filter)) {
        const field = fields.get(path);
        const values = field ? valuesOf(condition) : null;
        if (!field || !values) continue;
        const ids = new Set<string>();
        for (const value of values) for (const found of field.ids.get(options.encode(value)) ?? []) ids.add(found);
        if (!best || ids.size < best.ids.size) best = { ids, field: path };
      }
      if (!best) return null;
      return { ids: ordered(best.ids), decided: best.field.includes('.') ? null : best.field };
    },
  };
}
