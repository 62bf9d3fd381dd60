/**
 * Streaming state of one series: the last point, the current run of identical values, the learned
 * sampling interval and the outlier detector (robust prediction, see `OutlierDetector`). It decides the quality flags of each new point and the
 * gap/stuck events, in O(1) amortised per point.
 */
import { type Point, QUALITY, type Series } from '../../core/index.js';
import type { IngestOptions } from '../options.js';
import { OutlierDetector, type OutlierVerdict } from './outlier-detector.js';

const NO_VERDICT: OutlierVerdict = {
  outlier: false,
  shift: false,
  error: Number.NaN,
  prediction: Number.NaN,
};

const INTERVALS = 15;
/** Values of earlier long runs remembered as rest values (idle setpoints, parked positions). */
const REST_VALUES = 8;
/*
 * The improbability test (`stuckImprobability`): the series' value changes are taken as a Poisson
 * process in time with the rate it showed so far (changes per ms of finished runs), so a run
 * lasting T has probability exp(−rate·T). Time, not sample counts, because the demo's history is
 * sampled every minute and its live data every second: a rate learnt on one sampling stays valid,
 * at worst slower (quieter), on the other. 1e-6 keeps the demo's healthy quantised and step-like
 * series quiet (press pressure resting at 2 bar with 0.1 bar resolution changes only every ~80
 * samples at rest, a van's load only at a stop) while a frozen reading of a noisy gauge, which
 * changes at nearly every sample, is caught at the 30-sample minimum.
 */
const VALUE_RUN_POINTS = 4;
const VALUE_SLOTS = 16;

export interface SeriesEvent {
  readonly kind: 'gap' | 'stuck';
  readonly ts: number;
  readonly message: string;
  readonly data: Record<string, unknown>;
}

export class SeriesState {
  series: Series;
  loadedAt: number;
  lastTs = Number.NEGATIVE_INFINITY;
  private lastValue = Number.NaN;
  private runLength = 0;
  private runStart = 0;
  private stuckReported = false;
  /** Range of the values before the current run. */
  private seenMin = Number.POSITIVE_INFINITY;
  private seenMax = Number.NEGATIVE_INFINITY;
  private readonly restValues: number[] = [];
  /** Value changes seen (finished runs) and the time those runs lasted. */
  private changes = 0;
  private runMs = 0;
  /** The same per value, for values that held runs of `VALUE_RUN_POINTS` samples or more. */
  private readonly valueRuns = new Map<number, { changes: number; runMs: number }>();
  private readonly intervals = new Float64Array(INTERVALS);
  private readonly scratch = new Float64Array(INTERVALS);
  private intervalCount = 0;
  private learned: number | null = null;
  private readonly outliers: OutlierDetector;

  constructor(
    series: Series,
    loadedAt: number,
    private readonly opts: IngestOptions,
    mixups: ReadonlyArray<(v: number) => number> = [],
  ) {
    this.series = series;
    this.loadedAt = loadedAt;
    this.outliers = new OutlierDetector(
      opts.outlierPredictPoints,
      opts.outlierWindow,
      opts.outlierSigmas,
      opts.outlierMinPoints,
    );
    this.outliers.mixups = mixups;
  }

  /** The expected interval: the series' setting, else the learned median, else null. */
  get intervalMs(): number | null {
    return this.series.expectedIntervalMs ?? this.learned;
  }

  /** Replays stored points (ascending) to rebuild the state after a restart; emits nothing. */
  warm(points: readonly Point[]): void {
    for (const p of points) this.observe(p.ts, p.value, null);
  }

  /**
   * Quality flags for a new point, updating the state. Points not newer than the last one (late
   * data, re-imports) are only checked for outliers: they do not move the run, interval or window.
   */
  observe(ts: number, value: number, events: SeriesEvent[] | null): number {
    let q = 0;
    const gauge = this.series.signal !== 'counter' && this.series.signal !== 'state';
    const verdict = gauge ? this.outliers.assess(value) : NO_VERDICT;
    if (verdict.outlier) q |= QUALITY.OUTLIER;
    if (ts <= this.lastTs) return q;

    if (this.lastTs !== Number.NEGATIVE_INFINITY) {
      const dt = ts - this.lastTs;
      const expected = this.intervalMs;
      if (expected !== null && expected > 0 && dt > this.opts.gapFactor * expected) {
        q |= QUALITY.AFTER_GAP;
        events?.push({
          kind: 'gap',
          ts,
          message: `${this.series.id}: no data for ${formatMs(dt)} (expected every ${formatMs(expected)})`,
          data: { from: this.lastTs, to: ts, durationMs: dt, expectedMs: expected },
        });
      }
      // Gaps are learned too: the median ignores occasional ones and adapts to a new sampling rate.
      this.learnInterval(dt);
    }

    if (value === this.lastValue) {
      this.runLength++;
      if (this.runLength > this.opts.stuckRunPoints && this.isStuck(ts, value)) {
        q |= QUALITY.STUCK;
        if (!this.stuckReported) {
          this.stuckReported = true;
          events?.push({
            kind: 'stuck',
            ts,
            message: `${this.series.id}: value ${value} repeated ${this.runLength} times since ${new Date(this.runStart).toISOString()} (stuck sensor?)`,
            data: { from: this.runStart, value, points: this.runLength },
          });
        }
      }
    } else {
      this.endRun(ts);
      this.runLength = 1;
      this.runStart = ts;
      this.stuckReported = false;
    }

    if (gauge) this.outliers.push(value, verdict);
    this.lastTs = ts;
    this.lastValue = value;
    return q;
  }

