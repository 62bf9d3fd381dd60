/**
 * An HGS individual: giant-tour chromosome, its routes, and what they cost. Load and time excess
 * are kept apart from distance so the penalised cost can be recomputed when penalties change.
 */
import type { TimeSegment } from './time-segment.js';
import type { RoutingInstance } from './types.js';

export class Individual {
  readonly tour: Int32Array;
  /** successor / predecessor of each customer (0 = depot), for the broken-pairs distance. */
  readonly succ: Int32Array;
  readonly pred: Int32Array;
  routes: number[][] = [];
  distance = 0;
  excessLoad = 0;
  excessTime = 0;
  cost = 0;
  biased = 0;
  /** Other individuals of the subpopulation by increasing broken-pairs distance. */
  readonly prox: { d: number; ind: Individual }[] = [];

  constructor(n: number) {
    this.tour = new Int32Array(n);
    this.succ = new Int32Array(n + 1);
    this.pred = new Int32Array(n + 1);
  }

  get feasible(): boolean {
    return this.excessLoad < 1e-9 && this.excessTime < 1e-9;
  }

  /** Sets routes, evaluates them from the instance, and rebuilds the giant tour. */
  setRoutes(inst: RoutingInstance, routes: number[][], wQ: number, wT: number, seg: TimeSegment): void {
    this.routes = routes;
    if (inst.coords) {
      // Routes in polar order of their barycentre: neighbouring routes stay close in the tour.
      const c = inst.coords;
      const key = routes.map((r) => {
        let x = 0;
        let y = 0;
        for (const u of r) {
          x += c[2 * u]!;
          y += c[2 * u + 1]!;
        }
        return Math.atan2(y / r.length - c[1]!, x / r.length - c[0]!);
      });
      const idx = routes.map((_, i) => i).sort((a, b) => key[a]! - key[b]!);
      this.routes = idx.map((i) => routes[i]!);
    }
    let p = 0;
    for (const r of this.routes) for (const u of r) this.tour[p++] = u;
    evaluate(inst, this, seg);
    this.reprice(wQ, wT);
  }

  reprice(wQ: number, wT: number): void {
    this.cost = this.distance + wQ * this.excessLoad + wT * this.excessTime;
  }

  /** Broken-pairs distance in [0, 1]: share of customers whose neighbours differ. */
  brokenPairs(o: Individual): number {
    const n = this.succ.length - 1;
    let diff = 0;
    for (let j = 1; j <= n; j++) {
      const s = this.succ[j]!;
      if (s !== o.succ[j] && s !== o.pred[j]) diff++;
      if (this.pred[j] === 0 && o.pred[j] !== 0 && o.succ[j] !== 0) diff++;
    }
    return diff / n;
  }
}

function evaluate(inst: RoutingInstance, ind: Individual, seg: TimeSegment): void {
  const { dist, size, demand, service, ready, due, capacity, maxDuration } = inst;
  let distance = 0;
  let exLoad = 0;
  let exTime = 0;
  for (const r of ind.routes) {
    let last = 0;
    let load = 0;
    let d = 0;
    let serv = 0;
    seg.set(0, 0, ready[0]!, due[0]!);
    for (let k = 0; k < r.length; k++) {
      const u = r[k]!;
      const t = dist[last * size + u]!;
      d += t;
      load += demand[u]!;
      serv += service[u]!;
      if (inst.hasTimeWindows) seg.append(t, service[u]!, 0, ready[u]!, due[u]!);
      ind.pred[u] = last;
      ind.succ[u] = k + 1 < r.length ? r[k + 1]! : 0;
      last = u;
    }
    const back = dist[last * size]!;
    d += back;
    distance += d;
    if (load > capacity) exLoad += load - capacity;
    if (inst.hasTimeWindows) {
      seg.append(back, 0, 0, ready[0]!, due[0]!);
      exTime += seg.tw + Math.max(0, seg.d - maxDuration);
    } else exTime += Math.max(0, d + serv - maxDuration);
  }
  ind.distance = distance;
  ind.excessLoad = exLoad;
  ind.excessTime = exTime;
}
