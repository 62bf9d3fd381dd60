/** Forecasting with `@bsull/augurs`: MSTL/ETS point forecasts, conformally calibrated intervals and backtests. */
export {
  type BacktestMetrics,
  type BacktestOptions,
  type BacktestResult,
  backtest,
  type CalibratedMetrics,
} from './backtest.js';
export {
  ACI_GAMMA,
  type CalibratedIntervals,
  type CalibrationOptions,
  calibrateIntervals,
  calibrationDepth,
  calibrationOrigins,
  checkCalibration,
  conformalQuantile,
  DEFAULT_CALIBRATION,
  INTERVAL_SCALINGS,
  type IntervalCalibration,
  type IntervalScaling,
  MIN_CALIBRATION_ORIGINS,
  type PastForecast,
} from './conformal.js';
export { forecastSeries, MIN_FORECAST_POINTS, type SeriesForecast } from './forecast-series.js';
export { normalQuantile } from './normal-quantile.js';
export { DEFAULT_FORECAST_OPTIONS, type ForecastOptions } from './options.js';
export { seasonalPeriods } from './seasonal-periods.js';
