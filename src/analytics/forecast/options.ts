/** Options of `forecastSeries`; every field has the documented default. */
import type { CalibrationOptions } from './conformal.js';

export interface ForecastOptions {
  /** Steps ahead to forecast. Default 24. */
  readonly horizon: number;
  /** Prediction-interval level in (0, 1). Default 0.95. */
  readonly level: number;
  /**
   * Seasonal periods in rows. Default: detected (augurs periodogram), snapped to the calendar
   * periods of the sampling step (day, week) when within 10 % of one.
   */
  readonly periods?: readonly number[];
  /** Sampling step in ms, used to name calendar periods. Default: median step of the timestamps, if given. */
  readonly stepMs?: number;
  /** Only the last `maxTrain` rows are fitted (keeps MSTL fast on long series). Default 4032 (two weeks at 5 min). */
  readonly maxTrain: number;
  /**
   * Conformal calibration of the intervals on past forecasts (`conformal.ts`), or `false` for
   * augurs' own intervals. Default `DEFAULT_CALIBRATION`.
   */
  readonly calibration?: CalibrationOptions | false;
}

export const DEFAULT_FORECAST_OPTIONS: Pick<ForecastOptions, 'horizon' | 'level' | 'maxTrain'> =
  Object.freeze({
    horizon: 24,
    level: 0.95,
    maxTrain: 4032,
  });
