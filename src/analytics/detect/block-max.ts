/**
 * Maximum of roughly the last `capacity` values in fixed, small memory: the values are grouped in
 * blocks of ⌈capacity / blocks⌉ and only each block's maximum is kept, so a window of 12,000 rows
 * costs 64 numbers instead of 12,000 (an exact monotonic deque keeps up to `capacity` slots per
 * window, and the detector keeps four such windows per series). The window is the current partial
 * block plus the `blocks − 1` newest full blocks: from `blocks − 1` to `blocks` block lengths, so
 * about `capacity` values give or take one block.
 * O(1) amortised per push (the full blocks' maximum is recomputed once per block).
 */
export class BlockMax {
  readonly blockSize: number;
  private readonly ring: Float64Array;
  private head = 0;
  private full = 0;
  private fullMax = Number.NEGATIVE_INFINITY;
  private partial = Number.NEGATIVE_INFINITY;
  private inBlock = 0;

  constructor(capacity: number, blocks = 64) {
    const b = Math.max(2, Math.floor(blocks));
    this.blockSize = Math.max(1, Math.ceil(Math.max(1, capacity) / b));
    this.ring = new Float64Array(b - 1);
  }

  /** The maximum of the window, or -Infinity when empty. */
  get max(): number {
    return Math.max(this.partial, this.fullMax);
  }

  push(x: number): void {
    if (x > this.partial || this.inBlock === 0)
      this.partial = this.inBlock === 0 ? x : Math.max(x, this.partial);
    if (++this.inBlock < this.blockSize) return;
    // The block is complete: it replaces the oldest full block.
    if (this.ring.length > 0) {
      this.ring[this.head] = this.partial;
      this.head = (this.head + 1) % this.ring.length;
      if (this.full < this.ring.length) this.full++;
      let m = Number.NEGATIVE_INFINITY;
      for (let i = 0; i < this.full; i++) m = Math.max(m, this.ring[i] ?? m);
      this.fullMax = m;
    }
    this.partial = Number.NEGATIVE_INFINITY;
    this.inBlock = 0;
  }
}
