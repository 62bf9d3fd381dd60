/**
 * Time-window segment algebra of Vidal et al. (2013), "A hybrid genetic algorithm with adaptive
 * diversity management for a large class of vehicle routing problems with time-windows": a visit
 * sequence is summarised by its minimum duration D, time warp TW, earliest E and latest L start;
 * two summaries concatenate in O(1). A mutable object so the hot loops allocate nothing.
 */
export class TimeSegment {
  d = 0;
  tw = 0;
  e = 0;
  l = 0;

  set(d: number, tw: number, e: number, l: number): void {
    this.d = d;
    this.tw = tw;
    this.e = e;
    this.l = l;
  }

  /** this ← this ⊕ (d2, tw2, e2, l2), `t` the travel time from this segment's last node. */
  append(t: number, d2: number, tw2: number, e2: number, l2: number): void {
    const delta = this.d - this.tw + t;
    const waitAdd = Math.max(e2 - delta - this.l, 0);
    const warpAdd = Math.max(this.e + delta - l2, 0);
    this.e = Math.max(e2 - delta, this.e) - waitAdd;
    this.l = Math.min(l2 - delta, this.l) + warpAdd;
    this.d = this.d + d2 + t + waitAdd;
    this.tw = this.tw + tw2 + warpAdd;
  }
}
