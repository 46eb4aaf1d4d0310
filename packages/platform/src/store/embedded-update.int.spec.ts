import fc from 'fast-check';
import { update as mingoUpdate } from 'mingo/updater';
import { applyFastUpdate } from './embedded-update';

/**
 * The embedded store applies common updates itself (embedded-update.ts) and hands the rest to
 * mingo. Wherever it applies one, the document and "did it change" must come out exactly as
 * mingo makes them: checked here on random documents and updates.
 */
const KEYS = ['a', 'b', 'tags', 'items', 'n'];
const WORDS = ['x', 'y', 'z'];

const plain = fc.oneof(fc.constantFrom(...WORDS), fc.integer({ min: -2, max: 2 }), fc.boolean());
const element = fc.oneof(
  plain,
  fc.record(
    { id: fc.constantFrom(...WORDS), k: fc.integer({ min: 0, max: 2 }) },
    { requiredKeys: [], noNullPrototype: true },
  ),
  fc.array(plain, { maxLength: 2 }),
);
const leaf = fc.oneof(
  plain,
  fc.constant(null),
  fc.array(element, { maxLength: 4 }),
  fc.constant(new Date(Date.UTC(2026, 0, 1))),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('object')),
  object: fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 3, noNullPrototype: true }),
})).value;
const doc = fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 4, noNullPrototype: true });

const path = fc.oneof(
  fc.constantFrom(...KEYS),
  fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...KEYS)).map(([p, q]) => `${p}.${q}`),
  fc.constantFrom('a.b.n', 'items.0', '_id', 'a.$', 'tags.id'),
);
const pullCondition = fc.oneof(
  plain,
  fc.record({ id: fc.constantFrom(...WORDS) }),
  fc.record({ id: fc.record({ $in: fc.uniqueArray(fc.constantFrom(...WORDS), { maxLength: 2 }) }) }),
  fc.record({ id: fc.constantFrom(...WORDS), k: fc.record({ $in: fc.constant([0, 1]) }) }),
  fc.record({ $in: fc.constant(['x']) }),
);
const operator = fc.oneof(
  fc.record({ op: fc.constant('$set'), value }),
  fc.record({ op: fc.constant('$unset'), value: fc.constant('') }),
  fc.record({ op: fc.constant('$inc'), value: fc.oneof(fc.integer({ min: -1, max: 2 }), fc.constant('1')) }),
  fc.record({
    op: fc.constant('$push'),
    value: fc.oneof(element, fc.record({ $each: fc.array(element, { maxLength: 2 }) })),
  }),
  fc.record({ op: fc.constant('$pull'), value: pullCondition }),
  fc.record({ op: fc.constant('$max'), value: plain }),
);
/** An update naming each path once, and no path together with its parent (MongoDB refuses both). */
const update = fc.array(fc.tuple(operator, path), { minLength: 1, maxLength: 4 }).map((parts) => {
  const out: Record<string, Record<string, unknown>> = {};
  const taken: string[] = [];
  for (const [{ op, value: v }, p] of parts) {
    if (taken.some((t) => t === p || t.startsWith(`${p}.`) || p.startsWith(`${t}.`))) continue;
    taken.push(p);
    (out[op] ??= {})[p] = v;
  }
  return out;
});

const copy = <T>(x: T): T => {
  if (Array.isArray(x)) return x.map(copy) as T;
  if (x instanceof Date) return new Date(x.getTime()) as T;
  if (x && typeof x === 'object') return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, copy(v)])) as T;
  return x;
};

describe('embedded store: updates applied without mingo', () => {
  test('leave the document and its changed flag exactly as mingo would', () => {
    let applied = 0;
    fc.assert(
      fc.property(doc, update, (original, modifier) => {
        const fast = copy(original);
        const changed = applyFastUpdate(fast, copy(modifier));
        if (changed === undefined) {
          expect(fast).toEqual(original); // not handled: untouched, for mingo
          return;
        }
        applied += 1;
        const slow = copy(original);
        const fields = mingoUpdate(slow, copy(modifier) as Parameters<typeof mingoUpdate>[1]);
        expect(changed).toBe(fields.length > 0);
        expect(fast).toStrictEqual(slow);
        expect(Object.keys(fast)).toEqual(Object.keys(slow)); // field order too
      }),
      { numRuns: 3_000 },
    );
    // About a quarter of the generated updates take the fast path (the rest name paths or values it leaves to mingo): the check is not vacuous.
    expect(applied).toBeGreaterThan(500);
  });

  test('edge cases agree with mingo', () => {
    const cases: Array<[Record<string, unknown>, Record<string, unknown>]> = [
      [{ tags: ['x'] }, { $push: { tags: { $each: [] } } }],
      [{}, { $push: { tags: { $each: [] } } }],
      [{ n: 1 }, { $inc: { n: 0 } }],
      [{}, { $inc: { n: 0 } }],
      [{ a: { b: 1 } }, { $set: { a: { b: 1 } } }],
      [{ a: null }, { $unset: { a: '' } }],
      [{ a: {} }, { $unset: { 'a.b': '' }, $set: { 'a.c': 1 } }],
      [{}, { $set: { 'a.b.c': 1 }, $inc: { 'a.n': 2 } }],
      [{ items: [{ id: 'x' }, { k: 1 }] }, { $pull: { items: { id: 'x' } } }],
      [{ tags: ['x', 1, true] }, { $pull: { tags: 1 } }],
    ];
    for (const [original, modifier] of cases) {
      const fast = copy(original);
      const slow = copy(original);
      const changed = applyFastUpdate(fast, copy(modifier));
      const fields = mingoUpdate(slow, copy(modifier) as Parameters<typeof mingoUpdate>[1]);
      expect({ modifier, changed, doc: fast }).toStrictEqual({ modifier, changed: fields.length > 0, doc: slow });
    }
  });

  test('the outbox updates: events pushed with the version, published ones pulled by id', () => {
    const aggregate: Record<string, unknown> = { _id: 'n1', version: 1, outbox: [{ id: 'e1' }] };
    expect(applyFastUpdate(aggregate, { $inc: { version: 1 }, $push: { outbox: { $each: [{ id: 'e2' }] } } })).toBe(
      true,
    );
    expect(aggregate).toEqual({ _id: 'n1', version: 2, outbox: [{ id: 'e1' }, { id: 'e2' }] });
    aggregate.outboxLeaseUntil = 'lease';
    expect(
      applyFastUpdate(aggregate, {
        $pull: { outbox: { id: { $in: ['e1', 'e9'] } } },
        $unset: { outboxLeaseUntil: '' },
      }),
    ).toBe(true);
    expect(aggregate).toEqual({ _id: 'n1', version: 2, outbox: [{ id: 'e2' }] });
    expect(applyFastUpdate(aggregate, { $pull: { outbox: { id: { $in: ['e9'] } } } })).toBe(false);
  });

  test('what it does not handle is left to mingo, untouched', () => {
    const target = { _id: 'n1', lines: [{ qty: 1 }], at: new Date(0) };
    for (const modifier of [
      { $set: { 'lines.$.qty': 2 } },
      { $set: { 'lines.0.qty': 2 } },
      { $set: { 'at.x': 1 } },
      { $set: { _id: 'n2' } },
      { $push: { lines: { $each: [{ qty: 2 }], $slice: -1 } } },
      { $addToSet: { tags: 'a' } },
      { $inc: { n: '1' } },
    ]) {
      expect(applyFastUpdate(target, modifier)).toBeUndefined();
    }
    expect(target).toEqual({ _id: 'n1', lines: [{ qty: 1 }], at: new Date(0) });
  });
});
