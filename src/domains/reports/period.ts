/**
 * Report periods in the site's time zone: a shift, a day, an ISO week, a month, or a custom range.
 * Day, week and month boundaries come from core's calendar functions (local midnight, DST-safe);
 * shifts are `shiftHours` long starting at `firstShiftHour` local time (default 06:00, 8 h).
 */
import { calendarNext, calendarStart, type TimeZone, XinzhiError } from '../../core/index.js';

export const PERIOD_KINDS = ['shift', 'day', 'week', 'month', 'custom'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export interface ShiftPattern {
  /** Local hour the first shift of a day starts, 0–23. Default 6. */
  readonly firstShiftHour?: number;
  /** Hours per shift; must divide 24. Default 8. */
  readonly shiftHours?: number;
}

const HOUR = 3_600_000;

/**
 * The period of `kind` holding the instant `at` (for `custom`, `from`/`to` are required).
 *
 * @example reportPeriod('day', { at: Date.now() }, shanghai) // local midnight to midnight
 */
export function reportPeriod(
  kind: PeriodKind,
  o: { readonly at?: number; readonly from?: number; readonly to?: number } & ShiftPattern,
  zone: TimeZone,
): { from: number; to: number } {
  if (kind === 'custom') {
    if (o.from === undefined || o.to === undefined)
      throw new XinzhiError('BAD_INPUT', 'a custom period needs from and to', { field: 'from' });
    if (!(o.from < o.to)) throw new XinzhiError('BAD_INPUT', 'from must be before to', { field: 'from' });
    return { from: o.from, to: o.to };
  }
  const at = o.at ?? o.from;
  if (at === undefined)
    throw new XinzhiError('BAD_INPUT', `a ${kind} period needs an instant`, { field: 'at' });
  if (kind === 'day' || kind === 'week' || kind === 'month') {
    const unit = kind === 'day' ? 'd' : kind === 'week' ? 'w' : 'mo';
    const from = calendarStart(at, unit, zone);
    return { from, to: calendarNext(from, unit, zone) };
  }
  const first = o.firstShiftHour ?? 6;
  const len = o.shiftHours ?? 8;
  if (!Number.isInteger(first) || first < 0 || first > 23)
    throw new XinzhiError('BAD_INPUT', 'firstShiftHour must be an hour 0–23', { field: 'firstShiftHour' });
  if (!Number.isInteger(len) || len < 1 || 24 % len !== 0)
    throw new XinzhiError('BAD_INPUT', 'shiftHours must divide 24 (1, 2, 3, 4, 6, 8, 12, 24)', {
      field: 'shiftHours',
    });
  // Shifts are counted from the local midnight of the day before, so an early-morning instant
  // falls in the night shift that began the previous evening.
  const day = calendarStart(at - 24 * HOUR, 'd', zone);
  let start = day + first * HOUR;
  while (start + len * HOUR <= at) start += len * HOUR;
  return { from: start, to: start + len * HOUR };
}
