/**
 * Streaming anomaly detector: one instance per series, O(1) time per point and fixed memory (ring
 * buffers and seasonal profiles of bounded size), strictly causal (a point's score depends only on
 * it and the points before it).
 *
 * For each point it
 * 1. forecasts the value with six simple models covering level, drift and daily/weekly seasonality:
 *    a fast and a slow exponential level, alone and on top of a daily and a weekly seasonal profile
 *    (typical value per time-of-day / time-of-week bin, keyed by the clock so gaps do not shift it);
 * 2. takes the residual of the model that has recently been most accurate (smallest smoothed
 *    absolute error) and scales it by that error or by the typical error at this time of day,
 *    whichever is larger (busy hours are noisier): z = |x − x̂| / scale;
 * 3. turns the short-term mean of log(1 + z) into a likelihood against its own distribution over
 *    the last `historyWindow` points, as Numenta's anomaly likelihood does for HTM:
 *    score = −log10(Gaussian tail probability) / 10, clipped to [0, 1];
 * 4. alerts when the score reaches the threshold and the short-term residual is near the largest of
 *    the recent past (novelty gate); or when the same test on the mean residual over `longWindow`
 *    points fires (long channel: denser bursts, more noise); or when the value leaves the recent
 *    min–max range by a margin (range channel); then holds alerts for `suppress` points so one
 *    event raises one alert.
 * The sampling step is learnt from the first intervals; the seasonal models switch on by themselves.
 */

import { BlockMax } from './block-max.js';
import { normalTail } from './normal-tail.js';
import { DEFAULT_DETECTOR_OPTIONS, type DetectorOptions } from './options.js';
import { RollingStats } from './rolling-stats.js';
import { SeasonalProfile } from './seasonal-profile.js';

export interface DetectorOutput {
  /** Anomaly score in [0, 1]; 0 during warm-up. */
  readonly score: number;
  readonly alert: boolean;
  /** Forecast of the model used for this point (NaN before any forecast). */
  readonly expected: number;
  /**
   * The score of the strongest channel whose gate passed (1 for the range channel), else 0: the
   * point alerts when this reaches the threshold outside the hold after the last alert. Independent
   * of `threshold` and `suppress`, so an evaluation can replay alerts for other values of both.
   */
  readonly evidence: number;
}

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const STEP_SAMPLES = 8;
const MIN_MODEL_UPDATES = 20;

/** One forecaster: level of (x − seasonal base) smoothed with `alpha`, and its recent absolute error. */
interface Model {
  readonly alpha: number;
  readonly season: 0 | 1 | 2; // none, day, week
  level: number;
  mae: number;
  updates: number;
}

export class StreamingDetector {
  readonly options: DetectorOptions;
  private readonly models: Model[] = [];
  private day: SeasonalProfile | undefined;
  private week: SeasonalProfile | undefined;
  private dayNoise: SeasonalProfile | undefined;
  private readonly history: RollingStats;
  private readonly recent: Float64Array;
  private recentSum = 0;
  private readonly recentMax: BlockMax;
  private readonly valueMax: BlockMax;
  private readonly valueMin: BlockMax;
  private readonly longBuf: Float64Array;
  private longSum = 0;
  private readonly longHistory: RollingStats;
  private readonly longMax: BlockMax;
  private n = 0;
  private lastTs = Number.NaN;
  private readonly steps: number[] = [];
  private lastAlert = Number.NEGATIVE_INFINITY;
  private spread = 0;
  private mean = 0;

  constructor(options: Partial<DetectorOptions> = {}) {
    this.options = { ...DEFAULT_DETECTOR_OPTIONS, ...options };
    const o = this.options;
    for (const season of [0, 1, 2] as const)
      for (const alpha of [o.fastAlpha, o.slowAlpha])
        this.models.push({ alpha, season, level: 0, mae: 0, updates: 0 });
    this.history = new RollingStats(o.historyWindow);
    this.recent = new Float64Array(Math.max(1, o.shortWindow));
    this.recentMax = new BlockMax(o.noveltyWindow);
    this.valueMax = new BlockMax(o.rangeWindow);
    this.valueMin = new BlockMax(o.rangeWindow);
    this.longBuf = new Float64Array(Math.max(1, o.longWindow));
    this.longHistory = new RollingStats(o.historyWindow);
    this.longMax = new BlockMax(o.noveltyWindow);
  }

  /** Points scored so far (non-finite values are not counted). */
  get count(): number {
    return this.n;
  }

