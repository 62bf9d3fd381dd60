/**
 * Streaming anomaly detector: one instance per series, O(1) time and fixed memory per point, and
 * strictly causal (a point's score depends only on it and the points before it).
 *
 * For each point it
 * 1. forecasts the value with several simple models that together cover level, drift and daily and
 *    weekly seasonality: a fast and a slow exponential level, and the same two on top of a
 *    daily and a weekly seasonal profile (typical value per time-of-day / time-of-week bin);
 * 2. takes the residual of the model that has recently been most accurate (smallest smoothed
 *    absolute error) and scales it by that error: z = |x − x̂| / MAE;
 * 3. turns the short-term average of log(1 + z) into a likelihood against its own long-run
 *    distribution (mean and deviation over the last `historyWindow` points), as Numenta's
 *    "anomaly likelihood" does for HTM: score = −log10(tail probability) / 10, clipped to [0, 1];
 * 4. raises an alert when the score reaches the threshold, then holds alerts for `suppress` points so
 *    one event raises one alert.
 * The sampling step is learnt from the first intervals; seasonal models switch on by themselves.
 */
import { normalTail } from './normal-tail.js';
import { DEFAULT_DETECTOR_OPTIONS, type DetectorOptions } from './options.js';
import { RollingStats } from './rolling-stats.js';
import { SeasonalProfile } from './seasonal-profile.js';
import { SlidingMax } from './sliding-max.js';

export interface DetectorOutput {
  /** Anomaly score in [0, 1]; 0 during warm-up. */
  readonly score: number;
  readonly alert: boolean;
  /** Forecast of the model used for this point (NaN before any forecast). */
  readonly expected: number;
}

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;
const STEP_SAMPLES = 8;
const MIN_MODEL_UPDATES = 20;

/** One forecaster: level of (x − seasonal) smoothed with `alpha`, and its recent absolute error. */
interface Model {
  readonly alpha: number;
  readonly season: 0 | 1 | 2; // none, day, week
  level: number;
  mae: number;
  updates: number;
}

export class StreamingDetector {
  readonly options: DetectorOptions;
  private readonly models: Model[];
  private day: SeasonalProfile | undefined;
  private week: SeasonalProfile | undefined;
  private readonly history: RollingStats;
  private readonly recent: Float64Array;
  private recentSum = 0;
  private n = 0;
  private lastTs = Number.NaN;
  private readonly steps: number[] = [];
  private lastAlert = Number.NEGATIVE_INFINITY;
  private spread = 0;
  private mean = 0;
  private record = 0;
  private readonly window: SlidingMax;
  private readonly recentRaw: Float64Array;
  private recentRawSum = 0;

  constructor(options: Partial<DetectorOptions> = {}) {
    this.options = { ...DEFAULT_DETECTOR_OPTIONS, ...options };
    const o = this.options;
    this.models = [];
    for (const season of [0, 1, 2] as const)
      for (const alpha of [o.fastAlpha, o.slowAlpha])
        this.models.push({ alpha, season, level: 0, mae: 0, updates: 0 });
    this.history = new RollingStats(o.historyWindow);
    this.recent = new Float64Array(Math.max(1, o.shortWindow));
    this.recentRaw = new Float64Array(Math.max(1, o.shortWindow));
    this.window = new SlidingMax(o.historyWindow);
  }

  /** Points seen so far. */
  get count(): number {
    return this.n;
  }

