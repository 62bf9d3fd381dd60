/**
 * Time zones named by people: IANA names (`Asia/Shanghai`), fixed offsets (`+08:00`, `UTC+8`,
 * `GMT-05:30`) and `UTC`. Abbreviations such as `CST` are refused because they mean different
 * places to different readers (ICU reads `CST` as Chicago; a Chinese engineer means Shanghai) and
 * a wrong zone shifts every reading silently by hours.
 */
import { XinzhiError } from './errors.js';

/** Abbreviations in common use with the IANA zones they stand for, most frequent readings first. */
export const AMBIGUOUS_ZONE_ABBREVIATIONS: Readonly<Record<string, readonly string[]>> = {
  CST: ['Asia/Shanghai', 'America/Chicago', 'America/Havana', 'Asia/Taipei'],
  CDT: ['America/Chicago', 'America/Havana'],
  IST: ['Asia/Kolkata', 'Europe/Dublin', 'Asia/Jerusalem'],
  BST: ['Europe/London', 'Asia/Dhaka'],
  EST: ['America/New_York', 'Australia/Sydney'],
  EDT: ['America/New_York'],
  MST: ['America/Denver', 'America/Phoenix', 'Asia/Kuala_Lumpur'],
  MDT: ['America/Denver'],
  PST: ['America/Los_Angeles', 'Asia/Manila'],
  PDT: ['America/Los_Angeles'],
  AST: ['America/Halifax', 'Asia/Riyadh'],
  ADT: ['America/Halifax'],
  GST: ['Asia/Dubai', 'Atlantic/South_Georgia'],
  SST: ['Asia/Singapore', 'Pacific/Pago_Pago'],
  HST: ['Pacific/Honolulu'],
  AEST: ['Australia/Sydney', 'Australia/Brisbane'],
  ACST: ['Australia/Adelaide', 'Australia/Darwin'],
  AWST: ['Australia/Perth'],
  JST: ['Asia/Tokyo'],
  KST: ['Asia/Seoul'],
  HKT: ['Asia/Hong_Kong'],
  SGT: ['Asia/Singapore'],
  CET: ['Europe/Berlin', 'Europe/Paris'],
  CEST: ['Europe/Berlin', 'Europe/Paris'],
  EET: ['Europe/Athens', 'Europe/Helsinki', 'Africa/Cairo'],
  EEST: ['Europe/Athens', 'Europe/Helsinki'],
  WET: ['Europe/Lisbon'],
  MSK: ['Europe/Moscow'],
  PKT: ['Asia/Karachi'],
  WIB: ['Asia/Jakarta'],
  ICT: ['Asia/Bangkok', 'Asia/Ho_Chi_Minh'],
};

const OFFSET = /^(?:UTC|GMT)?\s*([+-])(\d{1,2})(?::?(\d{2}))?$/i;

/** A zone checked once: its canonical name and the offset (ms to add to UTC) at any instant. */
export interface TimeZone {
  /** IANA name (`Asia/Shanghai`), `UTC`, or a fixed offset as `+08:00`. */
  readonly name: string;
  readonly offsetAt: (utcMs: number) => number;
}

const fixed = (name: string, off: number): TimeZone => ({ name, offsetAt: () => off });

/**
 * Checks a zone name. Throws BAD_INPUT (field `field`) for abbreviations, listing the IANA names
 * they may mean, and for unknown names.
 *
 * @example resolveTimeZone('+05:30').offsetAt(0) // 19_800_000
 */
export function resolveTimeZone(input: string, field = 'tz'): TimeZone {
  const s = input.trim();
  if (s === '' || /^(utc|gmt|z|etc\/utc)$/i.test(s)) return fixed('UTC', 0);
  const m = OFFSET.exec(s);
  if (m) {
    const h = Number(m[2]);
    const min = Number(m[3] ?? '0');
    if (h > 14 || min > 59)
      throw new XinzhiError('BAD_INPUT', `time zone offset "${input}" is out of range (−12:00 … +14:00)`, {
        field,
      });
    const sign = m[1] === '-' ? -1 : 1;
    const off = sign * (h * 3_600_000 + min * 60_000);
    if (off === 0) return fixed('UTC', 0);
    return fixed(`${m[1]}${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`, off);
  }
  const abbr = AMBIGUOUS_ZONE_ABBREVIATIONS[s.toUpperCase()];
  if (abbr || /^[A-Z]{2,5}$/.test(s)) {
    const meant = abbr ? `; it may mean ${abbr.join(', ')}` : '';
    throw new XinzhiError(
      'BAD_INPUT',
      `time zone "${input}" is an abbreviation, which names different zones in different places${meant}: give the IANA name (e.g. --tz ${abbr?.[0] ?? 'Asia/Shanghai'}) or a fixed offset like +08:00`,
      { field, context: { candidates: abbr ?? [] } },
    );
  }
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: s,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch (e) {
    throw new XinzhiError(
      'BAD_INPUT',
      `unknown time zone "${input}" (use an IANA name like Asia/Shanghai or Europe/Berlin, or an offset like +08:00)`,
      { field, cause: e },
    );
  }
  const name = s.includes('/') ? s : fmt.resolvedOptions().timeZone;
  return {
    name,
    offsetAt: (utc: number): number => {
      const p: Record<string, number> = {};
      for (const part of fmt.formatToParts(utc))
        if (part.type !== 'literal') p[part.type] = Number(part.value);
      const local = Date.UTC(p['year']!, p['month']! - 1, p['day']!, p['hour']!, p['minute']!, p['second']!);
      return local - (utc - (((utc % 1000) + 1000) % 1000));
    },
  };
}