  /** Scores the next point (timestamps in ms). A non-finite value scores 0 and leaves the state as it was. */
  update(ts: number, value: number): DetectorOutput {
    if (!Number.isFinite(value)) return { score: 0, alert: false, expected: Number.NaN, evidence: 0 };
    this.learnStep(ts);
    const o = this.options;
    const dayBin = this.day?.bin(ts) ?? -1;
    const weekBin = this.week?.bin(ts) ?? -1;
    const dayBase = dayBin >= 0 ? this.day?.at(dayBin) : undefined;
    const weekBase = weekBin >= 0 ? this.week?.at(weekBin) : undefined;
    // A floor on the residual scale so a perfectly predicted series does not divide by zero.
    const floor = 1e-3 * this.spread + 1e-9 * Math.abs(this.mean) + 1e-12;

    let best: Model | undefined;
    let bestBase = 0;
    for (const m of this.models) {
      const base = m.season === 0 ? 0 : m.season === 1 ? dayBase : weekBase;
      if (base === undefined || m.updates < MIN_MODEL_UPDATES) continue;
      if (best === undefined || m.mae < best.mae) {
        best = m;
        bestBase = base;
      }
    }
    const expected = best === undefined ? Number.NaN : bestBase + best.level;
    let z = 0;
    if (best !== undefined) {
      const noiseBin = this.dayNoise?.bin(ts) ?? -1;
      const typical = noiseBin >= 0 ? this.dayNoise?.at(noiseBin) : undefined;
      const err = Math.abs(value - expected);
      z = err / Math.max(best.mae, typical ?? 0, floor);
      if (noiseBin >= 0) this.dayNoise?.update(noiseBin, err);
    }
    this.learn(value, dayBin, weekBin, dayBase, weekBase);

    const u = Math.log1p(z);
    const slot = this.n % this.recent.length;
    this.recentSum += u - (this.recent[slot] ?? 0);
    this.recent[slot] = u;
    const short = this.recentSum / Math.min(this.n + 1, this.recent.length);
    let score = 0;
    if (this.n >= o.warmup && this.history.size > 1) {
      const q = normalTail((short - this.history.mean) / Math.max(this.history.std, 1e-6));
      score = Math.min(1, Math.max(0, -Math.log10(Math.max(q, 1e-300)) / 10));
    }
    this.history.push(u);
    const novel = short >= o.noveltyRatio * this.recentMax.max;
    this.recentMax.push(short);

    const hi = this.valueMax.max;
    const lo = -this.valueMin.max;
    const beyond = hi > lo ? Math.max(value - hi, lo - value) / (hi - lo) : 0;
    this.valueMax.push(value);
    this.valueMin.push(-value);
    const outOfRange = this.n >= o.warmup && beyond >= o.rangeShare;

    // Long channel: the mean residual over `longWindow` points against its own history catches a
    // change of burst density or noise level that no single point shows.
    let evidence = score > 0 && novel ? score : 0;
    if (o.longWindow > 0) {
      const ls = this.n % this.longBuf.length;
      this.longSum += u - (this.longBuf[ls] ?? 0);
      this.longBuf[ls] = u;
      if (this.n + 1 >= this.longBuf.length) {
        const avg = this.longSum / this.longBuf.length;
        if (this.n >= o.warmup && this.longHistory.size > o.longWindow) {
          const q = normalTail((avg - this.longHistory.mean) / Math.max(this.longHistory.std, 1e-6));
          const s2 = Math.min(1, Math.max(0, -Math.log10(Math.max(q, 1e-300)) / 10));
          if (avg >= o.noveltyRatio * this.longMax.max) {
            evidence = Math.max(evidence, s2);
            if (s2 >= o.threshold) score = Math.max(score, s2);
          }
        }
        this.longHistory.push(avg);
        this.longMax.push(avg);
      }
    }
    if (outOfRange) {
      score = Math.max(score, o.threshold);
      evidence = 1;
    }
    let alert = false;
    if (evidence > 0 && evidence >= o.threshold && this.n - this.lastAlert > o.suppress) {
      alert = true;
      this.lastAlert = this.n;
    }
    this.n++;
    return { score, alert, expected, evidence };
  }

  /** Updates every forecaster, the seasonal profiles and the scale floor with the new value. */
  private learn(
    value: number,
    dayBin: number,
    weekBin: number,
    dayBase: number | undefined,
    weekBase: number | undefined,
  ): void {
    const o = this.options;
    for (const m of this.models) {
      const base = m.season === 0 ? 0 : m.season === 1 ? dayBase : weekBase;
      if (base === undefined) continue;
      const target = value - base;
      if (m.updates === 0) m.level = target;
      else {
        const err = Math.abs(target - m.level);
        m.mae = m.updates === 1 ? err : m.mae + o.errorAlpha * (err - m.mae);
        m.level += m.alpha * (target - m.level);
      }
      m.updates++;
    }
    if (dayBin >= 0) this.day?.update(dayBin, value);
    if (weekBin >= 0) this.week?.update(weekBin, value);
    this.spread = this.n === 0 ? 0 : this.spread + o.errorAlpha * (Math.abs(value - this.mean) - this.spread);
    this.mean = this.n === 0 ? value : this.mean + o.errorAlpha * (value - this.mean);
  }

  /** Learns the sampling step from the first intervals, then switches the seasonal models on. */
  private learnStep(ts: number): void {
    if (this.steps.length < STEP_SAMPLES && Number.isFinite(this.lastTs) && ts > this.lastTs) {
      this.steps.push(ts - this.lastTs);
      if (this.steps.length === STEP_SAMPLES) {
        const step = [...this.steps].sort((a, b) => a - b)[STEP_SAMPLES >> 1] ?? DAY_MS;
        const o = this.options;
        // A season needs a few bins per period to be worth modelling.
        if (DAY_MS / step >= 4) {
          this.day = new SeasonalProfile(DAY_MS, step, o.seasonAlpha, 1440);
          this.dayNoise = new SeasonalProfile(DAY_MS, step * o.noiseBinRows, o.seasonAlpha, 480);
        }
        if (WEEK_MS / step >= 14) this.week = new SeasonalProfile(WEEK_MS, step, o.seasonAlpha, 2016);
      }
    }
    this.lastTs = ts;
  }
}
