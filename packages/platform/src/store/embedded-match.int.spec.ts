import fc from 'fast-check';
import { Query } from 'mingo';
import { compileFilter } from './embedded-match';
import type { Filter } from './port';

/**
 * The embedded store tests most filters with compiled functions (embedded-match.ts) and asks
 * mingo only what those cannot decide. Whatever they decide must be what mingo answers: checked
 * here on random documents and filters.
 */
const KEYS = ['a', 'b', 'n'];
const WORDS = ['x', 'y', 'z'];

const plain = fc.oneof(fc.constantFrom(...WORDS), fc.integer({ min: -2, max: 2 }), fc.boolean(), fc.constant('10'));
const leaf = fc.oneof(
  plain,
  fc.constant(null),
  fc.array(plain, { maxLength: 3 }),
  fc.array(fc.record({ a: plain }, { noNullPrototype: true }), { maxLength: 2 }),
  fc.constant(new Date(Date.UTC(2026, 0, 1))),
);
const value: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('object')),
  object: fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 3, noNullPrototype: true }),
})).value;
const doc = fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 3, noNullPrototype: true });

const path = fc.oneof(
  fc.constantFrom(...KEYS),
  fc.tuple(fc.constantFrom(...KEYS), fc.constantFrom(...KEYS)).map(([p, q]) => `${p}.${q}`),
  fc.constantFrom('a.0', 'b.1', 'a.0.a'),
);
const operand = fc.oneof(plain, fc.constant(null));
const condition = fc.oneof(
  operand,
  fc.record({ $eq: operand }),
  fc.record({ $ne: operand }),
  fc.record({ $in: fc.array(operand, { maxLength: 3 }) }),
  fc.record({ $nin: fc.array(operand, { maxLength: 3 }) }),
  fc.record({ $exists: fc.boolean() }),
  fc.record({ $lt: plain }),
  fc.record({ $gte: plain, $lte: plain }),
  fc.record({ $gt: plain, $exists: fc.boolean() }),
  fc.record({ $size: fc.constant(1) }),
  fc.record({ a: plain }),
);
const fieldFilter = fc.dictionary(path, condition, { minKeys: 1, maxKeys: 2, noNullPrototype: true });
const filter: fc.Arbitrary<Filter> = fc.oneof(
  fieldFilter,
  fc.record({ $or: fc.array(fieldFilter, { minLength: 1, maxLength: 3 }) }),
  fc.tuple(fieldFilter, fc.array(fieldFilter, { minLength: 1, maxLength: 2 })).map(([f, and]) => ({ ...f, $and: and })),
);

describe('embedded store: filters tested without mingo', () => {
  test('decide exactly as mingo does, wherever they decide', () => {
    let decided = 0;
    fc.assert(
      fc.property(doc, filter, (d, f) => {
        const judge = compileFilter(f);
        const verdict = judge?.(d);
        if (verdict === undefined) return;
        decided += 1;
        expect(verdict).toBe(new Query(f).test(d));
      }),
      { numRuns: 5_000 },
    );
    expect(decided).toBeGreaterThan(1_500);
  });

  test('the outbox relay: a free document with pending events, and one leased until later', () => {
    const now = '2026-03-02T01:00:00.000Z';
    const free = compileFilter({
      'outbox.0': { $exists: true },
      $or: [{ outboxLeaseUntil: { $exists: false } }, { outboxLeaseUntil: { $lt: now } }],
    })!;
    expect(free({ _id: 'a', outbox: [{ id: 'e1' }] })).toBe(true);
    expect(free({ _id: 'b', outbox: [] })).toBe(false);
    expect(free({ _id: 'c', outbox: [{ id: 'e1' }], outboxLeaseUntil: '2026-03-02T01:00:30.000Z#x' })).toBe(false);
    expect(free({ _id: 'd', outbox: [{ id: 'e1' }], outboxLeaseUntil: '2026-03-02T00:59:30.000Z#x' })).toBe(true);
  });

  test('what it cannot decide is left to mingo', () => {
    expect(compileFilter({ tags: { $size: 1 } })).toBeNull();
    expect(compileFilter({ $where: 'true' })).toBeNull();
    expect(compileFilter({ nested: { code: 'a' } })).toBeNull();
    expect(compileFilter({ tags: 'a' })!({ tags: ['a', 'b'] })).toBeUndefined();
    expect(compileFilter({ at: { $lt: 'x' } })!({ at: new Date(0) })).toBeUndefined();
  });
});