/** Calendar bucket units: days, ISO weeks (Monday to Sunday) and months, in a zone. */
export type CalendarUnit = 'd' | 'w' | 'mo';

/** `1d`, `1w`, `1mo` (also `day`, `week`, `month`) → the unit; anything else `undefined`. */
export function calendarUnitOf(bucket: string): CalendarUnit | undefined {
  const s = bucket.trim().toLowerCase();
  if (s === '1d' || s === 'day') return 'd';
  if (s === '1w' || s === 'week') return 'w';
  if (s === '1mo' || s === 'month') return 'mo';
  return undefined;
}

/** UTC instant of local midnight `y-m-d` in `zone` (the earlier one if midnight repeats, the first existing instant after a gap). */
function localMidnight(zone: TimeZone, y: number, m: number, d: number): number {
  const naive = Date.UTC(y, m, d);
  // Two rounds settle on the offset valid at the instant (DST changes move it by at most hours).
  let t = naive - zone.offsetAt(naive);
  t = naive - zone.offsetAt(t);
  if (t + zone.offsetAt(t) !== naive) {
    // Midnight falls in a spring gap (e.g. America/Havana): the day starts when the gap ends.
    const off = Math.min(zone.offsetAt(naive - 86_400_000), zone.offsetAt(naive + 86_400_000));
    t = naive - off;
  }
  return t;
}

/** Local calendar date (y, 0-based month, day, ISO weekday 1 = Monday) of an instant in `zone`. */
function localDate(zone: TimeZone, utc: number): { y: number; m: number; d: number; wd: number } {
  const l = new Date(utc + zone.offsetAt(utc));
  return { y: l.getUTCFullYear(), m: l.getUTCMonth(), d: l.getUTCDate(), wd: ((l.getUTCDay() + 6) % 7) + 1 };
}

/** Start of the calendar bucket holding `utc`. */
export function calendarStart(utc: number, unit: CalendarUnit, zone: TimeZone): number {
  const { y, m, d, wd } = localDate(zone, utc);
  if (unit === 'd') return localMidnight(zone, y, m, d);
  if (unit === 'w') return localMidnight(zone, y, m, d - (wd - 1));
  return localMidnight(zone, y, m, 1);
}

/** Start of the calendar bucket after the one starting at `start`. */
export function calendarNext(start: number, unit: CalendarUnit, zone: TimeZone): number {
  // Noon of the start day: safe from DST shifts, which are at most a few hours.
  const { y, m, d } = localDate(zone, start + 12 * 3_600_000);
  if (unit === 'd') return localMidnight(zone, y, m, d + 1);
  if (unit === 'w') return localMidnight(zone, y, m, d + 7);
  return localMidnight(zone, y, m + 1, 1);
}

/**
 * Bucket boundaries covering [from, to): `b[0] ≤ from` is the start of the first bucket, the last
 * boundary is ≥ `to`. Days are 23 or 25 hours long on DST changes.
 */
export function calendarBoundaries(from: number, to: number, unit: CalendarUnit, zone: TimeZone): number[] {
  const out = [calendarStart(from, unit, zone)];
  while (out[out.length - 1]! < to) out.push(calendarNext(out[out.length - 1]!, unit, zone));
  return out;
}

/** ISO 8601 with the zone's offset at that instant: `2024-03-31T00:00:00.000+01:00`. */
export function toIsoInZone(ms: number, zone: TimeZone): string {
  const off = zone.offsetAt(ms);
  if (off === 0) return new Date(ms).toISOString();
  const a = Math.abs(off) / 60_000;
  const sign = off < 0 ? '-' : '+';
  const hh = String(Math.floor(a / 60)).padStart(2, '0');
  const mm = String(a % 60).padStart(2, '0');
  return `${new Date(ms + off).toISOString().slice(0, -1)}${sign}${hh}:${mm}`;
}
