/**
 * Points of one series as a chart shows them, with live points folded in: in raw mode they are
 * appended, in bucket mode averaged into the current bucket, and everything older than the
 * window is dropped, so memory stays flat however long the page stays open.
 */
export class SeriesBuffer {
  /** [ts, value] pairs ascending; the chart reads this array directly. */
  data: Array<[number, number]> = [];
  private counts: number[] = [];

  constructor(readonly bucketMs: number | undefined) {}

  /** Replaces the content with a fetched window. */
  load(rows: ReadonlyArray<{ ts: number; value: number; count?: number }>): void {
    this.data = rows.map((r) => [r.ts, r.value]);
    this.counts = rows.map((r) => r.count ?? 1);
  }

  /** Adds a live point (ignored when older than the last one shown). */
  push(ts: number, value: number): void {
    const last = this.data[this.data.length - 1];
    if (this.bucketMs === undefined) {
      if (last && ts <= last[0]) return;
      this.data.push([ts, value]);
      this.counts.push(1);
      return;
    }
    const b = Math.floor(ts / this.bucketMs) * this.bucketMs;
    if (last && b === last[0]) {
      const n = this.counts[this.counts.length - 1] ?? 1;
      last[1] = (last[1] * n + value) / (n + 1);
      this.counts[this.counts.length - 1] = n + 1;
    } else if (!last || b > last[0]) {
      this.data.push([b, value]);
      this.counts.push(1);
    }
  }

  /** Drops points before `from`; returns whether anything was dropped. */
  trim(from: number): boolean {
    let i = 0;
    while (i < this.data.length && (this.data[i]?.[0] ?? 0) < from) i++;
    if (i === 0) return false;
    this.data.splice(0, i);
    this.counts.splice(0, i);
    return true;
  }
}
