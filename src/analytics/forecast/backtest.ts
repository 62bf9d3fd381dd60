/**
 * Rolling-origin backtest: for each origin, fit on everything before it, forecast `horizon` steps
 * and compare with what happened. Reports MASE (MAE scaled by the in-sample seasonal-naive MAE,
 * Hyndman & Koehler 2006), the share of actuals inside the prediction interval and its mean width,
 * for the model's own intervals, for each conformal calibration asked for (calibrated at each
 * origin on forecasts from before it only) and for the seasonal-naive baseline (last season
 * repeated; its interval from the in-sample seasonal-naive errors, widened with √(seasons ahead))
 * computed in the same run.
 *
 * Forecasts are cached by origin: calibration origins lie one horizon apart, like the evaluated
 * ones, so a forecast made for one origin's calibration is the evaluated forecast of an earlier
 * origin, and several calibrations cost no extra fits.
 */
import { XinzhiError } from '../../core/index.js';
import {
  type CalibrationOptions,
  calibrateIntervals,
  calibrationDepth,
  calibrationOrigins,
  DEFAULT_CALIBRATION,
  type IntervalCalibration,
  type PastForecast,
} from './conformal.js';
import { MIN_FORECAST_POINTS, minTrain, pastForecasts } from './forecast-series.js';
import { normalQuantile } from './normal-quantile.js';
import { seasonalPeriods } from './seasonal-periods.js';

export interface BacktestOptions {
  readonly horizon: number;
  readonly origins: number;
  readonly level: number;
  readonly stepMs?: number;
  readonly maxTrain?: number;
  /** Calibrations to score side by side. Default `[DEFAULT_CALIBRATION]`. */
  readonly calibrations?: readonly CalibrationOptions[];
}

export interface BacktestMetrics {
  readonly mase: number;
  readonly coverage: number;
  /** Mean interval width, in the series' units. */
  readonly width: number;
  /** Mean interval width over the in-sample seasonal-naive MAE (the MASE scale). */
  readonly relWidth: number;
  /**
   * Mean interval score (Gneiting & Raftery 2007: width + 2/(1 − level) × distance outside the
   * interval) over the same scale; lower is better, least for the true quantiles.
   */
  readonly score: number;
}

export interface CalibratedMetrics extends BacktestMetrics {
  readonly calibration: CalibrationOptions;
  /** Origins at which the past was too short and the model's intervals were kept. */
  readonly fallbacks: number;
  /** Mean miscoverage level the calibrated origins' quantiles were taken at (ACI moves it off 1 − level). */
  readonly alpha: number;
  /** Calibration of the last origin (method, origins, quantile, note). */
  readonly last: IntervalCalibration;
}

export interface BacktestResult {
  /** The model's own (uncalibrated) intervals. */
  readonly model: BacktestMetrics;
  /** One per `calibrations`, in order. */
  readonly calibrated: CalibratedMetrics[];
  readonly seasonalNaive: BacktestMetrics;
  /** Season used by the naive baseline (1 = plain naive). */
  readonly season: number;
  readonly periods: number[];
  readonly origins: number;
}

