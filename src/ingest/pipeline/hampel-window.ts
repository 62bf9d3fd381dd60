/**
 * A streaming Hampel filter over the last `size` values of a series. The window is kept both in
 * arrival order (a ring, to know what leaves) and sorted (insertion by binary search and a shift),
 * so the median is O(1) and the MAD is O(size) by merging the deviations on both sides of the
 * median: no allocation and no sort per point. Written by hand because the published Hampel
 * packages recompute over whole arrays, which is O(n·w log w) with an allocation per point.
 */
export class HampelWindow {
  private readonly ring: Float64Array;
  private readonly sorted: Float64Array;
  private head = 0;
  private n = 0;

  constructor(readonly size: number) {
    this.ring = new Float64Array(size);
    this.sorted = new Float64Array(size);
  }

  get count(): number {
    return this.n;
  }

  /** Adds a value, dropping the oldest when full. */
  push(v: number): void {
    const s = this.sorted;
    if (this.n === this.size) {
      const old = this.ring[this.head]!;
      let i = this.indexOf(old);
      // Remove `old`, then insert `v`, shifting only the span between them.
      while (i > 0 && s[i - 1]! > v) {
        s[i] = s[i - 1]!;
        i--;
      }
      while (i < this.n - 1 && s[i + 1]! < v) {
        s[i] = s[i + 1]!;
        i++;
      }
      s[i] = v;
      this.ring[this.head] = v;
      this.head = (this.head + 1) % this.size;
      return;
    }
    let i = this.n;
    while (i > 0 && s[i - 1]! > v) {
      s[i] = s[i - 1]!;
      i--;
    }
    s[i] = v;
    this.ring[(this.head + this.n) % this.size] = v;
    this.n++;
  }

  /** Smallest value in the window (NaN when empty). */
  min(): number {
    return this.n > 0 ? this.sorted[0]! : Number.NaN;
  }

  /** Largest value in the window (NaN when empty). */
  max(): number {
    return this.n > 0 ? this.sorted[this.n - 1]! : Number.NaN;
  }

  median(): number {
    const s = this.sorted;
    const n = this.n;
    const m = n >> 1;
    return n % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  }

  /** Median absolute deviation from `med`, by a two-pointer merge outward from the median. */
  mad(med: number): number {
    const s = this.sorted;
    const n = this.n;
    if (n === 0) return 0;
    // First index with s[i] >= med.
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid]! < med) lo = mid + 1;
      else hi = mid;
    }
    let l = lo - 1;
    let r = lo;
    const k = n >> 1; // deviations needed: the k-th (0-based) and, for even n, the (k-1)-th.
    let prev = 0;
    let cur = 0;
    for (let taken = 0; taken <= k; taken++) {
      const dl = l >= 0 ? med - s[l]! : Number.POSITIVE_INFINITY;
      const dr = r < n ? s[r]! - med : Number.POSITIVE_INFINITY;
      prev = cur;
      if (dl <= dr) {
        cur = dl;
        l--;
      } else {
        cur = dr;
        r++;
      }
    }
    return n % 2 === 1 ? cur : (prev + cur) / 2;
  }

  /**
   * True when `v` is an outlier against the current window: |v − median| > sigmas × 1.4826 × MAD.
   * With MAD 0 (a flat window) any different value is an outlier, which is what Hampel says; the
   * stuck-sensor check reports flat windows separately.
   */
  isOutlier(v: number, sigmas: number, minPoints: number): boolean {
    if (this.n < minPoints) return false;
    const med = this.median();
    const scale = 1.4826 * this.mad(med);
    const dev = Math.abs(v - med);
    return scale === 0 ? dev > 1e-9 * Math.max(1, Math.abs(med)) : dev > sigmas * scale;
  }

  private indexOf(v: number): number {
    const s = this.sorted;
    let lo = 0;
    let hi = this.n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (s[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
