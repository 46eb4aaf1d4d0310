import fc from 'fast-check';

/** Keys an attacker sends hoping a repository passes them to MongoDB or to an object merge. */
const HOSTILE_KEYS = [
  '$gt',
  '$ne',
  '$where',
  '$regex',
  '$expr',
  '$in',
  '$set',
  '__proto__',
  'constructor',
  'prototype',
];

const json = fc.jsonValue({ maxDepth: 3 });
const odd = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  '\u202e',
  '😀'.repeat(50),
  'ＡＢＣ１２３',
  '<script>alert(1)</script>',
  "'; db.dropDatabase(); //",
  '../../etc/passwd',
  '1e309',
  '-0',
  'NaN',
  'x'.repeat(10_000),
);

/** An object of MongoDB operators and prototype keys, possibly nested. */
export const operatorObject = fc.dictionary(fc.constantFrom(...HOSTILE_KEYS), fc.oneof(json, odd), {
  minKeys: 1,
  maxKeys: 3,
});

const hostileValue = fc.oneof(
  json,
  odd,
  operatorObject,
  fc.array(operatorObject, { maxLength: 2 }),
  fc.constantFrom(null, true, 0, -1, 2 ** 53, 1.5, -1e308),
);

/** A body: the route's own fields with wrong or hostile values, unknown fields, or any JSON at all. */
export function bodyArbitrary(properties: readonly string[]): fc.Arbitrary<unknown> {
  const known =
    properties.length > 0
      ? fc.record(Object.fromEntries(properties.map((p) => [p, hostileValue])), { requiredKeys: [] })
      : fc.constant({});
  const unknown = fc.dictionary(
    fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom(...HOSTILE_KEYS)),
    hostileValue,
    {
      maxKeys: 3,
    },
  );
  return fc.oneof(
    { weight: 3, arbitrary: fc.tuple(known, unknown).map(([k, u]) => ({ ...u, ...k })) },
    { weight: 1, arbitrary: json },
    { weight: 1, arbitrary: operatorObject },
  );
}

/** A query: the route's parameters and a few others, with strings, arrays and bracketed operators. */
export function queryArbitrary(names: readonly string[]): fc.Arbitrary<Record<string, string | string[]>> {
  const key = fc.oneof(
    ...(names.length > 0 ? [fc.constantFrom(...names)] : []),
    fc.constantFrom('limit', 'offset', 'status', 'a[$gt]', '$where', '__proto__[x]', 'filter[$ne]'),
  );
  const value = fc.oneof(
    fc.string({ maxLength: 40 }),
    odd,
    fc.constantFrom('-1', '0', '1e9', '9999999999999999999', '{"$gt":""}', 'true'),
    fc.array(fc.string({ maxLength: 8 }), { minLength: 2, maxLength: 3 }),
  );
  return fc.dictionary(key, value, { maxKeys: 4 });
}

/** A path parameter: a well-formed id, or anything but. */
export const pathValue = fc.oneof(
  fc.uuid(),
  fc.string({ minLength: 1, maxLength: 40 }),
  fc.constantFrom(
    '$where',
    '{"$gt":""}',
    '..',
    'null',
    '0',
    '-1',
    'ＡＢＣ',
    '%',
    ' ',
    'XZ-GL-HL-01',
    'x'.repeat(2_000),
  ),
);

/** Text sent as application/json that is not JSON. */
export const malformedJson = fc.oneof(
  fc.constantFrom('{', '{"a":', '[1,2', "{'single':'quotes'}", '{"a":1}}', 'undefined', 'NaN', '{"a":01}', '\u0000'),
  fc.string({ minLength: 1, maxLength: 60 }).filter((text) => {
    try {
      JSON.parse(text);
      return false;
    } catch {
      return true;
    }
  }),
);
