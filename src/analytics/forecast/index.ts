/** Forecasting with `@bsull/augurs`: MSTL/ETS point forecasts, intervals and backtests. */
export { type BacktestMetrics, type BacktestOptions, type BacktestResult, backtest } from './backtest.js';
export { forecastSeries, MIN_FORECAST_POINTS, type SeriesForecast } from './forecast-series.js';
export { normalQuantile } from './normal-quantile.js';
export { DEFAULT_FORECAST_OPTIONS, type ForecastOptions } from './options.js';
export { seasonalPeriods } from './seasonal-periods.js';
