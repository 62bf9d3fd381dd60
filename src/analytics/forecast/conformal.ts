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
 * Adaptive conformal inference (Gibbs & Candès 2021, "ACI") on top: split conformal is exact only
 * when the past errors are exchangeable with the coming ones, and a shift (a failing plant, a
 * noisier regime) breaks that. ACI replays the past origins in time order, each calibrated on
 * the origins before it at level 1 − α_j, and moves the miscoverage level by what happened:
 * α_{j+1} = α_j + γ·(α − err_j), err_j the share of origin j's steps outside its interval. The
 * update is per origin, not per step as in the paper, because errors within one origin move
 * together (origins are the effective sample, as for the calibration itself), and a per-step γ
 * would make the step grow with the horizon (×288 for a day of 5-minute rows). Origin j's steps
 * are all observed before origin j + 1, so the update is causal. After misses the level
 * rises and the interval widens; after over-coverage it narrows. The state is rebuilt from a
 * fixed window of `replay` past origins on every call, so the API stays stateless and memory
 * fixed; Gibbs & Candès' bound then reads |mean err over the T replayed origins − α| ≤ (max(α₁, 1 − α₁) + γ)/(γ·T).
 * When α_j falls below what the scores can resolve (the paper's infinite interval) the largest
 * score is used: a finite cap, stated here because it slightly weakens the bound.
 *
 * The scaling is `model` a priori (the normalised score of Lei et al. 2018: the model knows
 * where it is uncertain, conformal fixes by how much). The number of origins and γ are chosen by
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
  /** ACI step γ per past origin; 0 or absent is plain split conformal. */
  readonly gamma?: number;
  /** Past origins ACI replays to reach its current α (default `origins`); unused when γ = 0. */
  readonly replay?: number;
}

/** ACI's step per origin, chosen with the origins by cross-validation (docs/anomalies.md). */
export const ACI_GAMMA = 0.2;

/** Origins chosen by leave-one-series-out cross-validation on the forecast eval (docs/anomalies.md). */
export const DEFAULT_CALIBRATION: CalibrationOptions = Object.freeze({
  origins: 8,
  scaling: 'model',
  gamma: ACI_GAMMA,
});

/** Past forecasts a calibration asks for: its window, plus the ACI replay when adaptive. */
export function calibrationDepth(o: CalibrationOptions): number {
  return o.origins + ((o.gamma ?? 0) > 0 ? (o.replay ?? o.origins) : 0);
}

/** Malformed options are a message, or undefined when they are fine. */
export function checkCalibration(o: CalibrationOptions): string | undefined {
  if (!(Number.isInteger(o.origins) && o.origins >= 1 && INTERVAL_SCALINGS.includes(o.scaling)))
    return `calibration needs a positive integer number of origins and a scaling among ${INTERVAL_SCALINGS.join(', ')}`;
  if (o.gamma !== undefined && !(Number.isFinite(o.gamma) && o.gamma >= 0 && o.gamma <= 1))
    return 'calibration gamma (the ACI step) must be between 0 and 1';
  if (o.replay !== undefined && !(Number.isInteger(o.replay) && o.replay >= 0))
    return 'calibration replay must be a non-negative integer number of origins';
  return undefined;
}

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
  /**
   * `conformal` when split-conformal calibrated; `adaptive-conformal` when ACI replayed at least
   * one past origin; `model` when augurs' own intervals were kept (see `note`).
   */
  readonly method: 'conformal' | 'adaptive-conformal' | 'model';
  readonly scaling: IntervalScaling;
  /** Past origins used. */
  readonly origins: number;
  /** Scaled absolute errors pooled. */
  readonly residuals: number;
  /** Conformal quantile of the scaled errors; NaN when not calibrated. */
  readonly quantile: number;
  /** ACI step γ (0: plain split conformal). */
  readonly gamma?: number;
  /** Miscoverage level the quantile was taken at (1 − level unless ACI moved it). */
  readonly alpha?: number;
  /** Past origins ACI replayed to reach `alpha`. */
  readonly replayed?: number;
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

/** Scale of the error at step h of a forecast with model interval lower/upper. */
type Scale = (lower: ArrayLike<number>, upper: ArrayLike<number>, h: number) => number;

function scaler(scaling: IntervalScaling, window: readonly PastForecast[], horizon: number): Scale {
  const profile = scaling === 'empirical' ? empiricalProfile(window, horizon) : [];
  return (lower, upper, h) =>
    scaling === 'flat'
      ? 1
      : scaling === 'sqrt'
        ? Math.sqrt(h + 1)
        : scaling === 'model'
          ? halfWidth(lower, upper, h)
          : (profile[h] ?? 1);
}

