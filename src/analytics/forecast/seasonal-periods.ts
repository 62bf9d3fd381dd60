/**
 * Seasonal periods of a series, in rows: augurs' periodogram detection plus the calendar periods
 * of the sampling step (a day, a week) when the series' autocorrelation at that lag is strong.
 * A detected period within 10 % of a calendar one is snapped to it: the periodogram's resolution
 * often lands one row off a daily cycle (23 instead of 24 hourly rows), and plant and demand data
 * follow the clock. Both run on the series minus its least-squares line, so a trend does not mask
 * the cycle.
 */
import { loadAugurs } from './augurs.js';

const DAY_MS = 86_400_000;
/** Autocorrelation above which a calendar period counts as present. */
const MIN_ACF = 0.4;
const MAX_PERIODS = 2;

function detrend(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i] ?? 0;
    sx += i;
    sy += v;
    sxx += i * i;
    sxy += i * v;
  }
  const slope = (n * sxy - sx * sy) / Math.max(1e-12, n * sxx - sx * sx);
  const icept = (sy - slope * sx) / n;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = (values[i] ?? 0) - icept - slope * i;
  return out;
}

function acf(y: Float64Array, lag: number): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < y.length; i++) {
    const v = y[i] ?? 0;
    den += v * v;
    if (i >= lag) num += v * (y[i - lag] ?? 0);
  }
  // Scaled by n/(n − lag) so long lags are not penalised for having fewer pairs.
  return den > 0 ? (num / den) * (y.length / (y.length - lag)) : 0;
}

export function seasonalPeriods(values: ArrayLike<number>, stepMs?: number): number[] {
  const n = values.length;
  if (n < 12) return [];
  const y = detrend(values);
  const calendar =
    stepMs !== undefined && stepMs > 0
      ? [DAY_MS / stepMs, (7 * DAY_MS) / stepMs].filter((p) => Number.isInteger(p) && p >= 2 && 2 * p <= n)
      : [];
  const out = new Set<number>(calendar.filter((p) => acf(y, p) >= MIN_ACF));
  const maxPeriod = Math.max(4, Math.min(Math.floor(n / 3), 2016));
  let detected: number[] = [];
  try {
    detected = [...loadAugurs().seasons.seasonalities(y, { minPeriod: 4, maxPeriod, threshold: undefined })];
  } catch {
    detected = [];
  }
  for (const p of detected) {
    const snap = calendar.find((c) => Math.abs(p - c) <= 0.1 * c);
    const q = Math.round(snap ?? p);
    if (acf(y, q) >= MIN_ACF) out.add(q);
  }
  // MSTL needs two full cycles of each period. Calendar periods first, then shortest first: a period within 15 % of a kept one,
  // or a multiple of a kept one that adds nothing (a week over a daily-only cycle), is dropped.
  const isCal = (p: number): number => (calendar.includes(p) ? 0 : 1);
  const ascending = [...out].filter((p) => p >= 2 && 2 * p <= n).sort((a, b) => isCal(a) - isCal(b) || a - b);
  const kept: number[] = [];
  for (const p of ascending) {
    const redundant = kept.some(
      (k) => Math.abs(p - k) <= 0.15 * p || (p > k && p % k === 0 && acf(y, p) < acf(y, k) + 0.02),
    );
    if (!redundant) kept.push(p);
  }
  return kept
    .sort((a, b) => acf(y, b) - acf(y, a))
    .slice(0, MAX_PERIODS)
    .sort((a, b) => a - b);
}
