/**
 * Rolling-origin backtest: for each origin, fit on everything before it, forecast `horizon` steps
 * and compare with what happened. Reports MASE (MAE scaled by the in-sample seasonal-naive MAE,
 * Hyndman & Koehler 2006) and the share of actuals inside the prediction interval, for the model and
 * for the seasonal-naive baseline (last season repeated; its interval from the in-sample
 * seasonal-naive errors, widened with √(seasons ahead)) computed in the same run.
 */

import { forecastSeries } from './forecast-series.js';
import { normalQuantile } from './normal-quantile.js';
import { seasonalPeriods } from './seasonal-periods.js';

export interface BacktestOptions {
  readonly horizon: number;
  readonly origins: number;
  readonly level: number;
  readonly stepMs?: number;
  readonly maxTrain?: number;
}

export interface BacktestMetrics {
  readonly mase: number;
  readonly coverage: number;
}

export interface BacktestResult {
  readonly model: BacktestMetrics;
  readonly seasonalNaive: BacktestMetrics;
  /** Season used by the naive baseline (1 = plain naive). */
  readonly season: number;
  readonly periods: number[];
  readonly origins: number;
}

export function backtest(values: ArrayLike<number>, o: BacktestOptions): BacktestResult {
  const y = Array.from(values as ArrayLike<number>);
  const n = y.length;
  const first = n - o.origins * o.horizon;
  const periods = seasonalPeriods(y.slice(0, first), o.stepMs);
  const season = periods[0] ?? 1;
  const z = normalQuantile(0.5 + o.level / 2);
  let modelErr = 0;
  let naiveErr = 0;
  let scaleSum = 0;
  let inModel = 0;
  let inNaive = 0;
  let count = 0;
  for (let k = 0; k < o.origins; k++) {
    const origin = first + k * o.horizon;
    const train = y.slice(Math.max(0, origin - (o.maxTrain ?? 4032)), origin);
    const f = forecastSeries(train, {
      horizon: o.horizon,
      level: o.level,
      periods,
      ...(o.maxTrain ? { maxTrain: o.maxTrain } : {}),
    });
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
    for (let h = 0; h < o.horizon; h++) {
      const actual = y[origin + h] ?? 0;
      const naive = train[train.length - season + (h % season)] ?? 0;
      const width = z * sd * Math.sqrt(Math.floor(h / season) + 1);
      modelErr += Math.abs(actual - (f.point[h] ?? 0)) / scale;
      naiveErr += Math.abs(actual - naive) / scale;
      if (actual >= (f.lower[h] ?? Number.NaN) && actual <= (f.upper[h] ?? Number.NaN)) inModel++;
      if (Math.abs(actual - naive) <= width) inNaive++;
      count++;
    }
    scaleSum += scale;
  }
  return {
    model: { mase: modelErr / count, coverage: inModel / count },
    seasonalNaive: { mase: naiveErr / count, coverage: inNaive / count },
    season,
    periods,
    origins: scaleSum > 0 ? o.origins : 0,
  };
}
