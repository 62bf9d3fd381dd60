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
 * - Unit mix-ups: a jump explained by reading the value in another unit of the same kind (given
 *   as `mixups`) is flagged for as long as it lasts.
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
  /** With `shift`: the shift is a change of slope, to this one per point. */
  readonly slope?: number;
  /**
   * The point fits the prediction once read in another unit of the same kind (a unit mix-up):
   * this is its value in the series unit.
   */
  readonly mixup?: number;
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

/** While a mix-up lasts, the converted value may stray this many limits from the prediction. */
const MIXUP_SLACK = 3;
/** Mix-ups are only considered when the predicted level is this many limits away from 0. */
const MIXUP_CLEARANCE = 10;

/** Flagged values remembered to recognise recurring ones. */
const RECUR = 4;

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
  private count = 0;
  private readonly flaggedValues = new Float64Array(RECUR);
  private readonly flaggedAt = new Float64Array(RECUR).fill(Number.NEGATIVE_INFINITY);
  /** The value before `last` (the last accepted one while `last` is flagged). */
  private beforeLast = Number.NaN;
  private inMixup = false;
  /**
   * Conversions from units a device could wrongly send (°F for a Celsius series, kPa for bar…)
   * into the series unit. A jump that one of them explains is a unit mix-up: flagged for as long
   * as it lasts, never accepted as a level shift.
   */
  mixups: ReadonlyArray<(v: number) => number> = [];

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
    // A mix-up starts when a conversion brings the value within the limit; while it lasts, the
    // reading that explains the value best (as sent, or converted) decides.
    // Near zero a scale factor explains any jump (a start-up from 0 A "is" mA), so the level must
    // stand well clear of zero.
    const tolerance = this.inMixup ? MIXUP_SLACK * limit : limit;
    if (Math.abs(prediction) > MIXUP_CLEARANCE * limit)
      for (const f of this.mixups) {
        const mixup = f(v);
        if (Math.abs(mixup - prediction - med) <= tolerance)
          return { outlier: true, shift: false, mixup, error, prediction };
      }
    // A value that keeps coming back (within `limit` of two values flagged in the last RECENT
    // points) is part of the signal — a duty cycle sampled coarsely — not an outlier.
    let seen = 0;
    for (let i = 0; i < RECUR; i++)
      if (this.count - this.flaggedAt[i]! < RECENT && Math.abs(v - this.flaggedValues[i]!) <= limit) seen++;
    if (seen >= 2) return { outlier: false, shift: false, error, prediction };
    if (this.lastFlagged) {
      // Confirmed by a second point: a new level (close to the last value) or a new slope (on the
      // line from the last accepted value through the last value).
      if (Math.abs(v - this.last) <= limit) return { outlier: false, shift: true, error, prediction };
      if (Math.abs(v - (2 * this.last - this.beforeLast)) <= limit)
        return { outlier: false, shift: true, slope: v - this.last, error, prediction };
    }
    return { outlier: true, shift: false, error, prediction };
  }

  /** Takes `v` (a point newer than all before) into the state, with its verdict from `assess`. */
  push(v: number, verdict: OutlierVerdict): void {
    if (!Number.isNaN(this.last) && v !== this.last) {
      const d = Math.abs(v - this.last);
      if (d < this.quantum) this.quantum = d;
    }
    if (!Number.isNaN(this.last) && !verdict.outlier) this.steps.push(Math.abs(v - this.last));
    if (!verdict.outlier) this.beforeLast = this.last;
    else if (!this.lastFlagged) this.beforeLast = this.last;
    this.last = v;
    // A mix-up does not start a level shift: the next mixed-up value is flagged too.
    this.lastFlagged = verdict.outlier && verdict.mixup === undefined;
    this.inMixup = verdict.mixup !== undefined;
    if (verdict.shift && verdict.slope !== undefined) {
      // Restart the history on the new line, ending at `v`.
      for (let i = 0; i < this.n; i++)
        this.ring[(this.head + i) % this.predictPoints] = v - (this.n - i) * verdict.slope;
      this.errors.push(this.errors.median());
    } else if (verdict.shift) {
      // Move the history to the new level so the line continues from there with its slope.
      const delta = verdict.error;
      for (let i = 0; i < this.n; i++) this.ring[i] = this.ring[i]! + delta;
      this.errors.push(this.errors.median());
    } else if (verdict.mixup !== undefined) {
      this.errors.push(verdict.mixup - verdict.prediction);
    } else if (!Number.isNaN(verdict.error)) {
      this.errors.push(verdict.error);
    }
    // A flagged value does not enter the prediction: the predicted one stands in for it, or for a
    // unit mix-up the value read in the series unit (so the prediction keeps following it).
    this.add(verdict.outlier ? (verdict.mixup ?? verdict.prediction) : v);
    if (!verdict.outlier) this.recent.push(v);
    this.count++;
    if (verdict.outlier && verdict.mixup === undefined) {
      const slot = this.count % RECUR;
      this.flaggedValues[slot] = v;
      this.flaggedAt[slot] = this.count;
    }
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
