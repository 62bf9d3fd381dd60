/**
 * Split: the optimal cutting of a giant tour into routes (Prins 2004; Vidal 2016, "Split algorithm
 * in O(n) for the capacitated vehicle routing problem", C&OR 69). Costs are penalised: distance +
 * wQ·excess load (+ wT·(time warp + excess duration) when time matters).
 *
 * - No time constraints: Vidal's linear-time algorithm. With a soft capacity each predecessor i
 *   offers f_i(x) = a_i + wQ·max(0, x − b_i) over the cumulative load x, with b_i increasing in i;
 *   f_i − f_k (i < k) is non-decreasing in x, so a later candidate that overtakes the front keeps
 *   the lead, and the deque of non-dominated predecessors needs only front and back checks.
 *   The fleet limit (at most R routes) runs the same deque once per route count: O(R·n).
 * - Time windows or a duration limit: the route cost is not of that form, so the Bellman split
 *   in O(n·B) (routes of load at most 1.5·Q, as bounded in HGS) with O(1) route extension.
 */
import { TimeSegment } from './time-segment.js';
import type { RoutingInstance } from './types.js';

export class Splitter {
  private readonly n: number;
  private readonly pot: Float64Array;
  private readonly pred: Int32Array;
  private readonly cumDist: Float64Array;
  private readonly cumLoad: Float64Array;
  private readonly deque: Int32Array;
  private readonly layerPot: Float64Array;
  private readonly layerPred: Int32Array;
  private readonly seg = new TimeSegment();
  private readonly timed: boolean;
  private readonly maxLayers: number;
  private head = 0;
  private back = 0;

  constructor(
    private readonly inst: RoutingInstance,
    maxRoutes: number,
  ) {
    const n = inst.size - 1;
    this.n = n;
    this.pot = new Float64Array(n + 1);
    this.pred = new Int32Array(n + 1);
    this.cumDist = new Float64Array(n + 1);
    this.cumLoad = new Float64Array(n + 1);
    this.deque = new Int32Array(n + 1);
    this.maxLayers = maxRoutes;
    this.layerPot = new Float64Array((maxRoutes + 1) * (n + 1));
    this.layerPred = new Int32Array((maxRoutes + 1) * (n + 1));
    this.timed = inst.hasTimeWindows || Number.isFinite(inst.maxDuration);
  }

  /**
   * Cuts `tour` (customers 1..n) into at most `maxRoutes` routes; writes route ends (exclusive
   * positions in the tour) into `ends` and returns the number of routes.
   */
  split(tour: Int32Array, wQ: number, wT: number, ends: Int32Array): number {
    const n = this.n;
    if (n === 0) return 0;
    let routes = this.timed ? this.bellman(tour, wQ, wT, ends) : this.linear(tour, wQ, ends);
    if (routes > this.maxLayers)
      routes = this.timed ? this.bellmanLimited(tour, wQ, wT, ends) : this.linearLimited(tour, wQ, ends);
    return routes;
  }

  private prepare(tour: Int32Array): void {
    const { dist, demand, size } = this.inst;
    const cd = this.cumDist;
    const cl = this.cumLoad;
    cd[0] = 0;
    cl[0] = 0;
    cd[1] = 0;
    cl[1] = demand[tour[0]!]!;
    for (let i = 2; i <= this.n; i++) {
      const a = tour[i - 2]!;
      const b = tour[i - 1]!;
      cd[i] = cd[i - 1]! + dist[a * size + b]!;
      cl[i] = cl[i - 1]! + demand[b]!;
    }
  }

  private linear(tour: Int32Array, wQ: number, ends: Int32Array): number {
    this.prepare(tour);
    const n = this.n;
    const p = this.pot;
    const pr = this.pred;
    p[0] = 0;
    const dq = this.deque;
    let head = 0;
    let tail = 0;
    dq[0] = 0;
    for (let j = 1; j <= n; j++) {
      const x = this.cumLoad[j]!;
      while (tail > head && this.f(dq[head + 1]!, x, wQ, tour) <= this.f(dq[head]!, x, wQ, tour)) head++;
      const i = dq[head]!;
      p[j] = this.f(i, x, wQ, tour) + this.closing(j, tour);
      pr[j] = i;
      if (j < n) {
        this.head = head;
        this.back = tail;
        this.pushBack(j, wQ, tour, p);
        head = this.head;
        tail = this.back;
      }
    }
    return this.unwind(pr, n, ends);
  }

  private linearLimited(tour: Int32Array, wQ: number, ends: Int32Array): number {
    this.prepare(tour);
    const n = this.n;
    const R = this.maxLayers;
    const stride = n + 1;
    const P = this.layerPot;
    const PR = this.layerPred;
    P.fill(Number.POSITIVE_INFINITY);
    P[0] = 0;
    const dq = this.deque;
    let bestK = 1;
    let best = Number.POSITIVE_INFINITY;
    for (let k = 1; k <= R; k++) {
      const prev = this.pot;
      for (let i = 0; i <= n; i++) prev[i] = P[(k - 1) * stride + i]!;
      let head = 0;
      let tail = -1;
      // Candidates i ≥ k − 1 (k − 1 routes can cover at most i customers only if i ≥ k − 1).
      for (let j = k; j <= n; j++) {
        const i0 = j - 1;
        if (prev[i0]! < Number.POSITIVE_INFINITY) {
          this.head = head;
          this.back = tail;
          this.pushBack(i0, wQ, tour, prev);
          head = this.head;
          tail = this.back;
        }
        if (tail < head) continue;
        const x = this.cumLoad[j]!;
        while (
          tail > head &&
          this.fp(prev, dq[head + 1]!, x, wQ, tour) <= this.fp(prev, dq[head]!, x, wQ, tour)
        )
          head++;
        const i = dq[head]!;
        P[k * stride + j] = this.fp(prev, i, x, wQ, tour) + this.closing(j, tour);
        PR[k * stride + j] = i;
      }
      const c = P[k * stride + n]!;
      if (c < best - 1e-9) {
        best = c;
        bestK = k;
      }
    }
    return this.unwindLayers(n, bestK, ends);
  }

