import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import localizedFormat from 'dayjs/plugin/localizedFormat';
import { en } from './en';
import { zhCN, type MessageKey, type Messages } from './zh-CN';

dayjs.extend(localizedFormat);

export type Locale = 'zh-CN' | 'en';
export type { MessageKey };

const MESSAGES: Record<Locale, Messages> = { 'zh-CN': zhCN, en };
const DAYJS_LOCALE: Record<Locale, string> = { 'zh-CN': 'zh-cn', en: 'en' };
const STORAGE_KEY = 'sanshe.locale';

export type Params = Record<string, string | number>;

/** A localized name as the APIs give it: Chinese always, English sometimes (area names are Chinese only). */
export interface Bilingual {
  zh: string;
  en: string | null;
}

export interface I18n {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: (key: MessageKey, params?: Params) => string;
  /** Picks the name in the current language, Chinese when there is no English. */
  pick: (name: Bilingual) => string;
  /** A date-time in the local format (2026年3月2日 09:00 / Mar 2, 2026 9:00 AM). */
  dateTime: (iso: string | null | undefined) => string;
  date: (iso: string | null | undefined) => string;
}

export function translate(messages: Messages, key: MessageKey, params?: Params): string {
  const text = messages[key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

function initialLocale(): Locale {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (stored === 'zh-CN' || stored === 'en') return stored;
  } catch {
    // storage may be unavailable (private mode): Chinese first
  }
  return 'zh-CN';
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  dayjs.locale(DAYJS_LOCALE[locale]);

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = MESSAGES[locale]['app.title'];
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    try {
      window.localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // not remembered, still switched
    }
    setLocaleState(next);
  }, []);

  const value = useMemo<I18n>(() => {
    const messages = MESSAGES[locale];
    const format = (iso: string | null | undefined, pattern: string) => (iso ? dayjs(iso).format(pattern) : '—');
    return {
      locale,
      setLocale,
      t: (key, params) => translate(messages, key, params),
      pick: (name) => (locale === 'en' && name.en ? name.en : name.zh),
      dateTime: (iso) => format(iso, 'lll'),
      date: (iso) => format(iso, 'll'),
    };
  }, [locale, setLocale]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
