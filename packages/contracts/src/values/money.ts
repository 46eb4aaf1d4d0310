import { z } from 'zod';

/** Money is always an integer number of fen (CNY cents); never a float. */
export const Fen = z
  .number()
  .int('money must be an integer number of fen')
  .nonnegative('money cannot be negative')
  .max(Number.MAX_SAFE_INTEGER)
  .describe('Amount in fen (1 yuan = 100 fen)');
export type Fen = z.infer<typeof Fen>;

/** Formats fen as yuan with two decimals, for display only. */
export function formatYuan(fen: Fen): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100);
  const cents = String(abs % 100).padStart(2, '0');
  return `${sign}¥${yuan.toLocaleString('en-US')}.${cents}`;
}

/**
 * Splits an amount by percentages without losing a fen: every share is rounded
 * down and the remainder goes to the last share, so the parts always add up.
 */
export function splitByPercent(total: Fen, percents: readonly number[]): Fen[] {
  const shares = percents.map((p) => Math.floor((total * p) / 100));
  const allocated = shares.reduce((sum, s) => sum + s, 0);
  if (shares.length > 0) shares[shares.length - 1] = (shares[shares.length - 1] ?? 0) + (total - allocated);
  return shares;
}