  /**
   * Whether the current run (already long enough in points) is a stuck sensor rather than a value
   * the series legitimately holds: only gauges, only once the run has lasted
   * max(stuckMinDurationMs, stuckIntervals × interval), only if the series varied before, and not
   * at a rest value — the physical min/max, the lowest or highest value seen so far (0 A of a
   * stopped motor, speed 0, an idle setpoint at the bottom of the range, a counter that does not
   * advance), or the value of an earlier long run — and only if the run is improbably long for
   * how often this series repeats values (`improbable`). A real stuck sensor freezes at its last,
   * ordinary reading; a frozen value at an extreme is missed by design.
   */
  private isStuck(ts: number, value: number): boolean {
    const s = this.series;
    if (s.signal === 'counter' || s.signal === 'state') return false;
    const minMs = Math.max(this.opts.stuckMinDurationMs, this.opts.stuckIntervals * (this.intervalMs ?? 0));
    if (ts - this.runStart < minMs) return false;
    if (!(this.seenMin < this.seenMax)) return false;
    if (value === s.minValue || value === s.maxValue) return false;
    if (value <= this.seenMin || value >= this.seenMax) return false;
    if (this.restValues.includes(value)) return false;
    return this.improbable(value, ts);
  }

  /**
   * Whether the current run lasts longer than the series' own history makes plausible: a
   * quantised or step-like series holds values all the time, a noisy gauge almost never. The
   * change rate is the series', or that value's if it held long runs before and changes slower.
   */
  private improbable(value: number, ts: number): boolean {
    if (this.opts.stuckImprobability >= 1) return true;
    if (this.changes < this.opts.stuckLearnChanges || this.runMs <= 0) return false;
    let rate = this.changes / this.runMs;
    const v = this.valueRuns.get(value);
    if (v && v.runMs > 0) rate = Math.min(rate, v.changes / v.runMs);
    return rate * (ts - this.runStart) > -Math.log(this.opts.stuckImprobability);
  }

  /** Folds the finished run into the seen range and, if it was long, the rest values. */
  private endRun(ts: number): void {
    const v = this.lastValue;
    if (Number.isNaN(v)) return;
    if (v < this.seenMin) this.seenMin = v;
    if (v > this.seenMax) this.seenMax = v;
    // A run reported as stuck does not teach the repeat rate: it was a fault, not the series.
    if (!this.stuckReported) {
      const ms = ts - this.runStart;
      this.changes++;
      this.runMs += ms;
      if (this.runLength >= VALUE_RUN_POINTS) this.learnValueRun(v, ms);
    }
    if (this.runLength > this.opts.stuckRunPoints && !this.stuckReported && !this.restValues.includes(v)) {
      this.restValues.push(v);
      if (this.restValues.length > REST_VALUES) this.restValues.shift();
    }
  }

  private learnValueRun(v: number, ms: number): void {
    let e = this.valueRuns.get(v);
    if (!e) {
      if (this.valueRuns.size >= VALUE_SLOTS) {
        // Evict the value with the least evidence: long runs at the same values keep their place.
        let worst: number | undefined;
        let least = Number.POSITIVE_INFINITY;
        for (const [k, x] of this.valueRuns)
          if (x.changes < least) {
            least = x.changes;
            worst = k;
          }
        if (worst !== undefined) this.valueRuns.delete(worst);
      }
      e = { changes: 0, runMs: 0 };
      this.valueRuns.set(v, e);
    }
    e.changes++;
    e.runMs += ms;
  }

  private learnInterval(dt: number): void {
    this.intervals[this.intervalCount % INTERVALS] = dt;
    this.intervalCount++;
    if (this.intervalCount < this.opts.minIntervalsToLearn) return;
    // Re-estimate every few intervals: a 15-element sort is cheap, but not per point.
    if (this.learned !== null && this.intervalCount % 8 !== 0) return;
    const n = Math.min(this.intervalCount, INTERVALS);
    const s = n === INTERVALS ? this.scratch : this.scratch.subarray(0, n);
    s.set(this.intervals.subarray(0, n));
    s.sort();
    this.learned = n % 2 ? s[n >> 1]! : (s[(n >> 1) - 1]! + s[n >> 1]!) / 2;
  }
}

export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 120_000) return `${+(ms / 1000).toFixed(1)} s`;
  if (ms < 7_200_000) return `${+(ms / 60_000).toFixed(1)} min`;
  if (ms < 172_800_000) return `${+(ms / 3_600_000).toFixed(1)} h`;
  return `${+(ms / 86_400_000).toFixed(1)} d`;
}
