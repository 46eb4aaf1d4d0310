import { createHmac, randomInt, randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();

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