  /** a_i + wQ·max(0, x − b_i) with the potential of `p` (the unlimited pass uses this.pot). */
  private f(i: number, x: number, wQ: number, tour: Int32Array): number {
    return this.fp(this.pot, i, x, wQ, tour);
  }

  private fp(p: Float64Array, i: number, x: number, wQ: number, tour: Int32Array): number {
    const a = p[i]! + this.inst.dist[tour[i]!]! - this.cumDist[i + 1]!;
    const over = x - this.cumLoad[i]! - this.inst.capacity;
    return a + (over > 0 ? wQ * over : 0);
  }

  private closing(j: number, tour: Int32Array): number {
    return this.cumDist[j]! + this.inst.dist[tour[j - 1]! * this.inst.size]!;
  }

  /** Appends predecessor k to the deque (this.head..this.back) unless it can never be the best. */
  private pushBack(k: number, wQ: number, tour: Int32Array, p: Float64Array): void {
    const { dist } = this.inst;
    const dq = this.deque;
    const head = this.head;
    let tail = this.back;
    const ak = p[k]! + dist[tour[k]!]! - this.cumDist[k + 1]!;
    while (tail >= head) {
      const b = dq[tail]!;
      const ab = p[b]! + dist[tour[b]!]! - this.cumDist[b + 1]!;
      if (ak <= ab) tail--;
      else break;
    }
    if (tail >= head) {
      const b = dq[tail]!;
      const ab = p[b]! + dist[tour[b]!]! - this.cumDist[b + 1]!;
      // k can never overtake b: its lead a_k − a_b exceeds what b's extra load can cost.
      if (ak - ab > (this.cumLoad[k]! - this.cumLoad[b]!) * wQ) {
        this.back = tail;
        return;
      }
    }
    tail++;
    dq[tail] = k;
    this.back = tail;
  }

  private unwind(pr: Int32Array, n: number, ends: Int32Array): number {
    let count = 0;
    for (let j = n; j > 0; j = pr[j]!) count++;
    let r = count;
    for (let j = n; j > 0; j = pr[j]!) ends[--r] = j;
    return count;
  }

  /** Route ends of the best `k`-route split from the layered predecessors (`k` routes at most). */
  private unwindLayers(n: number, k: number, ends: Int32Array): number {
    const stride = n + 1;
    let j = n;
    for (let r = k; r >= 1; r--) {
      ends[r - 1] = j;
      j = this.layerPred[r * stride + j]!;
    }
    return k;
  }

  /** Penalised cost of the route made of tour positions i+1..j, extended one customer at a time. */
  private bellman(tour: Int32Array, wQ: number, wT: number, ends: Int32Array): number {
    const n = this.n;
    const p = this.pot;
    p.fill(Number.POSITIVE_INFINITY);
    p[0] = 0;
    for (let i = 0; i < n; i++) this.relax(tour, wQ, wT, i, p, this.pred, p);
    return this.unwind(this.pred, n, ends);
  }

  private bellmanLimited(tour: Int32Array, wQ: number, wT: number, ends: Int32Array): number {
    const n = this.n;
    const R = this.maxLayers;
    const stride = n + 1;
    const P = this.layerPot;
    const PR = this.layerPred;
    P.fill(Number.POSITIVE_INFINITY);
    P[0] = 0;
    let bestK = 1;
    let best = Number.POSITIVE_INFINITY;
    for (let k = 1; k <= R; k++) {
      const prev = P.subarray((k - 1) * stride, k * stride);
      const cur = P.subarray(k * stride, (k + 1) * stride);
      const pred = PR.subarray(k * stride, (k + 1) * stride);
      for (let i = k - 1; i < n; i++)
        if (prev[i]! < Number.POSITIVE_INFINITY) this.relax(tour, wQ, wT, i, prev, pred, cur);
      if (cur[n]! < best - 1e-9) {
        best = cur[n]!;
        bestK = k;
      }
    }
    return this.unwindLayers(n, bestK, ends);
  }

  private relax(
    tour: Int32Array,
    wQ: number,
    wT: number,
    i: number,
    from: Float64Array,
    pred: Int32Array,
    to: Float64Array,
  ): void {
    const { dist, size, demand, service, ready, due, capacity, maxDuration } = this.inst;
    const seg = this.seg;
    const n = this.n;
    seg.set(0, 0, ready[0]!, due[0]!);
    let last = 0;
    let load = 0;
    let d = 0;
    const base = from[i]!;
    for (let j = i + 1; j <= n; j++) {
      const u = tour[j - 1]!;
      load += demand[u]!;
      if (j > i + 1 && load > 1.5 * capacity) break;
      const t = dist[last * size + u]!;
      d += t;
      seg.append(t, service[u]!, 0, ready[u]!, due[u]!);
      last = u;
      // Close the route at the depot without disturbing the running segment.
      const back = dist[u * size]!;
      const delta = seg.d - seg.tw + back;
      const warp = Math.max(seg.e + delta - due[0]!, 0);
      const wait = Math.max(ready[0]! - delta - seg.l, 0);
      const dur = seg.d + back + wait;
      const tw = seg.tw + warp;
      const over = load - capacity;
      const cost = base + d + back + (over > 0 ? wQ * over : 0) + wT * (tw + Math.max(0, dur - maxDuration));
      if (cost < to[j]!) {
        to[j] = cost;
        pred[j] = i;
      }
    }
  }
}
