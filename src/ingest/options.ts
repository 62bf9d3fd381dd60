/**
 * Options of the ingest engine, with their defaults in one place. The CLI and the server derive
 * their flags from these names; docs/ingest.md lists them.
 */
import { compact } from '../core/index.js';

export interface IngestOptions {
  /** Readings more than this far in the future (by the clock) are rejected. Default 5 minutes. */
  readonly futureToleranceMs: number;
  /** Readings before this UTC time are rejected as absurd. Default 1970-01-02 (catches epoch-0 and unit mix-ups of seconds as ms). */
  readonly earliestTs: number;
  /** A run of identical values must be longer than this many points to be stuck. Default 30. */
  readonly stuckRunPoints: number;
  /** … and last at least this long. Default 15 minutes. */
  readonly stuckMinDurationMs: number;
  /** … and at least this many expected (or learned) intervals. Default 30. */
  readonly stuckIntervals: number;
  /**
   * … and be less probable than this under the series' own rate of value changes (exp(−rate·T)
   * for a run lasting T; the rate of the series, or of that value if it held runs before and
   * changes slower), so a quantised or step-like series holding a value is not called stuck.
   * 1 turns the test off. Default 1e-6.
   */
  readonly stuckImprobability: number;
  /** Value changes seen before that rate is trusted (no stuck verdict before). Default 30. */
  readonly stuckLearnChanges: number;
  /** An interval longer than `gapFactor` × the expected (or learned median) interval is a gap. Default 3. */
  readonly gapFactor: number;
  /** Intervals observed before the learned interval is trusted for gap detection. Default 8. */
  readonly minIntervalsToLearn: number;
  /** Past points the robust (Tukey median-median) line predicting the next value goes through. Default 9. */
  readonly outlierPredictPoints: number;
  /** Past prediction errors whose median and MAD scale the outlier test. Default 64. */
  readonly outlierWindow: number;
  /** Points flagged when |error − median error| > `outlierSigmas` × max(1.4826 × MAD, floor). Default 3.5. */
  readonly outlierSigmas: number;
  /** Prediction errors needed before outliers are flagged. Default 20. */
  readonly outlierMinPoints: number;
  /** How long series settings (range limits, interval) are cached before re-reading. Default 10 s. */
  readonly seriesRefreshMs: number;
  /** Readings per store write when files are imported. Default 5000. */
  readonly batchSize: number;
}

export const DEFAULT_INGEST_OPTIONS: IngestOptions = {
  futureToleranceMs: 5 * 60_000,
  earliestTs: Date.UTC(1970, 0, 2),
  stuckRunPoints: 30,
  stuckMinDurationMs: 15 * 60_000,
  stuckIntervals: 30,
  stuckImprobability: 1e-6,
  stuckLearnChanges: 30,
  gapFactor: 3,
  minIntervalsToLearn: 8,
  outlierPredictPoints: 9,
  outlierWindow: 64,
  outlierSigmas: 3.5,
  outlierMinPoints: 20,
  seriesRefreshMs: 10_000,
  batchSize: 5000,
};

export const resolveIngestOptions = (o: Partial<IngestOptions> = {}): IngestOptions => ({
  ...DEFAULT_INGEST_OPTIONS,
  ...compact(o),
});
