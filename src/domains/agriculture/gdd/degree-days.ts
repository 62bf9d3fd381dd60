/**
 * Daily degree-days from Tmin and Tmax with a lower threshold and an optional upper threshold with
 * horizontal cutoff (development stops increasing above it), by the methods of the UC IPM
 * degree-day guide (Zalom et al. 1983, UC DANR Leaflet 21373) and McMaster & Wilhelm (1997).
 * Any unit works as long as temperatures and thresholds share it (°C or °F).
 */

export type DegreeDayMethod = 'average' | 'average-modified' | 'single-sine' | 'single-triangle';

export const DEGREE_DAY_METHODS: readonly DegreeDayMethod[] = [
  'average',
  'average-modified',
  'single-sine',
  'single-triangle',
];

function check(tMin: number, tMax: number, lower: number, upper: number): void {
  if (![tMin, tMax, lower].every(Number.isFinite) || Number.isNaN(upper))
    throw new RangeError('degree days need finite tMin, tMax and lower threshold');
  if (tMax < tMin) throw new RangeError(`tMax ${tMax} is below tMin ${tMin}`);
  if (upper <= lower) throw new RangeError(`upper threshold ${upper} must exceed lower threshold ${lower}`);
}

/**
 * Simple average, McMaster & Wilhelm method 1: ((min(Tmax, U) + min(Tmin, U))/2 − L), floored at 0.
 * A day whose mean is below the threshold counts 0 even if Tmax is above it.
 */
export function degreeDaysAverage(tMin: number, tMax: number, lower: number, upper = Infinity): number {
  check(tMin, tMax, lower, upper);
  return Math.max(0, (Math.min(tMax, upper) + Math.min(tMin, upper)) / 2 - lower);
}

/**
 * Simple average, McMaster & Wilhelm method 2 (the "modified" growing degree-days of the US corn
 * belt, 86/50 °F): Tmax and Tmin are first held within [L, U], then averaged.
 */
export function degreeDaysAverageModified(
  tMin: number,
  tMax: number,
  lower: number,
  upper = Infinity,
): number {
  check(tMin, tMax, lower, upper);
  const clip = (t: number): number => Math.min(upper, Math.max(lower, t));
  return (clip(tMax) + clip(tMin)) / 2 - lower;
}

/**
 * Single sine (Baskerville & Emin 1969) with horizontal cutoff: the day's temperature is a sine
 * wave between Tmin and Tmax; degree-days are its area between L and U, per day.
 */
export function degreeDaysSingleSine(tMin: number, tMax: number, lower: number, upper = Infinity): number {
  check(tMin, tMax, lower, upper);
  if (tMin >= upper) return upper - lower;
  if (tMax <= lower) return 0;
  const mean = (tMax + tMin) / 2;
  if (tMin >= lower && tMax <= upper) return mean - lower;
  const a = (tMax - tMin) / 2;
  const half = Math.PI / 2;
  if (tMax <= upper) {
    // Crosses the lower threshold only.
    const t1 = Math.asin((lower - mean) / a);
    return ((mean - lower) * (half - t1) + a * Math.cos(t1)) / Math.PI;
  }
  const t2 = Math.asin((upper - mean) / a);
  if (tMin >= lower) {
    // Crosses the upper threshold only.
    return ((mean - lower) * (t2 + half) + (upper - lower) * (half - t2) - a * Math.cos(t2)) / Math.PI;
  }
  // Crosses both thresholds.
  const t1 = Math.asin((lower - mean) / a);
  return (
    ((mean - lower) * (t2 - t1) + a * (Math.cos(t1) - Math.cos(t2)) + (upper - lower) * (half - t2)) / Math.PI
  );
}

/**
 * Single triangle (Lindsey & Newman 1956, as in Zalom et al. 1983) with horizontal cutoff: the day's
 * temperature rises linearly from Tmin to Tmax and back over 24 hours.
 */
export function degreeDaysSingleTriangle(
  tMin: number,
  tMax: number,
  lower: number,
  upper = Infinity,
): number {
  check(tMin, tMax, lower, upper);
  if (tMin >= upper) return upper - lower;
  if (tMax <= lower) return 0;
  const mean = (tMax + tMin) / 2;
  if (tMin >= lower && tMax <= upper) return mean - lower;
  const span = 2 * (tMax - tMin);
  if (tMax <= upper) return (tMax - lower) ** 2 / span;
  if (tMin >= lower) return mean - lower - (tMax - upper) ** 2 / span;
  return ((tMax - lower) ** 2 - (tMax - upper) ** 2) / span;
}

/** Degree-days of one day by the named method. */
export function degreeDays(
  method: DegreeDayMethod,
  tMin: number,
  tMax: number,
  lower: number,
  upper = Infinity,
): number {
  switch (method) {
    case 'average':
      return degreeDaysAverage(tMin, tMax, lower, upper);
    case 'average-modified':
      return degreeDaysAverageModified(tMin, tMax, lower, upper);
    case 'single-sine':
      return degreeDaysSingleSine(tMin, tMax, lower, upper);
    case 'single-triangle':
      return degreeDaysSingleTriangle(tMin, tMax, lower, upper);
  }
}

export interface DailyTemperature {
  readonly date: string;
  readonly tMin: number;
  readonly tMax: number;
}

export interface DegreeDayRow {
  readonly date: string;
  readonly degreeDays: number;
  readonly cumulative: number;
}

/** Daily and cumulative degree-days over a run of days, starting at `from` (a biofix) when given. */
export function accumulateDegreeDays(
  days: readonly DailyTemperature[],
  opts: {
    readonly method: DegreeDayMethod;
    readonly lower: number;
    readonly upper?: number;
    readonly from?: string;
  },
): DegreeDayRow[] {
  let cumulative = 0;
  const out: DegreeDayRow[] = [];
  for (const d of days) {
    if (opts.from !== undefined && d.date < opts.from) continue;
    const dd = degreeDays(opts.method, d.tMin, d.tMax, opts.lower, opts.upper ?? Infinity);
    cumulative += dd;
    out.push({ date: d.date, degreeDays: dd, cumulative });
  }
  return out;
}

/** °F degree-days to °C degree-days (a difference: × 5/9) and thresholds °F → °C. */
export const fahrenheitDegreeDaysToCelsius = (dd: number): number => (dd * 5) / 9;
export const fahrenheitToCelsius = (f: number): number => ((f - 32) * 5) / 9;
