/**
 * The demo sites' local time and the factory's shift calendar. All three sites sit around
 * Suzhou, China, on China Standard Time (UTC+8, no daylight saving), so local time is a fixed
 * offset and needs no time-zone database.
 */

export const TZ_OFFSET_MS = 8 * 3_600_000;
export const HOUR = 3_600_000;
export const MINUTE = 60_000;
export const DAY = 86_400_000;

/** Local hour of day as a fraction, 0 ≤ h < 24. */
export function localHour(ts: number): number {
  const ms = (((ts + TZ_OFFSET_MS) % DAY) + DAY) % DAY;
  return ms / HOUR;
}

/** Local calendar day number (days since 1970-01-01 local). */
export function localDay(ts: number): number {
  return Math.floor((ts + TZ_OFFSET_MS) / DAY);
}

/** Day of year 1…366 of the local date, for the sun's declination and the season. */
export function dayOfYear(ts: number): number {
  const d = new Date(ts + TZ_OFFSET_MS);
  const jan1 = Date.UTC(d.getUTCFullYear(), 0, 1);
  return Math.floor((d.getTime() - jan1) / DAY) + 1;
}

/** UTC ms of local midnight of the local day containing `ts`. */
export function localMidnight(ts: number): number {
  return localDay(ts) * DAY - TZ_OFFSET_MS;
}

/**
 * T0 of the fault script: the first 06:00 local (start of the early shift) at or after `start`.
 */
export function productionDayAnchor(start: number): number {
  const six = localMidnight(start) + 6 * HOUR;
  return six >= start ? six : six + DAY;
}

/** What the shift plan says about a moment. */
export type PlanSlot = 'shift' | 'break' | 'off';

/**
 * Two shifts, 06:00–14:00 and 14:00–22:00 local, every day; nights are not scheduled.
 * Planned breaks: 10:00–10:30 (early-shift meal), 14:00–14:15 (handover), 18:00–18:30
 * (late-shift meal).
 */
export const SHIFT_PLAN = {
  shifts: [
    { name: 'early', from: 6, to: 14 },
    { name: 'late', from: 14, to: 22 },
  ],
  breaks: [
    { name: 'early meal', from: 10, to: 10.5 },
    { name: 'handover', from: 14, to: 14.25 },
    { name: 'late meal', from: 18, to: 18.5 },
  ],
} as const;

export function planSlot(ts: number): PlanSlot {
  const h = localHour(ts);
  if (h < 6 || h >= 22) return 'off';
  for (const b of SHIFT_PLAN.breaks) if (h >= b.from && h < b.to) return 'break';
  return 'shift';
}

/** Start (UTC ms) of the shift containing `ts`, or undefined outside shifts. */
export function shiftStart(ts: number): number | undefined {
  const h = localHour(ts);
  const mid = localMidnight(ts);
  for (const s of SHIFT_PLAN.shifts) if (h >= s.from && h < s.to) return mid + s.from * HOUR;
  return undefined;
}
