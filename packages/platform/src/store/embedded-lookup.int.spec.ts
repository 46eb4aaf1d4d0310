import fc from 'fast-check';
import { createEmbeddedStore } from './embedded';
import type { BaseDocument, Filter } from './port';

/**
 * The embedded store looks documents up by _id and by indexed fields instead of scanning
 * (embedded-lookup.ts). Indexes may only make it faster: a store with indexes must answer
 * every query exactly as one without, in the same order, whatever was written before.
 */
interface Item extends BaseDocument {
  tag?: string | string[] | null;
  n?: number;
  flag?: boolean;
  nested?: { code: string };
}

const TAGS = ['a', 'b', 'c', 'd'];
const IDS = ['i0', 'i1', 'i2', 'i3', 'i4', 'i5', 'i6', 'i7'];

const tag = fc.oneof(
  fc.constantFrom(...TAGS),
  fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 3 }),
  fc.constant(null),
  fc.constant(undefined),
);
const item = fc.record(
  {
    _id: fc.constantFrom(...IDS),
    tag,
    n: fc.integer({ min: 0, max: 3 }),
    flag: fc.boolean(),
    nested: fc.record({ code: fc.constantFrom(...TAGS) }),
  },
  { requiredKeys: ['_id'] },
);

type Step =
  | { kind: 'insert'; doc: Item }
  | { kind: 'set'; id: string; fields: Partial<Item> }
  | { kind: 'setMany'; filter: Filter; fields: Partial<Item> }
  | { kind: 'delete'; id: string };

const filter: fc.Arbitrary<Filter> = fc.oneof(
  fc.record({ tag: fc.constantFrom(...TAGS) }),
  fc.record({ tag: fc.record({ $in: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 3 }) }) }),
  fc.record({
    tag: fc.record({ $eq: fc.constantFrom(...TAGS) }),
    n: fc.record({ $gte: fc.integer({ min: 0, max: 3 }) }),
  }),
  fc.record({ tag: fc.constant(null) }),
  fc.record({ n: fc.integer({ min: 0, max: 3 }), flag: fc.boolean() }),
  fc.record({ flag: fc.boolean() }),
  fc.record({ 'nested.code': fc.constantFrom(...TAGS) }),
  fc.record({ _id: fc.constantFrom(...IDS) }),
  // `$exists: true`: looked up among the documents that may hold the path (kept from the first such query on).
  fc.constantFrom<Filter>(
    { tag: { $exists: true } },
    { 'tag.0': { $exists: true } },
    { 'nested.code': { $exists: true } },
    { tag: { $exists: true }, flag: true },
  ),
  fc.record({ _id: fc.constantFrom(...IDS), tag: fc.constantFrom(...TAGS) }),
  fc.record({ _id: fc.record({ $in: fc.uniqueArray(fc.constantFrom(...IDS), { maxLength: 5 }) }) }),
  fc.record({
    _id: fc.record({ $in: fc.uniqueArray(fc.constantFrom(...IDS), { maxLength: 5 }) }),
    tag: fc.record({ $in: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 2 }) }),
  }),
);

const fields = fc.record({ tag, n: fc.integer({ min: 0, max: 3 }), flag: fc.boolean() }, { requiredKeys: [] });
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), doc: item }),
  fc.record({ kind: fc.constant('set' as const), id: fc.constantFrom(...IDS), fields }),
  fc.record({ kind: fc.constant('setMany' as const), filter, fields }),
  fc.record({ kind: fc.constant('delete' as const), id: fc.constantFrom(...IDS) }),
);

async function apply(items: ReturnType<typeof collectionOf>, s: Step): Promise<string> {
  try {
    if (s.kind === 'insert') await items.insertOne(s.doc);
    if (s.kind === 'set' && Object.keys(s.fields).length > 0) await items.updateOne({ _id: s.id }, { $set: s.fields });
    if (s.kind === 'setMany' && Object.keys(s.fields).length > 0) await items.updateMany(s.filter, { $set: s.fields });
    if (s.kind === 'delete') await items.deleteOne({ _id: s.id });
    return 'ok';
  } catch (error) {
    return (error as Error).name;
  }
}

function collectionOf(indexed: boolean) {
  const items = createEmbeddedStore().collection<Item>('items');
  return Object.assign(items, {
    async prepare() {
      if (!indexed) return;
      await items.createIndex({ keys: { tag: 1, n: 1 } });
      await items.createIndex({ keys: { flag: 1 } });
      await items.createIndex({ keys: { 'nested.code': 1 } });
      // Paths asked with `$exists: true` are followed from the first such query on, through every write.
      for (const path of ['tag', 'tag.0', 'nested.code']) await items.find({ [path]: { $exists: true } });
    },
  });
}

describe('embedded store lookups by _id and indexed fields', () => {
  it('a store with indexes answers every query as one without, in the same order, after any writes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(step, { maxLength: 40 }),
        fc.array(filter, { minLength: 1, maxLength: 8 }),
        async (steps, filters) => {
          const plain = collectionOf(false);
          const indexed = collectionOf(true);
          await plain.prepare();
          // Half the time the indexes come after some documents exist (built over what is stored).
          const late = steps.length % 2 === 1;
          if (!late) await indexed.prepare();
          for (const [i, s] of steps.entries()) {
            if (late && i === Math.floor(steps.length / 2)) await indexed.prepare();
            expect(await apply(indexed, s)).toBe(await apply(plain, s));
          }
          if (late && steps.length < 2) await indexed.prepare();
          for (const f of filters) {
            expect(await indexed.find(f)).toEqual(await plain.find(f));
            // A top-level $and is never looked up: every document is tested.
            expect(await indexed.find(f)).toEqual(await plain.find({ $and: [f] }));
            expect(await indexed.countDocuments(f)).toBe(await plain.countDocuments(f));
            expect(await indexed.findOne(f)).toEqual(await plain.findOne(f));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('many documents: an $in of ids and an indexed equality find exactly their documents, in stored order', async () => {
    const items = collectionOf(true);
    await items.prepare();
    await items.insertMany(
      Array.from({ length: 2_000 }, (_, i) => ({ _id: `d${i}`, tag: TAGS[i % 4]!, n: i % 3, flag: i % 2 === 0 })),
    );
    await items.deleteOne({ _id: 'd10' });
    await items.insertOne({ _id: 'd10', tag: 'a', n: 0, flag: true }); // stored again: last in order now

    const ids = ['d1999', 'd10', 'd3', 'd11', 'missing'];
    expect((await items.find({ _id: { $in: ids } })).map((d) => d._id)).toEqual(['d3', 'd11', 'd1999', 'd10']);
    const tagged = (await items.find({ tag: 'b', n: 1 })).map((d) => d._id);
    expect(tagged).toEqual(
      Array.from({ length: 2_000 }, (_, i) => i)
        .filter((i) => i % 4 === 1 && i % 3 === 1)
        .map((i) => `d${i}`),
    );
  });
});
