/**
 * Split-conformal calibration of forecast intervals from rolling-origin backtests on the series'
 * own past. augurs' MSTL takes its intervals from the ETS fit of the trend component only, so they
 * leave out seasonal and model error and under-cover (60–94 % for nominal 95 % on the forecast
 * eval). Instead: forecast from a few past origins (only rows before each origin fitted, every
 * target row before the forecast origin), divide each absolute error by a per-step scale, and take
 * the finite-sample conformal quantile, the ⌈(n + 1)·level⌉-th smallest of the n scaled errors;
 * the half-width at step h is that quantile times the scale at h. Hand-written because it is a sort
 * and a few lines, and no forecasting package here offers it.
 *
 * The number of origins and the scaling are the tunables; their defaults are chosen by
 * leave-one-series-out cross-validation in `eval/forecast.eval.ts`, never on the series reported.
 */

/**
 * How an absolute error at step h is scaled before pooling the steps:
 * - `flat`: not at all (one half-width for every step);
 * - `sqrt`: by √(h + 1), the growth of a random walk's error;
 * - `model`: by the model's own half-width at h (a conformal factor on augurs' intervals);
 * - `empirical`: by the mean absolute past error at h, smoothed over neighbouring steps.
 */
export const INTERVAL_SCALINGS = ['flat', 'sqrt', 'model', 'empirical'] as const;
export type IntervalScaling = (typeof INTERVAL_SCALINGS)[number];

export interface CalibrationOptions {
  /** Most past origins to forecast from, one horizon apart (fewer when the series is short). */
  readonly origins: number;
  readonly scaling: IntervalScaling;
}

/** Chosen by leave-one-series-out cross-validation on the forecast eval (docs/anomalies.md). */
export const DEFAULT_CALIBRATION: CalibrationOptions = Object.freeze({ origins: 8, scaling: 'model' });

/**
 * Fewest past origins a calibration stands on: errors within one origin move together, so the
 * effective sample is closer to the number of origins than to origins × steps.
 */
export const MIN_CALIBRATION_ORIGINS = 3;

/** A forecast made at `origin` from the rows before it, with the model's interval and what happened. */
export interface PastForecast {
  readonly origin: number;
  readonly point: ArrayLike<number>;
  readonly lower: ArrayLike<number>;
  readonly upper: ArrayLike<number>;
  readonly actual: ArrayLike<number>;
}

export interface IntervalCalibration {
  /** `conformal` when calibrated; `model` when augurs' own intervals were kept (see `note`). */
  readonly method: 'conformal' | 'model';
  readonly scaling: IntervalScaling;
  /** Past origins used. */
  readonly origins: number;
  /** Scaled absolute errors pooled. */
  readonly residuals: number;
  /** Conformal quantile of the scaled errors; NaN when not calibrated. */
  readonly quantile: number;
  /** Why the model's own intervals were kept, when they were. */
  readonly note?: string;
}

export interface CalibratedIntervals {
  readonly lower: number[];
  readonly upper: number[];
  readonly calibration: IntervalCalibration;
}

/**
 * The ⌈(n + 1)·level⌉-th smallest score, or undefined when that exceeds n (too few scores for a
 * finite interval at this level: n < level / (1 − level), 19 at 95 %).
 */
export function conformalQuantile(scores: ArrayLike<number>, level: number): number | undefined {
  const n = scores.length;
  const k = Math.ceil((n + 1) * level - 1e-9);
  if (n === 0 || k > n) return undefined;
  const s = Float64Array.from(scores as ArrayLike<number>).sort();
  return s[Math.max(1, k) - 1];
}

/**
 * Origins of the past forecasts that calibrate a forecast from row `end`: `end − horizon·j` for
 * j = 1…count, each with at least `minTrain` rows before it. Every row they forecast lies before
 * `end`, so the calibration sees nothing the forecast itself could not.
 */
export function calibrationOrigins(end: number, horizon: number, count: number, minTrain: number): number[] {
  const out: number[] = [];
  for (let j = 1; j <= count; j++) {
    const o = end - horizon * j;
    if (o < minTrain) break;
    out.push(o);
  }
  return out;
}