function scaledErrors(window: readonly PastForecast[], horizon: number, scale: Scale): number[] {
  const scores: number[] = [];
  for (const f of window)
    for (let h = 0; h < horizon; h++) {
      const e = Math.abs((f.actual[h] ?? Number.NaN) - (f.point[h] ?? Number.NaN));
      if (Number.isFinite(e)) scores.push(e / scale(f.lower, f.upper, h));
    }
  return scores;
}

/** The quantile at miscoverage α, capped at the largest score when α is below what n resolves. */
function quantileAt(scores: number[], alpha: number): number {
  const q = conformalQuantile(scores, Math.min(1, Math.max(0, 1 - alpha)));
  return q ?? Math.max(...scores);
}

/**
 * ACI's α after replaying `targets` in time order, each calibrated on the `window` forecasts just
 * before it. Returns the starting α when there is nothing to replay.
 */
function replayAlpha(
  sorted: readonly PastForecast[],
  window: number,
  horizon: number,
  scaling: IntervalScaling,
  level: number,
  gamma: number,
): { alpha: number; replayed: number } {
  const target = 1 - level;
  let alpha = target;
  let replayed = 0;
  for (let j = window; j < sorted.length; j++) {
    const f = sorted[j];
    if (!f) continue;
    const cal = sorted.slice(j - window, j);
    const scale = scaler(scaling, cal, horizon);
    const scores = scaledErrors(cal, horizon, scale);
    if (scores.length === 0) continue;
    const q = quantileAt(scores, alpha);
    let miss = 0;
    let seen = 0;
    for (let h = 0; h < horizon; h++) {
      const a = f.actual[h] ?? Number.NaN;
      const p = f.point[h] ?? Number.NaN;
      if (!Number.isFinite(a - p)) continue;
      seen++;
      if (Math.abs(a - p) > q * scale(f.lower, f.upper, h)) miss++;
    }
    if (seen === 0) continue;
    alpha += gamma * (target - miss / seen);
    replayed++;
  }
  return { alpha, replayed };
}

/**
 * Conformal intervals around `point` from the past forecasts (any order; the newest `origins`
 * calibrate, older ones feed ACI's replay when γ > 0); the model's own `lower`/`upper` are
 * returned unchanged, with the reason, when the past is too short to calibrate.
 */
export function calibrateIntervals(
  point: ArrayLike<number>,
  model: { lower: ArrayLike<number>; upper: ArrayLike<number> },
  past: readonly PastForecast[],
  level: number,
  options: CalibrationOptions = DEFAULT_CALIBRATION,
): CalibratedIntervals {
  const horizon = point.length;
  const gamma = options.gamma ?? 0;
  const sorted = [...past].sort((a, b) => a.origin - b.origin);
  const window = sorted.slice(-options.origins);
  const keep = (note: string, scaling = options.scaling): CalibratedIntervals => ({
    lower: Array.from(model.lower),
    upper: Array.from(model.upper),
    calibration: {
      method: 'model',
      scaling,
      origins: window.length,
      residuals: 0,
      quantile: Number.NaN,
      note,
    },
  });
  if (window.length < MIN_CALIBRATION_ORIGINS)
    return keep(
      `only ${window.length} past forecast origin(s) fit in the series (${MIN_CALIBRATION_ORIGINS} needed: ` +
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
    if (!ok(model.lower, model.upper) || sorted.some((f) => !ok(f.lower, f.upper))) scaling = 'sqrt';
  }
  const scale = scaler(scaling, window, horizon);
  const scores = scaledErrors(window, horizon, scale);
  if (conformalQuantile(scores, level) === undefined)
    return keep(
      `${scores.length} past errors are too few for a finite ${level * 100} % conformal quantile; the model's own intervals are kept`,
      scaling,
    );
  const aci =
    gamma > 0
      ? replayAlpha(sorted, options.origins, horizon, scaling, level, gamma)
      : { alpha: 1 - level, replayed: 0 };
  const q = quantileAt(scores, aci.alpha);
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
      method: aci.replayed > 0 ? 'adaptive-conformal' : 'conformal',
      scaling,
      origins: window.length,
      residuals: scores.length,
      quantile: q,
      gamma,
      alpha: aci.alpha,
      replayed: aci.replayed,
    },
  };
}
