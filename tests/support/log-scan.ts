import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { residentIdCheckCharacter } from '@sanshe/contracts';

/**
 * Scans captured log lines for personal data that must never be logged (PIPL): resident ID
 * numbers (18 characters, a plausible birth date and a valid check character) and unmasked
 * mainland mobile numbers. Ids and hashes (hex runs with a letter) are removed first, since a
 * long run of hex digits can contain an 11-digit run by chance.
 */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const HEX_RUN = /[0-9a-f]{16,}/gi;
const ID_NUMBER =
  /(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])/g;
const MOBILE = /(?<!\d)1[3-9]\d{9}(?!\d)/g;

export interface Leak {
  file: string;
  line: number;
  kind: 'resident_id' | 'phone';
  /** Masked, so the report itself leaks nothing. */
  sample: string;
}

const mask = (text: string) => `${text.slice(0, 3)}${'*'.repeat(text.length - 5)}${text.slice(-2)}`;

export function leaksInLine(text: string): Array<{ kind: Leak['kind']; sample: string }> {
  const cleaned = text.replace(UUID, ' ').replace(HEX_RUN, (run) => (/[a-f]/i.test(run) ? ' ' : run));
  const found: Array<{ kind: Leak['kind']; sample: string }> = [];
  for (const m of cleaned.matchAll(ID_NUMBER)) {
    const id = m[0].toUpperCase();
    if (residentIdCheckCharacter(id.slice(0, 17)) === id[17]) found.push({ kind: 'resident_id', sample: mask(id) });
  }
  for (const m of cleaned.replace(ID_NUMBER, ' ').matchAll(MOBILE)) found.push({ kind: 'phone', sample: mask(m[0]) });
  return found;
}

export function scanLogDir(dir: string): { files: number; lines: number; leaks: Leak[] } {
  let lines = 0;
  const leaks: Leak[] = [];
  const files = readdirSync(dir).filter((f) => f.endsWith('.ndjson'));
  for (const file of files) {
    const text = readFileSync(join(dir, file), 'utf8');
    text.split('\n').forEach((line, index) => {
      if (!line) return;
      lines += 1;
      for (const leak of leaksInLine(line)) leaks.push({ file, line: index + 1, ...leak });
    });
  }
  return { files: files.length, lines, leaks };
}
