import { createHash, createHmac, randomInt, randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();

/**
 * The id of a resource a request creates: random, or, when the request came with an
 * Idempotency-Key (the route context's `idempotencyKey`), derived from it, so a try that runs
 * again after a crash or an outage finds what the first try created (a duplicate key on this
 * id) instead of creating it twice. `parts` tell apart the resources one request creates
 * (`keyedId(key, 'record', 2)`). The id is a UUID (RFC 9562 version 8, from SHA-256).
 */
export function keyedId(idempotencyKey: string | null | undefined, ...parts: Array<string | number>): string {
  if (!idempotencyKey) return randomUUID();
  const hex = createHash('sha256')
    .update([idempotencyKey, ...parts.map(String)].join('\u0000'))
    .digest('hex');
  const variant = ((Number.parseInt(hex.charAt(16), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

// Crockford-like alphabet without I, L, O, U: case numbers are read out over the phone.
const CASE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** NEED-YYYYMMDD-XXXXXX: the one number a resident keeps for a need's whole life. */
export function newCaseNumber(now: Date): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '');
  let suffix = '';
  for (let i = 0; i < 6; i++) suffix += CASE_ALPHABET.charAt(randomInt(CASE_ALPHABET.length));
  return `NEED-${day}-${suffix}`;
}

/** Keyed hash of personal data for de-duplication; the clear value is never stored. */
export function piiHash(key: string, value: string): string {
  return createHmac('sha256', key).update(value.normalize('NFKC').toUpperCase()).digest('hex');
}
