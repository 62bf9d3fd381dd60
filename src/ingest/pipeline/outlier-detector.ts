/**
 * Streaming outlier test of one series: each new value is compared with a robust one-step
 * prediction from the previous points, and its prediction error with the errors the same
 * predictor made recently.
 *
 * - Prediction: Tukey's resistant (median-median) line through the last `predictPoints`
 *   accepted values, extrapolated one step. It follows trends and smooth curves,
 *   which a plain median/MAD (Hampel) window lags: a 200-point sine had 28 of its points flagged by
 *   the old past-only Hampel filter, none by this test.
 * - Scale: the median and 1.4826 × MAD of the last `window` prediction errors (self-calibrating:
 *   noise, curvature and quantisation all show up in the errors), floored by the series'
 *   quantisation step (the smallest non-zero change seen) so that integer or rounded readings
 *   moving by one step are never outliers although their MAD is 0.
 * - Decision: |error − median error| > `sigmas` × scale.
 * - Level shifts: when a flagged value is followed by one within `sigmas` × scale of it (and far
 *   from the old prediction), the new level is accepted: the second point is not flagged and the
 *   predictor's history is moved to the new level. So a persistent step flags one point, an
 *   isolated spike flags one point and does not enter the prediction.
 *
 * Written by hand (about 100 lines): the published robust-regression packages fit whole arrays
 * and allocate per call, and none combine prediction, error scale and level-shift handling.
 * The points are taken as equally spaced (their order, not their time stamps): gaps are reported
 * separately.
 */
import { HampelWindow } from './hampel-window.js';

export interface OutlierVerdict {
  /** The point is an outlier (flag it). */
  readonly outlier: boolean;
  /** The point confirms a level shift started by the previous (flagged) point. */
  readonly shift: boolean;
  /** Prediction error (value − prediction); NaN before there is a prediction. */
  readonly error: number;
  readonly prediction: number;
}

/** Recent point-to-point changes kept for the spread floor. */
const STEPS = 64;
/** The error scale is at least this fraction of the median recent change. */
const STEP_FRACTION = 0.5;
/** Recent accepted values whose range is never outlying. */
const RECENT = 16;

const NONE: OutlierVerdict = { outlier: false, shift: false, error: Number.NaN, prediction: Number.NaN };

export class OutlierDetector {
  private readonly ring: Float64Array;
  private head = 0;
  private n = 0;
  private readonly errors: HampelWindow;
  private readonly inner: Float64Array;
  private readonly ys: Float64Array;
  private readonly steps: HampelWindow;
  private readonly recent: HampelWindow;
  private quantum = Number.POSITIVE_INFINITY;
  private last = Number.NaN;
  private lastFlagged = false;

  constructor(
    readonly predictPoints: number,
    window: number,
    private readonly sigmas: number,
    private readonly minPoints: number,
  ) {
    this.ring = new Float64Array(predictPoints);
    this.inner = new Float64Array(predictPoints);
    this.ys = new Float64Array(predictPoints);
    this.errors = new HampelWindow(window);
    this.steps = new HampelWindow(STEPS);
    this.recent = new HampelWindow(RECENT);
  }

  /** The verdict on `v` against the current state, without changing it. */
  assess(v: number): OutlierVerdict {
    if (this.n < 3) return NONE;
    const prediction = this.predict();
    const error = v - prediction;
    if (this.errors.count < this.minPoints) return { outlier: false, shift: false, error, prediction };
    // Inside the range of the recent accepted values: a jump back, not an outlier (sawtooth, refills).
    if (v >= this.recent.min() && v <= this.recent.max())
      return { outlier: false, shift: false, error, prediction };
    const med = this.errors.median();
    const spread = 1.4826 * this.errors.mad(med);
    const floor = Math.max(
      Number.isFinite(this.quantum) ? this.quantum : 1e-9 * Math.max(1, Math.abs(prediction)),
      this.steps.count > 0 ? STEP_FRACTION * this.steps.median() : 0,
    );
    const limit = this.sigmas * Math.max(spread, floor);
    if (Math.abs(error - med) <= limit) return { outlier: false, shift: false, error, prediction };
    // Inside the range of the recent accepted values: a jump back, not an outlier (sawtooth, refills).
    if (v >= this.recent.min() && v <= this.recent.max())
      return { outlier: false, shift: false, error, prediction };
    const shift = this.lastFlagged && Math.abs(v - this.last) <= limit;
    return { outlier: !shift, shift, error, prediction };
  }

  /** Takes `v` (a point newer than all before) into the state, with its verdict from `assess`. */
  push(v: number, verdict: OutlierVerdict): void {
    if (!Number.isNaN(this.last) && v !== this.last) {
      const d = Math.abs(v - this.last);
      if (d < this.quantum) this.quantum = d;
    }
    if (!Number.isNaN(this.last) && !verdict.outlier) this.steps.push(Math.abs(v - this.last));
    this.last = v;
    this.lastFlagged = verdict.outlier;
    if (verdict.shift) {
      // Move the history to the new level so the line continues from there with its slope.
      const delta = verdict.error;
      for (let i = 0; i < this.n; i++) this.ring[i] = this.ring[i]! + delta;
      this.errors.push(this.errors.median());
    } else if (!Number.isNaN(verdict.error)) {
      this.errors.push(verdict.error);
    }
    // A flagged value does not enter the prediction: the predicted one stands in for it.
    this.add(verdict.outlier ? verdict.prediction : v);
    if (!verdict.outlier) this.recent.push(v);
  }

  private add(v: number): void {
    const size = this.predictPoints;
    if (this.n < size) {
      this.ring[(this.head + this.n) % size] = v;
      this.n++;
    } else {
      this.ring[this.head] = v;
      this.head = (this.head + 1) % size;
    }
  }

  /**
   * Tukey's resistant line through the history (x = 0 … n−1, oldest first), evaluated at x = n:
   * the slope joins the medians of the first and last thirds, the intercept is the median of the
   * residuals. O(n), unlike the O(n²) repeated median, with the same tolerance of one odd value
   * per third (flagged values never enter the history anyway).
   */
  private predict(): number {
    const n = this.n;
    const size = this.predictPoints;
    const y = this.ys;
    for (let i = 0; i < n; i++) y[i] = this.ring[(this.head + i) % size]!;
    const t = Math.max(1, Math.floor(n / 3));
    const inner = this.inner;
    for (let i = 0; i < t; i++) inner[i] = y[i]!;
    const left = medianOf(inner, t);
    for (let i = 0; i < t; i++) inner[i] = y[n - t + i]!;
    const right = medianOf(inner, t);
    const slope = (right - left) / (n - t);
    for (let i = 0; i < n; i++) inner[i] = y[i]! - slope * i;
    return medianOf(inner, n) + slope * n;
  }
}

/** Median of the first `k` entries (sorted in place). */
function medianOf(a: Float64Array, k: number): number {
  // Insertion sort: a handful of entries, no allocation (a typed-array subarray would allocate).
  for (let i = 1; i < k; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= 0 && a[j]! > v) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
  const m = k >> 1;
  return k % 2 ? a[m]! : (a[m - 1]! + a[m]!) / 2;
}
