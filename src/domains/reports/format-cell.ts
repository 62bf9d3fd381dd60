/**
 * How a typed cell reads in a language and zone (PDF, preview) and what it is as data (CSV, XLSX):
 * ratios as percentages, durations in hours, times as local wall-clock in the site's zone.
 */
import { type TimeZone, toIsoInZone } from '../../core/index.js';
import { type Cell, type Column, isText, type Lang, type Text } from './report-doc.js';

const HOUR = 3_600_000;

/** The unit a column's header shows (ratio → %, duration → h). */
export function headerUnit(c: Column): string | undefined {
  if (c.kind === 'ratio') return '%';
  if (c.kind === 'duration') return 'h';
  return c.unit;
}

/** `Label (unit)` in a language. */
export function headerText(c: Column, lang: Lang): string {
  const u = headerUnit(c);
  return u ? `${c.label[lang]} (${u})` : c.label[lang];
}

/** `2024-05-01 08:00` in the zone. */
export function localTime(ms: number, zone: TimeZone): string {
  return toIsoInZone(ms, zone).slice(0, 16).replace('T', ' ');
}

/** Drops binary noise from × 100 (0.9123 × 100 = 91.22999…). */
const clean = (x: number): number => Number(x.toPrecision(12));

/** A cell as data: numbers stay numbers (ratio in %, duration in h), times local ISO text, words in `lang`. */
export function cellValue(v: Cell, c: Column, lang: Lang, zone: TimeZone): string | number | null {
  if (v === null) return null;
  if (isText(v)) return v[lang];
  if (typeof v === 'string') return v;
  switch (c.kind) {
    case 'ratio':
      return clean(v * 100);
    case 'duration':
      return clean(v / HOUR);
    case 'time':
      return localTime(v, zone);
    default:
      return v;
  }
}

/** A cell as people read it in the PDF. */
export function cellText(v: Cell, c: Column, lang: Lang, zone: TimeZone): string {
  if (v === null) return '—';
  if (isText(v)) return v[lang];
  if (typeof v === 'string') return v;
  switch (c.kind) {
    case 'integer':
      return String(Math.round(v));
    case 'ratio':
      return (v * 100).toFixed(c.decimals ?? 1);
    case 'duration':
      return (v / HOUR).toFixed(c.decimals ?? 2);
    case 'time':
      return localTime(v, zone);
    case 'number':
      if (c.decimals !== undefined) return v.toFixed(c.decimals);
      return Number.isInteger(v) ? String(v) : v.toFixed(2);
    default:
      return String(v);
  }
}

export const t = (x: Text, lang: Lang): string => x[lang];
