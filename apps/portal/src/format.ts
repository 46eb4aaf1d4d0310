import { formatYuan } from '@sanshe/contracts/values/money';
import type { I18n } from './i18n';

/** Amounts are integer fen everywhere; shown in yuan (¥1,234.50). */
export const yuan = (fen: number): string => formatYuan(fen);

/** A duration in days/hours/minutes, in the current language. */
export function formatDuration(ms: number, t: I18n['t']): string {
  const minutes = Math.max(0, Math.floor(Math.abs(ms) / 60_000));
  const d = Math.floor(minutes / 1440);
  const h = Math.floor((minutes % 1440) / 60);
  const m = minutes % 60;
  if (d > 0) return t('duration.days', { d, h });
  if (h > 0) return t('duration.hours', { h, m });
  return t('duration.minutes', { m });
}

/** 0.8732 → 87.3% */
export const percent = (rate: number | null): string => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
