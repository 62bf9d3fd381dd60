/**
 * Options of the streaming detector. The defaults are the candidate that `npm run eval -- nab`
 * chooses on all files of the NAB development split under the standard profile; its score on
 * unseen files is estimated by leave-one-category-out cross-validation (docs/anomalies.md). The
 * same values serve every series. Override single fields for experiments, not per series.
 */
export interface DetectorOptions {
  /** Smoothing of the fast level forecasters (near persistence). Default 0.9. */
  readonly fastAlpha: number;
  /** Smoothing of the slow level forecasters (local mean). Default 0.05. */
  readonly slowAlpha: number;
  /** Smoothing of each daily/weekly seasonal bin from one season to the next. Default 0.25. */
  readonly seasonAlpha: number;
  /** Smoothing of each forecaster's mean absolute error (its residual scale). Default 0.01. */
  readonly errorAlpha: number;
  /** Rows per time-of-day bin of the noise profile that also scales residuals. Default 3. */
  readonly noiseBinRows: number;
  /** Rows of residual scores the likelihood compares the short-term score with. Default 4000. */
  readonly historyWindow: number;
  /** Rows averaged into the short-term residual score. Default 2. */
  readonly shortWindow: number;
  /** Rows before any score or alert (the models learn). Default 150. */
  readonly warmup: number;
  /** Alert when the score (−log10 tail probability / 10) reaches this. Default 0.3 (tail ≤ 1e-3). */
  readonly threshold: number;
  /**
   * Novelty gate: the short-term residual score must also reach this share of its maximum over the
   * last `noveltyWindow` rows, so bursts the series has shown before stop re-alerting. Default 0.8.
   */
  readonly noveltyRatio: number;
  /** Rows remembered by the novelty gate. Default 12000. */
  readonly noveltyWindow: number;
  /**
   * Range channel: a value beyond the min–max range of the last `rangeWindow` rows by this share
   * of that range alerts on its own (new behaviour the forecasters may already follow). Default 0.02.
   */
  readonly rangeShare: number;
  /** Rows whose min and max define that range. Default 8000. */
  readonly rangeWindow: number;
  /**
   * Long channel: the mean residual score over this many rows, against its own history, with the
   * same threshold and novelty gate (a change of burst density or noise level). 0 = off. Default 32.
   */
  readonly longWindow: number;
  /** Rows after an alert during which no new alert is raised (one alert per event). Default 50. */
  readonly suppress: number;
}

export const DEFAULT_DETECTOR_OPTIONS: DetectorOptions = Object.freeze({
  fastAlpha: 0.9,
  slowAlpha: 0.05,
  seasonAlpha: 0.25,
  errorAlpha: 0.01,
  noiseBinRows: 3,
  historyWindow: 4000,
  shortWindow: 2,
  warmup: 150,
  threshold: 0.3,
  noveltyRatio: 0.8,
  noveltyWindow: 12000,
  rangeShare: 0.02,
  rangeWindow: 8000,
  longWindow: 32,
  suppress: 50,
});