  /** Scores the next point (timestamps in ms, non-decreasing). A non-finite value scores 0 and is skipped. */
  update(ts: number, value: number): DetectorOutput {
    if (!Number.isFinite(value)) return { score: 0, alert: false, expected: Number.NaN };
    this.learnStep(ts);
    const o = this.options;
    const dayBin = this.day?.bin(ts) ?? -1;
    const weekBin = this.week?.bin(ts) ?? -1;
    const dayBase = dayBin >= 0 ? this.day?.at(dayBin) : undefined;
    const weekBase = weekBin >= 0 ? this.week?.at(weekBin) : undefined;
    const floor = 1e-3 * this.spread + 1e-9 * Math.abs(this.mean) + 1e-12;

    let best: Model | undefined;
    let bestBase = 0;
    let zMin = Number.POSITIVE_INFINITY;
    for (const m of this.models) {
      const base = m.season === 0 ? 0 : m.season === 1 ? dayBase : weekBase;
      if (base === undefined || m.updates < MIN_MODEL_UPDATES) continue;
      const zk = Math.abs(value - base - m.level) / Math.max(m.mae, floor);
      if (zk < zMin) zMin = zk;
      if (best === undefined || m.mae < best.mae) {
        best = m;
        bestBase = base;
      }
    }
    const expected = best === undefined ? Number.NaN : bestBase + best.level;
    const zBest = best === undefined ? 0 : Math.abs(value - expected) / Math.max(best.mae, floor);
    const z = best === undefined ? 0 : o.combine === 'min' ? zMin : zBest;

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

    const u = o.saturate > 0 ? 1 - Math.exp(-z / o.saturate) : Math.log1p(z);
    const slot = this.n % this.recent.length;
    this.recentSum += u - (this.recent[slot] ?? 0);
    this.recent[slot] = u;
    const short = this.recentSum / Math.min(this.n + 1, this.recent.length);
    let score = 0;
    if (o.scoring === 'max') {
      const stat = o.useLog ? short : this.recentZ(z);
      const m = this.window.max;
      if (this.n >= o.warmup && this.window.count >= o.minHistory)
        score = m > 0 ? Math.min(1, (0.5 * stat) / m) : stat > 0 ? 1 : 0;
      this.window.push(stat);
    } else if (o.scoring === 'record') {
      if (this.n >= o.warmup && this.record > 0) score = Math.min(1, (0.5 * short) / this.record);
      this.record = Math.max(this.record * o.recordDecay, short);
    } else if (this.n >= o.warmup && this.history.size > 1) {
      const sd = Math.max(this.history.std, 1e-6);
      const k = Math.min(this.n + 1, this.recent.length);
      const qShort = normalTail((short - this.history.mean) / (sd / Math.sqrt(k) ** o.shortDamping));
      const qPoint = normalTail((u - this.history.mean) / sd);
      const q = o.pointScore ? Math.min(qShort, qPoint) : qShort;
      score = Math.min(1, Math.max(0, -Math.log10(Math.max(q, 1e-300)) / 10));
    }
    this.history.push(u);
    let alert = false;
    if (score >= o.threshold && this.n - this.lastAlert > o.suppress) {
      alert = true;
      this.lastAlert = this.n;
    }
    this.n++;
    return { score, alert, expected };
  }

  /** Mean of the raw scaled residuals over the short window, including this one. */
  private recentZ(z: number): number {
    const slot = this.n % this.recentRaw.length;
    this.recentRawSum += z - (this.recentRaw[slot] ?? 0);
    this.recentRaw[slot] = z;
    return this.recentRawSum / Math.min(this.n + 1, this.recentRaw.length);
  }

  /** Learns the sampling step from the first intervals, then switches the seasonal models on. */
  private learnStep(ts: number): void {
    if (this.steps.length < STEP_SAMPLES && Number.isFinite(this.lastTs) && ts > this.lastTs) {
      this.steps.push(ts - this.lastTs);
      if (this.steps.length === STEP_SAMPLES) {
        const step = [...this.steps].sort((a, b) => a - b)[STEP_SAMPLES >> 1] ?? DAY_MS;
        // A season needs a few bins per period and at least a few periods' worth of memory.
        if (DAY_MS / step >= 4) this.day = new SeasonalProfile(DAY_MS, step, this.options.seasonAlpha, 1440);
        if (WEEK_MS / step >= 14)
          this.week = new SeasonalProfile(WEEK_MS, step, this.options.seasonAlpha, 2016);
      }
    }
    this.lastTs = ts;
  }
}
