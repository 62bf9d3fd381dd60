/**
 * Mean and standard deviation of the last `capacity` values, O(1) per push and fixed memory
 * (a ring buffer with running sums, re-summed every `capacity` pushes so rounding cannot drift).
 */
export class RollingStats {
  private readonly buf: Float64Array;
  private head = 0;
  private count = 0;
  private sum = 0;
  private sumSq = 0;
  private sinceResum = 0;

  constructor(readonly capacity: number) {
    this.buf = new Float64Array(Math.max(1, capacity));
  }

  push(x: number): void {
    if (this.count === this.buf.length) {
      const old = this.buf[this.head] ?? 0;
      this.sum -= old;
      this.sumSq -= old * old;
    } else this.count++;
    this.buf[this.head] = x;
    this.sum += x;
    this.sumSq += x * x;
    this.head = (this.head + 1) % this.buf.length;
    if (++this.sinceResum >= this.buf.length) this.resum();
  }

  get size(): number {
    return this.count;
  }

  get mean(): number {
    return this.count === 0 ? 0 : this.sum / this.count;
  }

  get std(): number {
    if (this.count < 2) return 0;
    const m = this.sum / this.count;
    return Math.sqrt(Math.max(0, this.sumSq / this.count - m * m));
  }

  private resum(): void {
    let s = 0;
    let q = 0;
    for (let i = 0; i < this.count; i++) {
      const v = this.buf[i] ?? 0;
      s += v;
      q += v * v;
    }
    this.sum = s;
    this.sumSq = q;
    this.sinceResum = 0;
  }
}
