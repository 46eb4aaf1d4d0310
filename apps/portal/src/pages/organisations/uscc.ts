import { CIVIL_AFFAIRS_KINDS, checkUscc, usccCheckCharacter } from '@sanshe/contracts/values/uscc';
import type { I18n } from '../../i18n';

const ALPHABET = /^[0-9ABCDEFGHJKLMNPQRTUWXY]*$/;

export type UsccVerdict =
  { ok: true; kind: (typeof CIVIL_AFFAIRS_KINDS)[keyof typeof CIVIL_AFFAIRS_KINDS] } | { ok: false; problem: string };

/**
 * The Unified Social Credit Code check (GB 32100-2015) as procurement makes it, told in the
 * user's language: 18 characters of the code's alphabet, the check character, and a
 * civil-affairs prefix (51 social association, 52 private non-enterprise unit, 53 foundation).
 */
export function usccVerdict(raw: string, t: I18n['t']): UsccVerdict {
  const code = raw.trim().toUpperCase();
  if (code.length !== 18) return { ok: false, problem: t('organisations.uscc.length', { n: code.length }) };
  if (!ALPHABET.test(code)) {
    const bad = [...code].find((ch) => !ALPHABET.test(ch)) ?? '';
    return { ok: false, problem: t('organisations.uscc.character', { ch: bad }) };
  }
  const result = checkUscc(code);
  if (!result.ok) {
    const expected = usccCheckCharacter(code.slice(0, 17)) ?? '?';
    return { ok: false, problem: t('organisations.uscc.check', { expected, got: code.charAt(17) }) };
  }
  if (result.kind === null) return { ok: false, problem: t('organisations.uscc.notCivilAffairs') };
  return { ok: true, kind: result.kind };
}
