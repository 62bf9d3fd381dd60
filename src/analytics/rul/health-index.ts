import type { RulEstimate, RulEstimator } from './live.js';

/**
 * A health-index degradation model for machines without run-to-failure history (the usual case
 * in a small plant): each monitored feature becomes a degradation d (0 at its healthy baseline,
 * 1 at its failure level), the health index HI is their weighted mean, and the remaining life is
 * when an exponential trend fitted to the recent HI reaches 1 — the exponential degradation
 * model of condition monitoring (Gebraeel et al. 2005), fitted by least squares on ln HI. The band
 * comes from the slope's standard error (a t-like z multiple): a flatter slope gives a later
 * failure (high), a steeper one an earlier failure (low).
 *
 * Features:
 *  - `ratio`: d = (x / baseline − 1) / (failureLevel − 1), e.g. vibration RMS, failing at 8× its
 *    healthy level (a 1.2 mm/s bearing reaching ISO 10816 zone D).
 *  - `excess`: d = (x − baseline) / failureLevel, e.g. bearing temperature 40 K above healthy.
 * The baseline is the median of the first `baselineSamples` samples (a healthy period).
 */
export interface HealthFeature {
  readonly name: string;
  readonly kind: 'ratio' | 'excess';
  readonly failureLevel: number;
  /** Default 1. */
  readonly weight?: number | undefined;
  /** Known healthy level; learned from the first samples when omitted. */
  readonly baseline?: number | undefined;
}

export interface HealthIndexOptions {
  readonly features: readonly HealthFeature[];
  /** Samples that define the healthy baseline. Default 30. */
  readonly baselineSamples?: number;
  /** Time span of the recent HI used for the trend fit. Default 90 min. */
  readonly fitWindowMs?: number;
  /** Fit points needed before estimating. Default 10. */
  readonly minFitPoints?: number;
  /** Below this HI the machine is taken as healthy: no trend, RUL unbounded. Default 0.08. */
  readonly onsetHi?: number;
  /** Band multiple of the slope's standard error. Default 1.645 (90 %, two-sided). */
  readonly z?: number;
}

export const DEMO_BEARING_FEATURES: readonly HealthFeature[] = [
  { name: 'vibration', kind: 'ratio', failureLevel: 8 },
  { name: 'bearing_temp', kind: 'excess', failureLevel: 40 },
];

/** Not degrading (or too few points to tell): no failure in sight, no upper bound. */
const noTrend = (healthIndex: number): RulEstimate => ({
  rul: Number.POSITIVE_INFINITY,
  low: Number.POSITIVE_INFINITY,
  high: null,
  unit: 'ms',
  healthIndex,
});

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export interface HealthIndexEstimator extends RulEstimator {
  /** Healthy levels learned so far (feature → baseline). */
  baselines(): Record<string, number>;
  /** Forget the history (after a repair); baselines are kept unless `relearn`. */
  reset(relearn?: boolean): void;
}

export function healthIndexEstimator(options: HealthIndexOptions): HealthIndexEstimator {
  const nBase = options.baselineSamples ?? 30;
  const window = options.fitWindowMs ?? 90 * 60_000;
  const minPts = options.minFitPoints ?? 10;
  const onset = options.onsetHi ?? 0.08;
  const z = options.z ?? 1.645;
  const learning = new Map<string, number[]>();
  const base = new Map<string, number>();
  for (const f of options.features) if (f.baseline !== undefined) base.set(f.name, f.baseline);
  let hist: Array<{ ts: number; hi: number }> = [];

  const degradation = (f: HealthFeature, x: number, b: number): number =>
    f.kind === 'ratio' ? (x / b - 1) / (f.failureLevel - 1) : (x - b) / f.failureLevel;

  return {
    features: options.features.map((f) => f.name),
    baselines: () => Object.fromEntries(base),
    reset(relearn = false) {
      hist = [];
      if (relearn) {
        base.clear();
        learning.clear();
        for (const f of options.features) if (f.baseline !== undefined) base.set(f.name, f.baseline);
      }
    },
    update(ts, values): RulEstimate | null {
      let wsum = 0;
      let hsum = 0;
      for (const f of options.features) {
        const x = values[f.name];
        if (x === undefined || !Number.isFinite(x)) continue;
        const b = base.get(f.name);
        if (b === undefined) {
          const l = learning.get(f.name) ?? [];
          l.push(x);
          learning.set(f.name, l);
          if (l.length >= nBase) base.set(f.name, median(l));
          continue;
        }
        const w = f.weight ?? 1;
        wsum += w;
        hsum += w * degradation(f, x, b);
      }
      if (wsum === 0) return null;
      const hi = hsum / wsum;
      hist.push({ ts, hi });
      while (hist.length > 0 && hist[0]!.ts < ts - window) hist.shift();
      if (hi >= 1) return { rul: 0, low: 0, high: 0, unit: 'ms', healthIndex: hi };
      const pts = hist.filter((h) => h.hi > onset);
      if (hi <= onset || pts.length < minPts) return noTrend(hi);
      // Least squares of ln HI on time (hours, centred for conditioning).
      const t0 = ts;
      const xs = pts.map((p) => (p.ts - t0) / 3_600_000);
      const ys = pts.map((p) => Math.log(p.hi));
      const n = xs.length;
      const mx = xs.reduce((a, b) => a + b, 0) / n;
      const my = ys.reduce((a, b) => a + b, 0) / n;
      let sxx = 0;
      let sxy = 0;
      for (let i = 0; i < n; i++) {
        sxx += (xs[i]! - mx) ** 2;
        sxy += (xs[i]! - mx) * (ys[i]! - my);
      }
      const slope = sxx > 0 ? sxy / sxx : 0;
      const icpt = my - slope * mx;
      let sse = 0;
      for (let i = 0; i < n; i++) sse += (ys[i]! - icpt - slope * xs[i]!) ** 2;
      const se = n > 2 && sxx > 0 ? Math.sqrt(sse / (n - 2) / sxx) : Number.POSITIVE_INFINITY;
      // Fitted ln HI now is icpt (t = 0); failure when ln HI = 0.
      const lnNow = Math.min(icpt, -1e-6);
      const hoursAt = (b: number): number => (b > 0 ? -lnNow / b : Number.POSITIVE_INFINITY);
      const rulH = hoursAt(slope);
      if (!Number.isFinite(rulH)) return noTrend(hi);
      const lowH = hoursAt(slope + z * se);
      const highH = hoursAt(slope - z * se);
      return {
        rul: rulH * 3_600_000,
        low: Math.min(rulH, lowH) * 3_600_000,
        high: Number.isFinite(highH) ? Math.max(rulH, highH) * 3_600_000 : null,
        unit: 'ms',
        healthIndex: hi,
      };
    },
  };
}
