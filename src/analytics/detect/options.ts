/**
 * Options of the streaming detector, with the values frozen after tuning on the NAB development
 * split (one set for every series; see docs/anomalies.md). Every field is documented with its
 * default; callers override single fields for experiments, never per series in production.
 */
export interface DetectorOptions {
  /** Smoothing of the fast level (persistence-like) forecast. Default 0.5. */
  readonly fastAlpha: number;
  /** Smoothing of the slow level (local mean) forecast. Default 0.02. */
  readonly slowAlpha: number;
  /** Smoothing of each daily/weekly seasonal bin across seasons. Default 0.25. */
  readonly seasonAlpha: number;
  /** Smoothing of the mean absolute error that scales each forecast's residual. Default 0.02. */
  readonly errorAlpha: number;
  /** How the models' residuals combine: `best` (model with the smallest recent error) or `min` (anomalous only if no model explains the point). Default `best`. */
  readonly combine: 'best' | 'min';
  /** `likelihood`: Gaussian tail of the short-term residual score against its recent distribution; `record`: the short-term score against its decaying running maximum (score 0.5 = equals the record). Default `likelihood`. */
  readonly scoring: 'likelihood' | 'record' | 'max';
  /** When > 0 the residual becomes a bounded raw score 1 − exp(−z / saturate) (as HTM's raw score is bounded), else log(1 + z). Default 0. */
  readonly saturate: number;
  /** For `max`: use log(1 + z) instead of z. Default false. */
  readonly useLog: boolean;
  /** For `max`: rows of history needed before scoring. Default 300. */
  readonly minHistory: number;
  /** Per-row decay of the running maximum for `record` scoring. Default 0.999. */
  readonly recordDecay: number;
  /** Also score each point alone against the history, so a single spike counts. Default true. */
  readonly pointScore: boolean;
  /** The short average's deviation is the history's divided by k^(damping/2)·… (0 = HTM's choice, 1 = independent points). Default 0. */
  readonly shortDamping: number;
  /** Rows in the long window of residual scores that the likelihood compares with. Default 1000. */
  readonly historyWindow: number;
  /** Rows averaged into the short-term residual score. Default 5. */
  readonly shortWindow: number;
  /** Rows before any score is emitted (the model learns). Default 150. */
  readonly warmup: number;
  /** Alert when the score (−log10 tail probability / 10) reaches this. Default 0.5. */
  readonly threshold: number;
  /** Rows after an alert during which no new alert is raised (one alarm per event). Default 200. */
  readonly suppress: number;
}

export const DEFAULT_DETECTOR_OPTIONS: DetectorOptions = Object.freeze({
  fastAlpha: 0.9,
  slowAlpha: 0.05,
  seasonAlpha: 0.25,
  errorAlpha: 0.02,
  combine: 'best',
  scoring: 'likelihood',
  pointScore: false,
  shortDamping: 0.5,
  useLog: false,
  saturate: 0,
  minHistory: 300,
  recordDecay: 0.999,
  historyWindow: 1000,
  shortWindow: 5,
  warmup: 300,
  threshold: 0.3,
  suppress: 200,
});
