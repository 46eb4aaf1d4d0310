import { z } from 'zod';

/** Unified Social Credit Code (统一社会信用代码), GB 32100-2015. */
const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/** Civil-affairs registration prefixes: the kinds of social organisation. */
export const CIVIL_AFFAIRS_KINDS = {
  '51': 'social_association',
  '52': 'private_non_enterprise_unit',
  '53': 'foundation',
} as const;
export type SocialOrganisationKind = (typeof CIVIL_AFFAIRS_KINDS)[keyof typeof CIVIL_AFFAIRS_KINDS];

export type UsccCheck = { ok: true; kind: SocialOrganisationKind | null } | { ok: false; reason: string };

/** The expected check character for the first 17 characters, or null if one is outside the alphabet. */
export function usccCheckCharacter(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = ALPHABET.indexOf(first17.charAt(i));
    if (value < 0) return null;
    sum += value * (WEIGHTS[i] ?? 0);
  }
  const check = (31 - (sum % 31)) % 31;
  return ALPHABET.charAt(check);
}

export function checkUscc(code: string): UsccCheck {
  if (code.length !== 18) return { ok: false, reason: 'must be 18 characters' };
  for (const ch of code) {
    if (!ALPHABET.includes(ch))
      return { ok: false, reason: `character '${ch}' is not allowed (I, O, S, V, Z are never used)` };
  }
  const expected = usccCheckCharacter(code.slice(0, 17));
  if (expected !== code.charAt(17)) {
    return { ok: false, reason: `check character should be '${expected}', not '${code.charAt(17)}'` };
  }
  const prefix = code.slice(0, 2) as keyof typeof CIVIL_AFFAIRS_KINDS;
  return { ok: true, kind: CIVIL_AFFAIRS_KINDS[prefix] ?? null };
}

/** A USCC with a valid check character (any registering authority). */
export const Uscc = z
  .string()
  .trim()
  .toUpperCase()
  .superRefine((code, ctx) => {
    const result = checkUscc(code);
    if (!result.ok) ctx.addIssue({ code: 'custom', message: `invalid Unified Social Credit Code: ${result.reason}` });
  })
  .describe('Unified Social Credit Code (统一社会信用代码, GB 32100-2015)');

/** A USCC of a social organisation registered with civil affairs (prefix 51, 52 or 53). */
export const SocialOrganisationUscc = Uscc.superRefine((code, ctx) => {
  const result = checkUscc(code);
  if (result.ok && result.kind === null) {
    ctx.addIssue({
      code: 'custom',
      message: 'not a civil-affairs registration: a social organisation code starts with 51, 52 or 53',
    });
  }
});
