import { z } from 'zod';

/** Resident identity number (居民身份证号码), GB 11643-1999. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';

export function residentIdCheckCharacter(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charAt(i)) * (WEIGHTS[i] ?? 0);
  return CHECK.charAt(sum % 11);
}

export type ResidentIdCheck = { ok: true } | { ok: false; reason: string };

export function checkResidentId(id: string): ResidentIdCheck {
  if (!/^\d{17}[\dX]$/.test(id)) return { ok: false, reason: 'must be 17 digits followed by a digit or X' };
  const birth = id.slice(6, 14);
  const year = Number(birth.slice(0, 4));
  const month = Number(birth.slice(4, 6));
  const day = Number(birth.slice(6, 8));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return { ok: false, reason: 'the birth date part is not a real date' };
  }
  // The reason names no digits: the number must never reach a log or a response.
  if (residentIdCheckCharacter(id.slice(0, 17)) !== id.charAt(17))
    return { ok: false, reason: 'check character does not match' };
  return { ok: true };
}

/**
 * A resident ID number. Parse it only to validate and hash it (see platform's pii
 * hashing); the clear number is never stored, logged or returned.
 */
export const ResidentIdNumber = z
  .string()
  .trim()
  .toUpperCase()
  .superRefine((id, ctx) => {
    const result = checkResidentId(id);
    if (!result.ok) ctx.addIssue({ code: 'custom', message: `invalid resident ID number: ${result.reason}` });
  })
  .describe('Resident identity number (GB 11643-1999); validated, then stored only as a keyed hash');
