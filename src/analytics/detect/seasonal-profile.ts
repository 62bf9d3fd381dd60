/**
 * The typical value at each phase of a season (a day or a week), one exponentially smoothed value
 * per bin, keyed by time of day/week rather than by row count so gaps and jitter do not shift it.
 * Memory is fixed by the bin count (at most `maxBins`), independent of how long the series runs.
 */
export class SeasonalProfile {
  private readonly values: Float64Array;
  private readonly seen: Uint8Array;
  private readonly binMs: number;

  constructor(
    private readonly periodMs: number,
    stepMs: number,
    private readonly alpha: number,
    maxBins: number,
  ) {
    const bins = Math.max(1, Math.min(maxBins, Math.round(periodMs / stepMs)));
    this.binMs = periodMs / bins;
    this.values = new Float64Array(bins);
    this.seen = new Uint8Array(bins);
  }

  get bins(): number {
    return this.values.length;
  }

  bin(ts: number): number {
    const phase = ((ts % this.periodMs) + this.periodMs) % this.periodMs;
    return Math.min(this.values.length - 1, Math.floor(phase / this.binMs));
  }

  /** The bin's smoothed value, or undefined before a full season has passed through it. */
  at(bin: number): number | undefined {
    return this.seen[bin] ? this.values[bin] : undefined;
  }

  update(bin: number, x: number): void {
    if (this.seen[bin])
      this.values[bin] = (this.values[bin] ?? 0) + this.alpha * (x - (this.values[bin] ?? 0));
    else {
      this.values[bin] = x;
      this.seen[bin] = 1;
    }
  }
}
