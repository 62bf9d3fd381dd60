/**
 * Point forecasts with prediction intervals for one series: MSTL (seasonal-trend decomposition
 * with several periods) with an AutoETS trend when the series is seasonal, plain AutoETS when not;
 * both from `@bsull/augurs` (Grafana's Rust time-series library compiled to WebAssembly).
 */
import { XinzhiError } from '../../core/index.js';
import { loadAugurs } from './augurs.js';
import { DEFAULT_FORECAST_OPTIONS, type ForecastOptions } from './options.js';
import { seasonalPeriods } from './seasonal-periods.js';

export interface SeriesForecast {
  readonly point: number[];
  readonly lower: number[];
  readonly upper: number[];
  readonly level: number;
  readonly periods: number[];
  readonly model: 'mstl-ets' | 'auto-ets';
}

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
  const { ets, mstl } = loadAugurs();
  try {
    if (periods.length > 0) {
      const m = mstl.MSTL.ets(Uint32Array.from(periods));
      try {
        m.fit(y);
        return shape(m.predict(o.horizon, o.level), o.level, periods, 'mstl-ets');
      } finally {
        m.free();
      }
    }
    const m = new ets.AutoETS(1, 'ZZN');
    try {
      m.fit(y);
      return shape(m.predict(o.horizon, o.level), o.level, [], 'auto-ets');
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
): SeriesForecast {
  return {
    point: [...f.point],
    lower: f.intervals ? [...f.intervals.lower] : f.point.map(() => Number.NaN),
    upper: f.intervals ? [...f.intervals.upper] : f.point.map(() => Number.NaN),
    level,
    periods,
    model,
  };
}
