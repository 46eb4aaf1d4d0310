import { compare, isEqual } from 'mingo/util';
import type { Filter } from './port';

/**
 * A document → true (it matches), false (it does not) or undefined (this judge cannot tell:
 * ask mingo).
 */
export type Judge = (doc: Record<string, unknown>) => boolean | undefined;

type Plain = string | number | boolean;
const isPlain = (v: unknown): v is Plain =>
  typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && !Number.isNaN(v));
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  Object.prototype.toString.call(v) === '[object Object]';

/**
 * Compiles the filters repositories send most (equality, `$eq`, `$ne`, `$in`, `$nin`,
 * `$exists`, `$lt`/`$lte`/`$gt`/`$gte` on strings and numbers, `$and`, `$or`, on dotted paths
 * through plain objects) into a plain function, where mingo spends 20–40 µs compiling each
 * filter before it tests a single document (the store compiled one at almost every call).
 *
 * It decides what it can decide exactly as mingo does (`embedded-match.int.spec.ts` checks that
 * on random documents and filters) and answers undefined for the rest: a path through an array
 * (MongoDB's "any element" rules), dates, sub-documents compared whole; the store then asks
 * mingo. A filter with any other operator compiles to null (mingo for every document).
 */
export function compileFilter(filter: Filter): Judge | null {
  const judges: Judge[] = [];
  for (const [key, condition] of Object.entries(filter)) {
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(condition) || condition.length === 0) return null;
      const clauses = condition.map((clause) => (isPlainObject(clause) ? compileFilter(clause) : null));
      if (clauses.some((clause) => clause === null)) return null;
      judges.push(key === '$and' ? all(clauses as Judge[]) : any(clauses as Judge[]));
      continue;
    }
    if (key.startsWith('$')) return null;
    const field = compileField(key, condition);
    if (!field) return null;
    judges.push(field);
  }
  return all(judges);
}

function all(judges: readonly Judge[]): Judge {
  return (doc) => {
    let unknown = false;
    for (const judge of judges) {
      const verdict = judge(doc);
      if (verdict === false) return false;
      if (verdict === undefined) unknown = true;
    }
    return unknown ? undefined : true;
  };
}

function any(judges: readonly Judge[]): Judge {
  return (doc) => {
    let unknown = false;
    for (const judge of judges) {
      const verdict = judge(doc);
      if (verdict === true) return true;
      if (verdict === undefined) unknown = true;
    }
    return unknown ? undefined : false;
  };
}

/** What a path leads to: nothing, a value, or somewhere only mingo's rules can say. */
type Reached = { kind: 'missing' } | { kind: 'value'; value: unknown } | { kind: 'unknown' };
const MISSING: Reached = { kind: 'missing' };
const UNKNOWN: Reached = { kind: 'unknown' };

function reach(doc: Record<string, unknown>, segments: readonly string[]): Reached {
  let value: unknown = doc;
  for (const segment of segments) {
    if (isPlainObject(value)) {
      value = Object.prototype.hasOwnProperty.call(value, segment) ? value[segment] : undefined;
    } else if (Array.isArray(value)) {
      // Only "the element at this index exists" is decided here; a missing index may still be
      // matched by elements holding a field of that name.
      if (!/^\d+$/.test(segment)) return UNKNOWN;
      if (Number(segment) >= value.length)
        return value.some((element) => typeof element === 'object' && element !== null) ? UNKNOWN : MISSING;
      value = value[Number(segment)];
    } else if (value === undefined || value === null || isPlain(value)) {
      return MISSING;
    } else {
      return UNKNOWN;
    }
    if (value === undefined) return MISSING;
  }
  return { kind: 'value', value };
}

/** A test of the value at the path, for the comparison operators (not $exists). */
type ValueTest = (value: Plain | null | undefined) => boolean;

function compileField(path: string, condition: unknown): Judge | null {
  const segments = path.split('.');
  if (segments.some((segment) => segment === '' || segment.startsWith('$'))) return null;
  let exists: boolean | null = null;
  const tests: ValueTest[] = [];
  if (isPlainObject(condition) && Object.keys(condition).some((k) => k.startsWith('$'))) {
    for (const [operator, operand] of Object.entries(condition)) {
      if (operator === '$exists') {
        if (typeof operand !== 'boolean') return null;
        exists = operand;
        continue;
      }
      const test = compileOperator(operator, operand);
      if (!test) return null;
      tests.push(test);
    }
  } else {
    const test = compileOperator('$eq', condition);
    if (!test) return null;
    tests.push(test);
  }
  return (doc) => {
    const reached = reach(doc, segments);
    if (reached.kind === 'unknown') return undefined;
    if (exists !== null && (reached.kind === 'value') !== exists) return false;
    if (tests.length === 0) return true;
    const value = reached.kind === 'value' ? reached.value : undefined;
    // Arrays (any element), dates and sub-documents are compared by mingo's rules.
    if (value !== undefined && value !== null && !isPlain(value)) return undefined;
    return tests.every((test) => test(value));
  };
}

function compileOperator(operator: string, operand: unknown): ValueTest | null {
  switch (operator) {
    case '$eq':
      return equals(operand);
    case '$ne': {
      const eq = equals(operand);
      return eq && ((value) => !eq(value));
    }
    case '$in':
    case '$nin': {
      if (!Array.isArray(operand)) return null;
      const tests = operand.map(equals);
      if (tests.some((test) => test === null)) return null;
      const inList = (value: Plain | null | undefined) => tests.some((test) => test!(value));
      return operator === '$in' ? inList : (value) => !inList(value);
    }
    case '$lt':
    case '$lte':
    case '$gt':
    case '$gte': {
      if (typeof operand !== 'string' && !(typeof operand === 'number' && Number.isFinite(operand))) return null;
      const holds = {
        $lt: (c: number) => c < 0,
        $lte: (c: number) => c <= 0,
        $gt: (c: number) => c > 0,
        $gte: (c: number) => c >= 0,
      }[operator];
      // mingo, as MongoDB, compares only values of the same type: a number is never "less" than a string.
      return (value) => typeof value === typeof operand && holds(compare(value, operand));
    }
    default:
      return null;
  }
}

/** Equality with a plain value or null (null also matches a missing field, as in MongoDB). */
function equals(operand: unknown): ValueTest | null {
  if (operand === null) return (value) => value === null || value === undefined;
  if (!isPlain(operand)) return null;
  return (value) => value !== undefined && value !== null && isEqual(value, operand);
}
