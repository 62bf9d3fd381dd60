/**
 * Point forecasts with prediction intervals for one series: MSTL (seasonal-trend decomposition
 * with several periods) with an AutoETS trend when the series is seasonal, plain AutoETS when not;
 * both from `@bsull/augurs` (Grafana's Rust time-series library compiled to WebAssembly). The
 * intervals are conformally calibrated on forecasts from the series' own past (`conformal.ts`).
 */
import { XinzhiError } from '../../core/index.js';
import { loadAugurs } from './augurs.js';
import {
  type CalibrationOptions,
  calibrateIntervals,
  calibrationDepth,
  calibrationOrigins,
  checkCalibration,
  DEFAULT_CALIBRATION,
  type IntervalCalibration,
  type PastForecast,
} from './conformal.js';
import { DEFAULT_FORECAST_OPTIONS, type ForecastOptions } from './options.js';
import { seasonalPeriods } from './seasonal-periods.js';

export interface SeriesForecast {
  readonly point: number[];
  readonly lower: number[];
  readonly upper: number[];
  readonly level: number;
  readonly periods: number[];
  readonly model: 'mstl-ets' | 'auto-ets';
  /** How `lower`/`upper` were made: conformal, or the model's own (with the reason). */
  readonly calibration: IntervalCalibration;
}

type RawForecast = Omit<SeriesForecast, 'calibration'>;

/**
 * Fewest points a forecast is fitted on: AutoETS (augurs) refuses fewer than 7 ("not enough data"),
 * so shorter inputs are bad input, not a model failure.
 */
export const MIN_FORECAST_POINTS = 7;

/**
 * @example const f = forecastSeries(values, { horizon: 48, level: 0.9 });
 */
export function forecastSeries(
  values: ArrayLike<number>,
  options: Partial<ForecastOptions> = {},
): SeriesForecast {
  const o = { ...DEFAULT_FORECAST_OPTIONS, ...options };
  if (!Number.isInteger(o.horizon) || o.horizon < 1)
    throw new XinzhiError('BAD_INPUT', 'horizon must be a positive integer', { field: 'horizon' });
  if (!(o.level > 0 && o.level < 1))
    throw new XinzhiError('BAD_INPUT', 'level must be between 0 and 1 (e.g. 0.95)', { field: 'level' });
  const cal: CalibrationOptions | false = o.calibration ?? DEFAULT_CALIBRATION;
  const bad = cal === false ? undefined : checkCalibration(cal);
  if (bad) throw new XinzhiError('BAD_INPUT', bad, { field: 'calibration' });
  const all = Array.from(values as ArrayLike<number>);
  if (all.some((v) => !Number.isFinite(v)))
    throw new XinzhiError(
      'BAD_INPUT',
      'the series has missing or non-finite values; clean or fill them first',
      {
        field: 'values',
      },
    );
  const y = Float64Array.from(all.slice(Math.max(0, all.length - o.maxTrain)));
  if (y.length < MIN_FORECAST_POINTS)
    throw new XinzhiError(
      'BAD_INPUT',
      `at least ${MIN_FORECAST_POINTS} points are needed to forecast (got ${y.length})`,
      {
        field: 'values',
      },
    );
  const periods = (o.periods ? [...o.periods] : seasonalPeriods(y, o.stepMs)).filter(
    (p) => 2 * p <= y.length,
  );
  const raw = fitRaw(y, periods, o.horizon, o.level);
  if (cal === false)
    return {
      ...raw,
      calibration: {
        method: 'model',
        scaling: 'model',
        origins: 0,
        residuals: 0,
        quantile: Number.NaN,
        note: 'calibration off',
      },
    };
  const past = pastForecasts(
    all,
    calibrationOrigins(all.length, o.horizon, calibrationDepth(cal), minTrain(periods)),
    {
      ...o,
      periods,
    },
  );
  const c = calibrateIntervals(raw.point, raw, past, o.level, cal);
  return { ...raw, lower: c.lower, upper: c.upper, calibration: c.calibration };
}

/**
 * Rows a calibration fit needs before its origin: two cycles of the shortest period (so the
 * past fits are seasonal too), and never fewer than the model's minimum.
 */
export function minTrain(periods: readonly number[]): number {
  return Math.max(MIN_FORECAST_POINTS, periods.length > 0 ? 2 * Math.min(...periods) : 0);
}

/**
 * Uncalibrated forecasts from each origin, fitted on at most `maxTrain` rows before it, with the
 * actual rows after it. An origin whose fit fails is left out.
 */
export function pastForecasts(
  values: ArrayLike<number>,
  origins: readonly number[],
  o: { horizon: number; level: number; maxTrain?: number; periods: readonly number[] },
): PastForecast[] {
  const out: PastForecast[] = [];
  const maxTrain = o.maxTrain ?? DEFAULT_FORECAST_OPTIONS.maxTrain;
  for (const origin of origins) {
    const train = Float64Array.from({ length: Math.min(origin, maxTrain) }, (_, i) => {
      return values[origin - Math.min(origin, maxTrain) + i] ?? Number.NaN;
    });
    try {
      const f = fitRaw(
        train,
        o.periods.filter((p) => 2 * p <= train.length),
        o.horizon,
        o.level,
      );
      const actual = Array.from({ length: o.horizon }, (_, h) => values[origin + h] ?? Number.NaN);
      out.push({ origin, point: f.point, lower: f.lower, upper: f.upper, actual });
    } catch (e) {
      if (!(e instanceof XinzhiError)) throw e;
    }
  }
  return out;
}

/** One fit of the model on `y` (already validated), with augurs' own intervals. */
function fitRaw(y: Float64Array, periods: number[], horizon: number, level: number): RawForecast {
  const { ets, mstl } = loadAugurs();
  try {
    if (periods.length > 0) {
      const m = mstl.MSTL.ets(Uint32Array.from(periods));
      try {
        m.fit(y);
        return shape(m.predict(horizon, level), level, periods, 'mstl-ets');
      } finally {
        m.free();
      }
    }
    const m = new ets.AutoETS(1, 'ZZN');
    try {
      m.fit(y);
      return shape(m.predict(horizon, level), level, [], 'auto-ets');
    } finally {
      m.free();
    }
  } catch (e) {
    if (e instanceof XinzhiError) throw e;
    throw new XinzhiError('INTERNAL', `forecast model failed: ${String(e)}`, { cause: e });
  }
}

function shape(
  f: { point: number[]; intervals?: { lower: number[]; upper: number[] } | undefined },
  level: number,
  periods: number[],
  model: SeriesForecast['model'],
): RawForecast {
  return {
    point: [...f.point],
    lower: f.intervals ? [...f.intervals.lower] : f.point.map(() => Number.NaN),
    upper: f.intervals ? [...f.intervals.upper] : f.point.map(() => Number.NaN),
    level,
    periods,
    model,
  };
}
