/**
 * Maximum of the last `capacity` values in O(1) amortised time and fixed memory: a monotonic deque
 * (values decreasing from front to back) kept in ring buffers of `capacity` slots.
 */
export class SlidingMax {
  private readonly idx: Float64Array;
  private readonly val: Float64Array;
  private front = 0;
  private length = 0;
  private n = 0;

  constructor(readonly capacity: number) {
    this.idx = new Float64Array(Math.max(1, capacity));
    this.val = new Float64Array(Math.max(1, capacity));
  }

  /** Values pushed so far (not capped by the window). */
  get count(): number {
    return this.n;
  }

  /** The maximum of the window, or -Infinity when empty. */
  get max(): number {
    return this.length === 0 ? Number.NEGATIVE_INFINITY : (this.val[this.front] ?? Number.NEGATIVE_INFINITY);
  }

  push(x: number): void {
    const cap = this.idx.length;
    // Drop the front if it left the window, then every back value not above the new one.
    if (this.length > 0 && (this.idx[this.front] ?? 0) <= this.n - cap) {
      this.front = (this.front + 1) % cap;
      this.length--;
    }
    while (this.length > 0) {
      const back = (this.front + this.length - 1) % cap;
      if ((this.val[back] ?? 0) > x) break;
      this.length--;
    }
    const slot = (this.front + this.length) % cap;
    this.idx[slot] = this.n;
    this.val[slot] = x;
    this.length++;
    this.n++;
  }
}