export function backtest(values: ArrayLike<number>, o: BacktestOptions): BacktestResult {
  const y = Array.from(values as ArrayLike<number>);
  const n = y.length;
  if (!Number.isInteger(o.horizon) || o.horizon < 1 || !Number.isInteger(o.origins) || o.origins < 1)
    throw new XinzhiError('BAD_INPUT', 'horizon and origins must be positive integers', { field: 'horizon' });
  if (y.some((v) => !Number.isFinite(v)))
    throw new XinzhiError(
      'BAD_INPUT',
      'the series has missing or non-finite values; clean or fill them first',
      {
        field: 'values',
      },
    );
  const first = n - o.origins * o.horizon;
  if (first < MIN_FORECAST_POINTS)
    throw new XinzhiError(
      'BAD_INPUT',
      `${o.origins} origins of ${o.horizon} steps need more than ${o.origins * o.horizon + MIN_FORECAST_POINTS - 1} points (got ${n})`,
      { field: 'values' },
    );
  const periods = seasonalPeriods(y.slice(0, first), o.stepMs);
  const season = periods[0] ?? 1;
  const z = normalQuantile(0.5 + o.level / 2);
  const maxTrain = o.maxTrain ?? 4032;
  const cache = new Map<number, PastForecast>();
  const at = (origins: readonly number[]): PastForecast[] => {
    const todo = origins.filter((t) => !cache.has(t));
    for (const f of pastForecasts(y, todo, { horizon: o.horizon, level: o.level, maxTrain, periods }))
      cache.set(f.origin, f);
    return origins.flatMap((t) => cache.get(t) ?? []);
  };
  const calibrations = o.calibrations ?? [DEFAULT_CALIBRATION];
  const acc = () => ({ err: 0, inside: 0, width: 0, rel: 0, score: 0 });
  const model = acc();
  const naive = acc();
  const cal = calibrations.map(() => ({
    ...acc(),
    fallbacks: 0,
    alphaSum: 0,
    alphaCount: 0,
    last: undefined as IntervalCalibration | undefined,
  }));
  let naiveErr = 0;
  let count = 0;
  let scaled = 0;
  for (let k = 0; k < o.origins; k++) {
    const origin = first + k * o.horizon;
    const f = at([origin])[0];
    if (!f)
      throw new XinzhiError('INTERNAL', `forecast model failed at origin ${origin}`, { field: 'values' });
    const train = y.slice(Math.max(0, origin - maxTrain), origin);
    let scale = 0;
    let sq = 0;
    for (let i = season; i < train.length; i++) {
      const d = (train[i] ?? 0) - (train[i - season] ?? 0);
      scale += Math.abs(d);
      sq += d * d;
    }
    const m = Math.max(1, train.length - season);
    scale /= m;
    const sd = Math.sqrt(sq / m);
    const intervals = calibrations.map((c) =>
      calibrateIntervals(
        f.point,
        f,
        at(calibrationOrigins(origin, o.horizon, calibrationDepth(c), minTrain(periods))),
        o.level,
        c,
      ),
    );
    if (scale > 0) scaled++;
    const s = scale > 0 ? scale : 1;
    const score = (a: ReturnType<typeof acc>, actual: number, lo: number, hi: number): void => {
      if (actual >= lo && actual <= hi) a.inside++;
      a.width += hi - lo;
      a.rel += (hi - lo) / s;
      const miss = Math.max(0, lo - actual) + Math.max(0, actual - hi);
      a.score += (hi - lo + (2 / (1 - o.level)) * miss) / s;
    };
    for (let h = 0; h < o.horizon; h++) {
      const actual = y[origin + h] ?? 0;
      const point = f.point[h] ?? 0;
      const nv = train[train.length - season + (h % season)] ?? 0;
      const half = z * sd * Math.sqrt(Math.floor(h / season) + 1);
      model.err += Math.abs(actual - point) / s;
      naiveErr += Math.abs(actual - nv) / s;
      score(model, actual, f.lower[h] ?? Number.NaN, f.upper[h] ?? Number.NaN);
      score(naive, actual, nv - half, nv + half);
      intervals.forEach((c, i) => {
        const a = cal[i];
        if (a) score(a, actual, c.lower[h] ?? Number.NaN, c.upper[h] ?? Number.NaN);
      });
      count++;
    }
    intervals.forEach((c, i) => {
      const a = cal[i];
      if (!a) return;
      if (c.calibration.method === 'model') a.fallbacks++;
      else {
        a.alphaSum += c.calibration.alpha ?? 1 - o.level;
        a.alphaCount++;
      }
      a.last = c.calibration;
    });
  }
  const metrics = (a: ReturnType<typeof acc>, err: number): BacktestMetrics => ({
    mase: err / count,
    coverage: a.inside / count,
    width: a.width / count,
    relWidth: a.rel / count,
    score: a.score / count,
  });
  const modelMetrics = metrics(model, model.err);
  return {
    model: modelMetrics,
    calibrated: cal.map((a, i) => ({
      ...metrics(a, model.err),
      calibration: calibrations[i] ?? DEFAULT_CALIBRATION,
      fallbacks: a.fallbacks,
      alpha: a.alphaCount > 0 ? a.alphaSum / a.alphaCount : Number.NaN,
      last: a.last ?? {
        method: 'model',
        scaling: (calibrations[i] ?? DEFAULT_CALIBRATION).scaling,
        origins: 0,
        residuals: 0,
        quantile: Number.NaN,
      },
    })),
    seasonalNaive: metrics(naive, naiveErr),
    season,
    periods,
    origins: scaled > 0 ? o.origins : 0,
  };
}
