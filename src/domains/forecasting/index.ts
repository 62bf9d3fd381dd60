/** Forecasting: stored series summarised per period and forecast (demand for planning, arrivals for staffing). */
export {
  AGGREGATES,
  type Aggregate,
  forecastPeriods,
  MAX_HISTORY,
  type PeriodForecast,
  type PeriodValues,
  periodValues,
} from './period-forecast.js';
export { forecastStoredSeries, type StoredSeriesForecast } from './series-forecast.js';
