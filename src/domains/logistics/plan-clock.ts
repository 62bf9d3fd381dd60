/**
 * The wall clock of a delivery day: order windows and shifts are written as local times
 * (`09:30`, `2026-12-05 09:30`) in the depot's zone, plans print local `HH:MM`, and everything in
 * between is UTC milliseconds like the rest of xinzhi.
 */
import { resolveTimeZone, type TimeZone, XinzhiError } from '../../core/index.js';
import { naiveToUtcIn } from '../../ingest/index.js';

export interface PlanClock {
  /** The plan day, `YYYY-MM-DD`. */
  readonly date: string;
  readonly zone: TimeZone;
  /** Local minutes after midnight of the plan day → UTC ms (24:00 and later run into the next day). */
  atMinutes(min: number): number;
  /** `YYYY-MM-DD[T ]HH:MM[:SS]` local, or with `Z`/an offset → UTC ms; undefined when not a date-time. */
  dateTime(s: string): number | undefined;
  /** UTC ms → local `HH:MM`, with `+1d` when on a later day than the plan day. */
  hhmm(utc: number): string;
}

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** Throws BAD_INPUT (field `--tz` / `--date`) for an unknown zone or a malformed date. */
export function createPlanClock(date: string, zoneName: string): PlanClock {
  const zone = resolveTimeZone(zoneName, '--tz');
  const toUtc = naiveToUtcIn(zone.name);
  const midnight = Date.parse(`${date}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !Number.isFinite(midnight))
    throw new XinzhiError('BAD_INPUT', `'${date}' is not a date (YYYY-MM-DD)`, { field: '--date' });
  return {
    date,
    zone,
    atMinutes: (min) => toUtc(midnight + min * 60_000),
    dateTime(s) {
      const m = DATE_TIME.exec(s.trim());
      if (!m) return undefined;
      const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]!.padStart(2, '0')}:${m[5]}:${(m[6] ?? '00').padStart(2, '0')}`;
      const naive = Date.parse(`${iso}Z`);
      if (!Number.isFinite(naive)) return undefined;
      if (!m[7]) return toUtc(naive);
      const t = Date.parse(`${iso}${m[7].toUpperCase() === 'Z' ? 'Z' : m[7]}`);
      return Number.isFinite(t) ? t : undefined;
    },
    hhmm(utc) {
      const local = utc + zone.offsetAt(utc);
      const days = Math.floor((local - midnight) / 86_400_000);
      const text = new Date(local).toISOString().slice(11, 16);
      return days === 0 ? text : `${text}${days > 0 ? '+' : ''}${days}d`;
    },
  };
}

/** Today's date in a zone (`YYYY-MM-DD`). */
export function todayIn(zoneName: string, now = Date.now()): string {
  const zone = resolveTimeZone(zoneName, '--tz');
  return new Date(now + zone.offsetAt(now)).toISOString().slice(0, 10);
}
