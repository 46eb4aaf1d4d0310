import { ApiError } from './api/client';
import type { I18n, MessageKey } from './i18n';

const KNOWN: Record<string, MessageKey> = {
  'INTAKE.INVALID_TRANSITION': 'error.INTAKE.INVALID_TRANSITION',
  'AUTH.FORBIDDEN': 'error.AUTH.FORBIDDEN',
  'INTAKE.CONCURRENT_UPDATE': 'error.INTAKE.CONCURRENT_UPDATE',
};

/** What to tell the user about a failed call: our words for known problems, else the server's detail. */
export function errorMessage(error: unknown, t: I18n['t']): string {
  if (error instanceof ApiError) {
    if (error.status === 0) return t('app.networkError');
    const key = KNOWN[error.code];
    if (key) return error.code === 'INTAKE.INVALID_TRANSITION' ? `${t(key)}（${error.message}）` : t(key);
    return error.message || t('app.error');
  }
  return error instanceof Error ? error.message : t('app.error');
}