function halfWidth(lower: ArrayLike<number>, upper: ArrayLike<number>, h: number): number {
  return ((upper[h] ?? Number.NaN) - (lower[h] ?? Number.NaN)) / 2;
}

/** Mean absolute past error per step, smoothed over ±horizon/8 steps, floored away from 0. */
function empiricalProfile(past: readonly PastForecast[], horizon: number): number[] {
  const raw = Array.from({ length: horizon }, (_, h) => {
    let s = 0;
    for (const f of past) s += Math.abs((f.actual[h] ?? 0) - (f.point[h] ?? 0));
    return s / past.length;
  });
  const w = Math.floor(horizon / 8);
  const smooth = raw.map((_, h) => {
    let s = 0;
    let c = 0;
    for (let i = Math.max(0, h - w); i <= Math.min(horizon - 1, h + w); i++) {
      s += raw[i] ?? 0;
      c++;
    }
    return s / c;
  });
  const top = Math.max(0, ...smooth);
  return smooth.map((v) => Math.max(v, top * 1e-3, Number.MIN_VALUE));
}

/**
 * Conformal intervals around `point` from the past forecasts; the model's own `lower`/`upper`
 * are returned unchanged, with the reason, when the past is too short to calibrate.
 */
export function calibrateIntervals(
  point: ArrayLike<number>,
  model: { lower: ArrayLike<number>; upper: ArrayLike<number> },
  past: readonly PastForecast[],
  level: number,
  options: CalibrationOptions = DEFAULT_CALIBRATION,
): CalibratedIntervals {
  const horizon = point.length;
  const keep = (note: string, scaling = options.scaling): CalibratedIntervals => ({
    lower: Array.from(model.lower),
    upper: Array.from(model.upper),
    calibration: { method: 'model', scaling, origins: past.length, residuals: 0, quantile: Number.NaN, note },
  });
  if (past.length < MIN_CALIBRATION_ORIGINS)
    return keep(
      `only ${past.length} past forecast origin(s) fit in the series (${MIN_CALIBRATION_ORIGINS} needed: ` +
        `${MIN_CALIBRATION_ORIGINS} horizons of history after the first fit); the model's own intervals are kept and may under-cover`,
    );
  let scaling = options.scaling;
  if (scaling === 'model') {
    const ok = (l: ArrayLike<number>, u: ArrayLike<number>): boolean => {
      for (let h = 0; h < horizon; h++) {
        const w = halfWidth(l, u, h);
        if (!(Number.isFinite(w) && w > 0)) return false;
      }
      return true;
    };
    // A model without usable intervals at some step cannot scale them: the error growth of a random walk stands in.
    if (!ok(model.lower, model.upper) || past.some((f) => !ok(f.lower, f.upper))) scaling = 'sqrt';
  }
  const profile = scaling === 'empirical' ? empiricalProfile(past, horizon) : [];
  const scale = (lower: ArrayLike<number>, upper: ArrayLike<number>, h: number): number =>
    scaling === 'flat'
      ? 1
      : scaling === 'sqrt'
        ? Math.sqrt(h + 1)
        : scaling === 'model'
          ? halfWidth(lower, upper, h)
          : (profile[h] ?? 1);
  const scores: number[] = [];
  for (const f of past)
    for (let h = 0; h < horizon; h++) {
      const e = Math.abs((f.actual[h] ?? Number.NaN) - (f.point[h] ?? Number.NaN));
      if (Number.isFinite(e)) scores.push(e / scale(f.lower, f.upper, h));
    }
  const q = conformalQuantile(scores, level);
  if (q === undefined)
    return keep(
      `${scores.length} past errors are too few for a finite ${level * 100} % conformal quantile; the model's own intervals are kept`,
      scaling,
    );
  const lower: number[] = [];
  const upper: number[] = [];
  for (let h = 0; h < horizon; h++) {
    const p = point[h] ?? Number.NaN;
    const w = q * scale(model.lower, model.upper, h);
    lower.push(p - w);
    upper.push(p + w);
  }
  return {
    lower,
    upper,
    calibration: {
      method: 'conformal',
      scaling,
      origins: past.length,
      residuals: scores.length,
      quantile: q,
    },
  };
}
