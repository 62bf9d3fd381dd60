import { XinzhiError } from '../../../core/index.js';
import { midMonthDayOfYear } from './day-of-year.js';
import { type DailyWeather, type Et0DailyResult, type Et0Options, et0Daily, type Site } from './et0-daily.js';
import { soilHeatFluxMonthly, soilHeatFluxMonthlyFromPrevious } from './soil-heat-flux.js';

/** A month's mean daily weather plus the neighbouring months' mean temperatures for G. */
export type MonthlyWeather = Omit<DailyWeather, 'date' | 'dayOfYear'> & {
  /** 1–12; J = INTEGER(30.4 M − 15) unless `dayOfYear` is given. */
  readonly month?: number;
  readonly dayOfYear?: number;
  /** Mean air temperature of the previous and next month, °C, for G (Eq. 43, or Eq. 44 without next). */
  readonly tMeanPrevMonth?: number;
  readonly tMeanNextMonth?: number;
};

export interface Et0MonthlyResult extends Et0DailyResult {
  readonly gRule: 'eq43' | 'eq44' | 'zero';
}

/**
 * Mean daily ET0 of a month, mm/day, from monthly mean data (FAO-56 Example 17). G follows Eq. 43
 * when both neighbouring months are known, Eq. 44 with only the previous month, else 0.
 */
export function et0Monthly(site: Site, w: MonthlyWeather, options: Et0Options = {}): Et0MonthlyResult {
  let J = w.dayOfYear;
  if (J === undefined) {
    if (w.month === undefined || !Number.isInteger(w.month) || w.month < 1 || w.month > 12)
      throw new XinzhiError('BAD_INPUT', 'give month (1–12) or dayOfYear', { field: 'month' });
    J = midMonthDayOfYear(w.month);
  }
  const tMean = (w.tMax + w.tMin) / 2;
  let g = 0;
  let gRule: Et0MonthlyResult['gRule'] = 'zero';
  if (w.tMeanPrevMonth !== undefined && w.tMeanNextMonth !== undefined) {
    g = soilHeatFluxMonthly(w.tMeanPrevMonth, w.tMeanNextMonth);
    gRule = 'eq43';
  } else if (w.tMeanPrevMonth !== undefined) {
    g = soilHeatFluxMonthlyFromPrevious(w.tMeanPrevMonth, tMean);
    gRule = 'eq44';
  }
  const { month: _m, tMeanPrevMonth: _p, tMeanNextMonth: _n, ...day } = w;
  return { ...et0Daily(site, { ...day, dayOfYear: J }, options, g), gRule };
}
