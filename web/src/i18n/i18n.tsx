/**
 * The one i18n layer: every visible string goes through `t(key, params)`, every number and date
 * through the `Intl` formatters here, so switching the locale re-renders everything consistently.
 * Hand-written rather than a library (i18next, FormatJS): two locales, a flat typed dictionary and
 * `{name}` placeholders need ~80 lines, and the typecheck then guarantees that both dictionaries
 * have exactly the same keys, which the libraries only check at run time.
 */
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { type Dictionary, en, type MessageKey } from './en.js';
import { zh } from './zh.js';

export const LOCALES = { en: 'English', 'zh-CN': '简体中文' } as const;
export type Locale = keyof typeof LOCALES;
const DICTS: Record<Locale, Dictionary> = { en, 'zh-CN': zh };
const STORAGE_KEY = 'xinzhi.locale';

export type Params = Readonly<Record<string, string | number>>;

/** Messages with plural forms: keys `<base>.one`, `<base>.other` (and `.few`, `.many`… where a language has them). */
export type PluralKey = MessageKey extends infer K ? (K extends `${infer B}.other` ? B : never) : never;

export interface I18n {
  readonly locale: Locale;
  setLocale(l: Locale): void;
  t(key: MessageKey, params?: Params): string;
  /**
   * A message that depends on a count, in the form `Intl.PluralRules` picks for the locale
   * (English one/other; Chinese has one form); `{count}` is the count formatted per locale.
   */
  plural(key: PluralKey, count: number, params?: Params): string;
  /** A number with up to `digits` fraction digits, grouped per locale. */
  num(v: number | null | undefined, digits?: number): string;
  /** A ratio 0…1 as a percentage. */
  pct(v: number | null | undefined, digits?: number): string;
  /** Date and time in the browser's time zone. */
  dateTime(ts: number): string;
  time(ts: number): string;
  /** An asset kind from the API (`line`, `zone`…) in the current language; unknown kinds as they are. */
  kind(kind: string): string;
  /** A duration in ms as "3 min", "2 h", "5 d". */
  duration(ms: number): string;
  readonly timeZone: string;
}

function initialLocale(): Locale {
  const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (saved === 'en' || saved === 'zh-CN') return saved;
  return globalThis.navigator?.language?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export function fill(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) => {
    const v = params[name];
    return v === undefined ? m : String(v);
  });
}

export function makeI18n(locale: Locale, setLocale: (l: Locale) => void): I18n {
  const dict: Readonly<Partial<Record<MessageKey, string>>> = DICTS[locale];
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const nums = new Map<number, Intl.NumberFormat>();
  const numFmt = (digits: number): Intl.NumberFormat => {
    let f = nums.get(digits);
    if (!f) {
      f = new Intl.NumberFormat(locale, { maximumFractionDigits: digits });
      nums.set(digits, f);
    }
    return f;
  };
  const dtFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' });
  const tFmt = new Intl.DateTimeFormat(locale, { timeStyle: 'medium' });
  const units: Array<[number, Intl.NumberFormatOptions['unit']]> = [
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
  ];
  const noData = dict['common.noData'] ?? '';
  const rules = new Intl.PluralRules(locale);
  const forms = dict as Readonly<Record<string, string>>;
  return {
    locale,
    setLocale,
    timeZone,
    t: (key, params) => fill(dict[key] ?? key, params),
    plural: (key, count, params) =>
      fill(forms[`${key}.${rules.select(count)}`] ?? forms[`${key}.other`] ?? key, {
        ...params,
        count: numFmt(3).format(count),
      }),
    num: (v, digits = 2) =>
      v === null || v === undefined || !Number.isFinite(v) ? noData : numFmt(digits).format(v),
    pct: (v, digits = 1) =>
      v === null || v === undefined || !Number.isFinite(v)
        ? noData
        : new Intl.NumberFormat(locale, {
            style: 'percent',
            maximumFractionDigits: digits,
            minimumFractionDigits: digits,
          }).format(v),
    kind: (k) => {
      const key = `kind.${k}` as MessageKey;
      return dict[key] ?? k;
    },
    dateTime: (ts) => dtFmt.format(ts),
    time: (ts) => tFmt.format(ts),
    duration: (ms) => {
      const abs = Math.abs(ms);
      const [size, unit] = units.find(([s]) => abs >= s) ?? [1000, 'second'];
      return new Intl.NumberFormat(locale, {
        style: 'unit',
        unit,
        unitDisplay: 'short',
        maximumFractionDigits: abs >= size * 10 ? 0 : 1,
      }).format(ms / size);
    },
  };
}

const Ctx = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);
  const setLocale = useCallback((l: Locale) => {
    globalThis.localStorage?.setItem(STORAGE_KEY, l);
    document.documentElement.lang = l;
    setLocaleState(l);
  }, []);
  const value = useMemo(() => makeI18n(locale, setLocale), [locale, setLocale]);
  if (globalThis.document) document.documentElement.lang = locale;
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useI18n(): I18n {
  const v = useContext(Ctx);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}

export type { MessageKey };
