import { XinzhiError } from '../../../core/index.js';

/** Day of the year J (1 January = 1) of an ISO date `YYYY-MM-DD` (the paper's Table 2.5 in Annex 2). */
export function dayOfYear(isoDate: string, field = 'date'): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate.trim());
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : Number.NaN;
  if (
    !m ||
    !Number.isFinite(ms) ||
    new Date(ms).getUTCDate() !== Number(m[3]) ||
    new Date(ms).getUTCMonth() !== Number(m[2]) - 1
  )
    throw new XinzhiError('BAD_INPUT', `'${isoDate}' is not a date (expected YYYY-MM-DD)`, { field });
  return Math.round((ms - Date.UTC(Number(m[1]), 0, 1)) / 86_400_000) + 1;
}

/**
 * Day of the year at the middle of month M (1–12) as the paper computes it for monthly data:
 * J = INTEGER(30.4 M − 15) (Chapter 3, "Day of the year"). Example 17 uses J = 105 for 15 April.
 */
export function midMonthDayOfYear(month: number): number {
  return Math.trunc(30.4 * month - 15);
}
