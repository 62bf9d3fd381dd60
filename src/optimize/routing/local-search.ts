/**
 * Education of HGS (Vidal 2012, 2022): a granular local search over routes held as doubly linked
 * lists in flat typed arrays. For each customer u and each of its Γ nearest v it tries relocate
 * (u, (u,x), (x,u) after v), swap (u↔v, (u,x)↔v, (u,x)↔(v,y)), 2-opt inside a route and both
 * 2-opt* variants between routes, first improvement; then SWAP* (Vidal 2022) between routes whose
 * polar sectors overlap. Infeasibility is priced: distance + wQ·excess load + wT·(time warp +
 * excess duration).
 *
 * Move costs are O(1): every node keeps its prefix (depot → node) distance, load and service, and
 * with time windows also prefix and suffix time segments (see TimeSegment), so an inter-route move
 * is evaluated by concatenating a prefix, one or two nodes and a suffix. Intra-route moves use
 * distance deltas when timing is additive and distances symmetric; otherwise (time windows,
 * asymmetric matrices) the move is applied, the route re-timed by a walk, and undone if worse.
 * Nothing is allocated inside the search.
 */
import type { Rng } from './rng.js';
import { TimeSegment } from './time-segment.js';
import type { RoutingInstance } from './types.js';

const EPS = 1e-7;
const TWO_PI = 2 * Math.PI;

export class LocalSearch {
  readonly routesCap: number;
  private readonly N: number;
  private readonly size: number;
  private readonly dist: Float64Array;
  private readonly demand: Float64Array;
  private readonly service: Float64Array;
  private readonly ready: Float64Array;
  private readonly due: Float64Array;
  private readonly Q: number;
  private readonly maxDur: number;
  private readonly timed: boolean;
  private readonly walkIntra: boolean;
  private readonly neighbours: Int32Array;
  private readonly nbCount: Int32Array;
  private readonly G: number;

  // Node arrays (customers 1..N, start depots N+1.., end depots N+1+R..).
  private readonly loc: Int32Array;
  private readonly nxt: Int32Array;
  private readonly prv: Int32Array;
  private readonly rte: Int32Array;
  private readonly pos: Int32Array;
  private readonly cumDist: Float64Array;
  private readonly cumLoad: Float64Array;
  private readonly cumServ: Float64Array;
  private readonly pD: Float64Array;
  private readonly pTW: Float64Array;
  private readonly pE: Float64Array;
  private readonly pL: Float64Array;
  private readonly sD: Float64Array;
  private readonly sTW: Float64Array;
  private readonly sE: Float64Array;
  private readonly sL: Float64Array;
  private readonly lastTested: Int32Array;
  private readonly angle: Float64Array;

  // Route arrays.
  private readonly rLoad: Float64Array;
  private readonly rDist: Float64Array;
  private readonly rServ: Float64Array;
  private readonly rCost: Float64Array;
  private readonly rPen: Float64Array;
  private readonly rCount: Int32Array;
  private readonly rModified: Int32Array;
  private readonly rSwapTested: Int32Array;
  private readonly rSecStart: Float64Array;
  private readonly rSecWidth: Float64Array;

  private readonly order: Int32Array;
  private readonly routeOrder: Int32Array;
  /** SWAP* cache: three cheapest insertions of customer u into route r, at [(r·(N+1) + u)·3 + k]. */
  private readonly top3Cost: Float64Array;
  private readonly top3Pos: Int32Array;
  /** Move counter when the cache entry (r, u) was computed; stale once route r changed since. */
  private readonly top3At: Int32Array;
  private readonly seg = new TimeSegment();
  private readonly walkSeg = new TimeSegment();

  private wQ = 1;
  private wT = 1;
  private nbMoves = 0;
  private searchCompleted = false;
  private loopID = 0;
  private useSwapStar = true;

  // Accumulator of the route under evaluation.
  private aLast = 0;
  private aDist = 0;
  private aLoad = 0;
  private aServ = 0;

  constructor(
    inst: RoutingInstance,
    routesCap: number,
    granularity: number,
    private readonly rng: Rng,
  ) {
    const N = inst.size - 1;
    this.N = N;
    this.size = inst.size;
    this.routesCap = routesCap;
    this.dist = inst.dist;
    this.demand = inst.demand;
    this.service = inst.service;
    this.ready = inst.ready;
    this.due = inst.due;
    this.Q = inst.capacity;
    this.maxDur = inst.maxDuration;
    this.timed = inst.hasTimeWindows;
    this.walkIntra = inst.hasTimeWindows || !isSymmetric(inst.dist, inst.size);
    const M = N + 1 + 2 * routesCap;
    this.loc = new Int32Array(M);
    for (let i = 1; i <= N; i++) this.loc[i] = i;
    this.nxt = new Int32Array(M);
    this.prv = new Int32Array(M);
    this.rte = new Int32Array(M).fill(-1);
    this.pos = new Int32Array(M);
    this.cumDist = new Float64Array(M);
    this.cumLoad = new Float64Array(M);
    this.cumServ = new Float64Array(M);
    this.pD = new Float64Array(M);
    this.pTW = new Float64Array(M);
    this.pE = new Float64Array(M);
    this.pL = new Float64Array(M);
    this.sD = new Float64Array(M);
    this.sTW = new Float64Array(M);
    this.sE = new Float64Array(M);
    this.sL = new Float64Array(M);
    this.lastTested = new Int32Array(M);
    this.angle = new Float64Array(N + 1);
    if (inst.coords) {
      const x0 = inst.coords[0]!;
      const y0 = inst.coords[1]!;
      for (let i = 1; i <= N; i++) {
        const a = Math.atan2(inst.coords[2 * i + 1]! - y0, inst.coords[2 * i]! - x0);
        this.angle[i] = a < 0 ? a + TWO_PI : a;
      }
    } else this.useSwapStar = false;
    const R = routesCap;
    this.rLoad = new Float64Array(R);
    this.rDist = new Float64Array(R);
    this.rServ = new Float64Array(R);
    this.rCost = new Float64Array(R);
    this.rPen = new Float64Array(R);
    this.rCount = new Int32Array(R);
    this.rModified = new Int32Array(R);
    this.rSwapTested = new Int32Array(R);
    this.rSecStart = new Float64Array(R);
    this.rSecWidth = new Float64Array(R);
    this.order = new Int32Array(N);
    for (let i = 0; i < N; i++) this.order[i] = i + 1;
    this.routeOrder = new Int32Array(R);
    for (let r = 0; r < R; r++) this.routeOrder[r] = r;
    const cacheSize = this.useSwapStar && !inst.hasTimeWindows ? R * (N + 1) : 0;
    this.top3Cost = new Float64Array(3 * cacheSize);
    this.top3Pos = new Int32Array(3 * cacheSize);
    this.top3At = new Int32Array(cacheSize);
    const nb = correlatedNeighbours(inst, Math.min(granularity, N - 1));
    this.neighbours = nb.list;
    this.nbCount = nb.count;
    this.G = nb.stride;
    for (let r = 0; r < R; r++) {
      this.loc[this.startOf(r)] = 0;
      this.loc[this.endOf(r)] = 0;
    }
  }

  private startOf(r: number): number {
    return this.N + 1 + r;
  }

  private endOf(r: number): number {
    return this.N + 1 + this.routesCap + r;
  }

  private d(a: number, b: number): number {
    return this.dist[this.loc[a]! * this.size + this.loc[b]!]!;
  }

  /** Loads routes given as a giant tour and the exclusive end position of each route. */
  load(tour: Int32Array, ends: Int32Array, nbRoutes: number): void {
    let p = 0;
    for (let r = 0; r < this.routesCap; r++) {
      const s = this.startOf(r);
      const e = this.endOf(r);
      let last = s;
      if (r < nbRoutes) {
        const end = ends[r]!;
        for (; p < end; p++) {
          const u = tour[p]!;
          this.nxt[last] = u;
          this.prv[u] = last;
          last = u;
        }
      }
      this.nxt[last] = e;
      this.prv[e] = last;
      this.nxt[e] = s;
      this.prv[s] = e;
      this.updateRoute(r);
    }
  }

  /** Routes (customer lists) after the search, empty routes omitted. */
  routes(): number[][] {
    const out: number[][] = [];
    for (let r = 0; r < this.routesCap; r++) {
      if (this.rCount[r] === 0) continue;
      const route: number[] = [];
      for (let u = this.nxt[this.startOf(r)]!; u <= this.N; u = this.nxt[u]!) route.push(u);
      out.push(route);
    }
    return out;
  }

  /** Runs the search to a local optimum with penalties wQ (load) and wT (time). */
  run(wQ: number, wT: number): void {
    this.wQ = wQ;
    this.wT = wT;
    for (let r = 0; r < this.routesCap; r++) this.updateRoute(r);
    this.nbMoves = 0;
    this.lastTested.fill(-1);
    this.rSwapTested.fill(-1);
    this.rModified.fill(0);
    this.top3At.fill(-1);
    this.rng.shuffle(this.order);
    this.rng.shuffle(this.routeOrder);
    // Shuffle each neighbour list so ties and scan order vary between educations.
    for (let u = 1; u <= this.N; u++) {
      const c = this.nbCount[u]!;
      const base = u * this.G;
      for (let i = c - 1; i > 0; i--) {
        const j = this.rng.int(i + 1);
        const t = this.neighbours[base + i]!;
        this.neighbours[base + i] = this.neighbours[base + j]!;
        this.neighbours[base + j] = t;
      }
    }
    this.searchCompleted = false;
    for (this.loopID = 0; !this.searchCompleted; this.loopID++) {
      if (this.loopID > 1) this.searchCompleted = true;
      for (let k = 0; k < this.N; k++) {
        const u = this.order[k]!;
        const lastU = this.lastTested[u]!;
        this.lastTested[u] = this.nbMoves;
        const base = u * this.G;
        const cnt = this.nbCount[u]!;
        for (let t = 0; t < cnt; t++) {
          const v = this.neighbours[base + t]!;
          if (
            this.loopID > 0 &&
            Math.max(this.rModified[this.rte[u]!]!, this.rModified[this.rte[v]!]!) <= lastU
          )
            continue;
          if (this.tryPair(u, v)) continue;
          const pv = this.prv[v]!;
          if (pv > this.N && this.tryPairDepot(u, pv)) continue;
        }
        if (this.loopID > 0) this.tryEmptyRoute(u);
      }
      if (this.useSwapStar) this.swapStarPass();
    }
  }

  // ---------------------------------------------------------------- route bookkeeping

  private updateRoute(r: number): void {
    const s = this.startOf(r);
    const e = this.endOf(r);
    const timed = this.timed;
    let dist = 0;
    let load = 0;
    let serv = 0;
    let count = 0;
    let last = s;
    this.cumDist[s] = 0;
    this.cumLoad[s] = 0;
    this.cumServ[s] = 0;
    this.pos[s] = 0;
    this.rte[s] = r;
    this.rte[e] = r;
    const seg = this.seg;
    if (timed) {
      seg.set(0, 0, this.ready[0]!, this.due[0]!);
      this.pD[s] = 0;
      this.pTW[s] = 0;
      this.pE[s] = seg.e;
      this.pL[s] = seg.l;
    }
    let secStart = 0;
    let secWidth = 0;
    for (let u = this.nxt[s]!; ; u = this.nxt[u]!) {
      const l = this.loc[u]!;
      const t = this.dist[this.loc[last]! * this.size + l]!;
      dist += t;
      load += this.demand[l]!;
      serv += this.service[l]!;
      this.cumDist[u] = dist;
      this.cumLoad[u] = load;
      this.cumServ[u] = serv;
      this.rte[u] = r;
      this.pos[u] = ++count;
      if (timed) {
        seg.append(t, this.service[l]!, 0, this.ready[l]!, this.due[l]!);
        this.pD[u] = seg.d;
        this.pTW[u] = seg.tw;
        this.pE[u] = seg.e;
        this.pL[u] = seg.l;
      }
      if (u === e) break;
      const a = this.angle[u]!;
      if (count === 1) {
        secStart = a;
        secWidth = 0;
      } else {
        const rel = mod2pi(a - secStart);
        if (rel > secWidth) {
          const back = TWO_PI - rel;
          if (rel - secWidth <= back) secWidth = rel;
          else {
            secStart = a;
            secWidth += back;
          }
        }
      }
      last = u;
    }
    this.rCount[r] = count - 1;
    this.rDist[r] = dist;
    this.rLoad[r] = load;
    this.rServ[r] = serv;
    this.rSecStart[r] = secStart;
    this.rSecWidth[r] = secWidth;
    if (timed) {
      seg.set(0, 0, this.ready[0]!, this.due[0]!);
      this.sD[e] = 0;
      this.sTW[e] = 0;
      this.sE[e] = seg.e;
      this.sL[e] = seg.l;
      for (let u = this.prv[e]!, nx = e; ; nx = u, u = this.prv[u]!) {
        const l = this.loc[u]!;
        seg.set(this.service[l]!, 0, this.ready[l]!, this.due[l]!);
        seg.append(
          this.dist[l * this.size + this.loc[nx]!]!,
          this.sD[nx]!,
          this.sTW[nx]!,
          this.sE[nx]!,
          this.sL[nx]!,
        );
        this.sD[u] = seg.d;
        this.sTW[u] = seg.tw;
        this.sE[u] = seg.e;
        this.sL[u] = seg.l;
        if (u === s) break;
      }
      this.rCost[r] = dist + this.penalty(load, this.pD[e]!, this.pTW[e]!);
    } else this.rCost[r] = dist + this.penalty(load, dist + serv, 0);
    this.rPen[r] = this.rCost[r]! - dist;
  }

  private penalty(load: number, dur: number, tw: number): number {
    let p = 0;
    if (load > this.Q) p += this.wQ * (load - this.Q);
    if (tw > 0) p += this.wT * tw;
    if (dur > this.maxDur) p += this.wT * (dur - this.maxDur);
    return p;
  }

  // ---------------------------------------------------------------- evaluation accumulator

  private accPrefix(a: number): void {
    this.aLast = this.loc[a]!;
    this.aDist = this.cumDist[a]!;
    this.aLoad = this.cumLoad[a]!;
    this.aServ = this.cumServ[a]!;
    if (this.timed) this.seg.set(this.pD[a]!, this.pTW[a]!, this.pE[a]!, this.pL[a]!);
  }

  private accNode(u: number): void {
    const l = this.loc[u]!;
    const t = this.dist[this.aLast * this.size + l]!;
    this.aDist += t;
    this.aLoad += this.demand[l]!;
    this.aServ += this.service[l]!;
    if (this.timed) this.seg.append(t, this.service[l]!, 0, this.ready[l]!, this.due[l]!);
    this.aLast = l;
  }

  private accSuffix(b: number): void {
    const r = this.rte[b]!;
    const t = this.dist[this.aLast * this.size + this.loc[b]!]!;
    const pb = this.prv[b]!;
    this.aDist += t + this.rDist[r]! - this.cumDist[b]!;
    this.aLoad += this.rLoad[r]! - this.cumLoad[pb]!;
    this.aServ += this.rServ[r]! - this.cumServ[pb]!;
    if (this.timed) this.seg.append(t, this.sD[b]!, this.sTW[b]!, this.sE[b]!, this.sL[b]!);
  }

  private accCost(): number {
    if (this.timed) return this.aDist + this.penalty(this.aLoad, this.seg.d, this.seg.tw);
    return this.aDist + this.penalty(this.aLoad, this.aDist + this.aServ, 0);
  }

  /** Cost of a route with its current load/service and a new distance (additive timing only). */
  private costWithDist(r: number, newDist: number): number {
    return newDist + this.penalty(this.rLoad[r]!, newDist + this.rServ[r]!, 0);
  }

  // ---------------------------------------------------------------- moves

  private tryPair(u: number, v: number): boolean {
    const ru = this.rte[u]!;
    const rv = this.rte[v]!;
    if (ru === rv) {
      if (this.walkIntra) return this.intraWalk(u, v);
      return (
        this.intraRelocate(u, v) ||
        this.intraRelocate(u, v, true) ||
        this.intraRelocate(u, v, true, true) ||
        this.intraSwap(u, v) ||
        this.intraSwap(u, v, true) ||
        this.intraSwap(u, v, true, true) ||
        this.intraTwoOpt(u, v)
      );
    }
    return (
      this.interRelocate(u, v) ||
      this.interRelocate(u, v, true) ||
      this.interRelocate(u, v, true, true) ||
      this.interSwap(u, v) ||
      this.interSwap(u, v, true) ||
      this.interSwap(u, v, true, true) ||
      this.twoOptStar(u, v) ||
      (!this.walkIntra && this.twoOptStarReversed(u, v))
    );
  }

  /** Moves that put u (or u, x) first in v's route (v is that route's start depot). */
  private tryPairDepot(u: number, depot: number): boolean {
    if (this.rte[u] === this.rte[depot]) {
      if (this.prv[u] === depot) return false;
      if (this.walkIntra) return this.intraWalkDepot(u, depot);
      return this.intraRelocate(u, depot) || this.intraRelocate(u, depot, true);
    }
    return (
      this.interRelocate(u, depot) ||
      this.interRelocate(u, depot, true) ||
      this.interRelocate(u, depot, true, true) ||
      this.twoOptStar(u, depot)
    );
  }

  /** Records an applied move on one or two routes (r2 = −1 for one). */
  private commit(r1: number, r2 = -1): void {
    this.nbMoves++;
    this.searchCompleted = false;
    this.updateRoute(r1);
    this.rModified[r1] = this.nbMoves;
    if (r2 >= 0) {
      this.updateRoute(r2);
      this.rModified[r2] = this.nbMoves;
    }
  }

  /** Unlinks u and inserts it after v. */
  private moveAfter(u: number, v: number): void {
    const pu = this.prv[u]!;
    const xu = this.nxt[u]!;
    this.nxt[pu] = xu;
    this.prv[xu] = pu;
    const y = this.nxt[v]!;
    this.nxt[v] = u;
    this.prv[u] = v;
    this.nxt[u] = y;
    this.prv[y] = u;
  }

  private swapNodes(u: number, v: number): void {
    const pu = this.prv[u]!;
    const xu = this.nxt[u]!;
    const pv = this.prv[v]!;
    const xv = this.nxt[v]!;
    if (xu === v) {
      this.nxt[pu] = v;
      this.prv[v] = pu;
      this.nxt[v] = u;
      this.prv[u] = v;
      this.nxt[u] = xv;
      this.prv[xv] = u;
      return;
    }
    if (xv === u) {
      this.swapNodes(v, u);
      return;
    }
    this.nxt[pu] = v;
    this.prv[v] = pu;
    this.nxt[v] = xu;
    this.prv[xu] = v;
    this.nxt[pv] = u;
    this.prv[u] = pv;
    this.nxt[u] = xv;
    this.prv[xv] = u;
  }

  /** Swaps u..ue with v..ve, chains of one or two nodes (ue = u or its successor, likewise ve). */
  private swapChains(u: number, ue: number, v: number, ve: number): void {
    this.swapNodes(u, v);
    if (ue !== u && ve !== v) this.swapNodes(ue, ve);
    else if (ue !== u) this.moveAfter(ue, u);
    else if (ve !== v) this.moveAfter(ve, v);
  }

  /** Reverses the chain a..b (a before b in the same route). */
  private reverse(a: number, b: number): void {
    const before = this.prv[a]!;
    const after = this.nxt[b]!;
    let u = a;
    for (;;) {
      const nx = this.nxt[u]!;
      this.nxt[u] = this.prv[u]!;
      this.prv[u] = nx;
      if (u === b) break;
      u = nx;
    }
    this.nxt[before] = b;
    this.prv[b] = before;
    this.nxt[a] = after;
    this.prv[after] = a;
  }

  /**
   * Moves u after v in another route; with `pair`, u and its successor x (as x, u when `reversed`).
   */
  private interRelocate(u: number, v: number, pair = false, reversed = false): boolean {
    const ue = pair ? this.nxt[u]! : u;
    if (ue > this.N) return false;
    const ru = this.rte[u]!;
    const rv = this.rte[v]!;
    const pu = this.prv[u]!;
    const xx = this.nxt[ue]!;
    const y = this.nxt[v]!;
    const old = this.rCost[ru]! + this.rCost[rv]!;
    const a = reversed ? ue : u;
    const b = reversed ? u : ue;
    const dd = this.d(pu, xx) - this.d(pu, u) - this.d(ue, xx) + this.d(v, a) + this.d(b, y) - this.d(v, y);
    if (dd >= this.rPen[ru]! + this.rPen[rv]! - EPS) return false;
    this.accPrefix(pu);
    this.accSuffix(xx);
    const c1 = this.accCost();
    this.accPrefix(v);
    this.accNode(a);
    if (b !== a) this.accNode(b);
    this.accSuffix(y);
    const c2 = this.accCost();
    if (c1 + c2 > old - EPS) return false;
    this.moveAfter(a, v);
    if (b !== a) this.moveAfter(b, a);
    this.commit(ru, rv);
    return true;
  }

  /** Exchanges u (with its successor when `pairU`) and v (likewise, `pairV`) between two routes. */
  private interSwap(u: number, v: number, pairU = false, pairV = false): boolean {
    const ue = pairU ? this.nxt[u]! : u;
    const ve = pairV ? this.nxt[v]! : v;
    if (ue > this.N || ve > this.N) return false;
    const ru = this.rte[u]!;
    const rv = this.rte[v]!;
    const pu = this.prv[u]!;
    const xx = this.nxt[ue]!;
    const pv = this.prv[v]!;
    const yy = this.nxt[ve]!;
    const dd =
      this.d(pu, v) +
      this.d(ve, xx) -
      this.d(pu, u) -
      this.d(ue, xx) +
      this.d(pv, u) +
      this.d(ue, yy) -
      this.d(pv, v) -
      this.d(ve, yy);
    if (dd >= this.rPen[ru]! + this.rPen[rv]! - EPS) return false;
    const old = this.rCost[ru]! + this.rCost[rv]!;
    this.accPrefix(pu);
    this.accNode(v);
    if (ve !== v) this.accNode(ve);
    this.accSuffix(xx);
    const c1 = this.accCost();
    this.accPrefix(pv);
    this.accNode(u);
    if (ue !== u) this.accNode(ue);
    this.accSuffix(yy);
    const c2 = this.accCost();
    if (c1 + c2 > old - EPS) return false;
    this.swapChains(u, ue, v, ve);
    this.commit(ru, rv);
    return true;
  }

  /** 2-opt*: (u,x),(v,y) → (u,y),(v,x); the routes exchange their tails. */
  private twoOptStar(u: number, v: number): boolean {
    const ru = this.rte[u]!;
    const rv = this.rte[v]!;
    const x = this.nxt[u]!;
    const y = this.nxt[v]!;
    const dd = this.d(u, y) + this.d(v, x) - this.d(u, x) - this.d(v, y);
    if (dd >= this.rPen[ru]! + this.rPen[rv]! - EPS) return false;
    const old = this.rCost[ru]! + this.rCost[rv]!;
    this.accPrefix(u);
    this.accSuffix(y);
    const c1 = this.accCost();
    this.accPrefix(v);
    this.accSuffix(x);
    const c2 = this.accCost();
    if (c1 + c2 > old - EPS) return false;
    const eu = this.endOf(ru);
    const ev = this.endOf(rv);
    const lastU = this.prv[eu]!;
    const lastV = this.prv[ev]!;
    // Tail of u's route (x..lastU) goes after v, tail of v's route (y..lastV) after u.
    if (y !== ev) {
      this.nxt[u] = y;
      this.prv[y] = u;
      this.nxt[lastV] = eu;
      this.prv[eu] = lastV;
    } else {
      this.nxt[u] = eu;
      this.prv[eu] = u;
    }
    if (x !== eu) {
      this.nxt[v] = x;
      this.prv[x] = v;
      this.nxt[lastU] = ev;
      this.prv[ev] = lastU;
    } else {
      this.nxt[v] = ev;
      this.prv[ev] = v;
    }
    this.commit(ru, rv);
    return true;
  }

  /** 2-opt* reversed: (u,x),(v,y) → (u,v),(x,y); symmetric distances with additive timing only. */
  private twoOptStarReversed(u: number, v: number): boolean {
    const ru = this.rte[u]!;
    const rv = this.rte[v]!;
    const x = this.nxt[u]!;
    const y = this.nxt[v]!;
    const dd = this.d(u, v) + this.d(x, y) - this.d(u, x) - this.d(v, y);
    if (dd >= this.rPen[ru]! + this.rPen[rv]! - EPS) return false;
    const su = this.startOf(ru);
    const sv = this.startOf(rv);
    const eu = this.endOf(ru);
    const firstV = this.nxt[sv]!;
    const lastU = this.prv[eu]!;
    // Route 1: prefix(u) then v back to the first of v's route, then the depot.
    const d1 =
      this.cumDist[u]! + this.d(u, v) + this.cumDist[v]! - this.cumDist[firstV]! + this.d(firstV, su);
    const l1 = this.cumLoad[u]! + this.cumLoad[v]!;
    const s1 = this.cumServ[u]! + this.cumServ[v]!;
    // Route 2: depot, lastU back to x, then y..end of v's route.
    let d2: number;
    if (x === eu) d2 = this.d(sv, y) + this.rDist[rv]! - this.cumDist[y]!;
    else
      d2 =
        this.d(sv, lastU) +
        this.cumDist[lastU]! -
        this.cumDist[x]! +
        this.d(x, y) +
        this.rDist[rv]! -
        this.cumDist[y]!;
    const l2 = this.rLoad[ru]! - this.cumLoad[u]! + this.rLoad[rv]! - this.cumLoad[v]!;
    const s2 = this.rServ[ru]! - this.cumServ[u]! + this.rServ[rv]! - this.cumServ[v]!;
    const c1 = d1 + this.penalty(l1, d1 + s1, 0);
    const c2 = d2 + this.penalty(l2, d2 + s2, 0);
    if (c1 + c2 > this.rCost[ru]! + this.rCost[rv]! - EPS) return false;
    // Relink: collect v's prefix (firstV..v) reversed after u; x..lastU reversed before y.
    const nodesV = firstV;
    // Detach chains.
    const chainUStart = x !== eu ? x : -1;
    const chainUEnd = lastU;
    // Route ru: su .. u, v .. firstV, eu
    let cur = u;
    for (let w = v; ; ) {
      const pw = this.prv[w]!;
      this.nxt[cur] = w;
      this.prv[w] = cur;
      cur = w;
      if (w === nodesV) break;
      w = pw;
    }
    // Route rv: sv, lastU .. x, y .. ev
    let cur2 = sv;
    if (chainUStart >= 0) {
      for (let w = chainUEnd; ; ) {
        const pw = this.prv[w]!;
        this.nxt[cur2] = w;
        this.prv[w] = cur2;
        cur2 = w;
        if (w === chainUStart) break;
        w = pw;
      }
    }
    this.nxt[cur2] = y;
    this.prv[y] = cur2;
    this.nxt[cur] = eu;
    this.prv[eu] = cur;
    this.commit(ru, rv);
    return true;
  }

  // Intra-route moves with distance deltas (symmetric distances, additive timing).

  private intraApply(r: number, delta: number): boolean {
    if (delta > -EPS) return false;
    const newCost = this.costWithDist(r, this.rDist[r]! + delta);
    return newCost < this.rCost[r]! - EPS;
  }

  /**
   * Moves u after v in the same route; with `pair`, u and its successor x (as x, u when `reversed`).
   */
  private intraRelocate(u: number, v: number, pair = false, reversed = false): boolean {
    const ue = pair ? this.nxt[u]! : u;
    if (ue > this.N) return false;
    const pu = this.prv[u]!;
    if (v === ue || v === pu) return false;
    const xx = this.nxt[ue]!;
    const y = this.nxt[v]!;
    const a = reversed ? ue : u;
    const b = reversed ? u : ue;
    const delta =
      this.d(pu, xx) - this.d(pu, u) - this.d(ue, xx) + this.d(v, a) + this.d(b, y) - this.d(v, y);
    if (!this.intraApply(this.rte[u]!, delta)) return false;
    this.moveAfter(a, v);
    if (b !== a) this.moveAfter(b, a);
    this.commit(this.rte[u]!);
    return true;
  }

  /** Exchanges u (with its successor when `pairU`) and v (likewise, `pairV`) inside one route; chains that touch are left alone. */
  private intraSwap(u: number, v: number, pairU = false, pairV = false): boolean {
    const ue = pairU ? this.nxt[u]! : u;
    const ve = pairV ? this.nxt[v]! : v;
    if (ue > this.N || ve > this.N) return false;
    const pu = this.prv[u]!;
    const xx = this.nxt[ue]!;
    if (v === pu || v === ue || v === xx || ve === pu) return false;
    const pv = this.prv[v]!;
    const yy = this.nxt[ve]!;
    const delta =
      this.d(pu, v) +
      this.d(ve, xx) +
      this.d(pv, u) +
      this.d(ue, yy) -
      this.d(pu, u) -
      this.d(ue, xx) -
      this.d(pv, v) -
      this.d(ve, yy);
    if (!this.intraApply(this.rte[u]!, delta)) return false;
    this.swapChains(u, ue, v, ve);
    this.commit(this.rte[u]!);
    return true;
  }

  private intraTwoOpt(u: number, v: number): boolean {
    let a = u;
    let b = v;
    if (this.pos[a]! > this.pos[b]!) {
      a = v;
      b = u;
    }
    const x = this.nxt[a]!;
    if (x === b) return false;
    const y = this.nxt[b]!;
    const delta = this.d(a, b) + this.d(x, y) - this.d(a, x) - this.d(b, y);
    if (!this.intraApply(this.rte[u]!, delta)) return false;
    this.reverse(x, b);
    this.commit(this.rte[u]!);
    return true;
  }

  // Intra-route moves by apply, re-time, undo (time windows or asymmetric distances).

  private walkCost(r: number): number {
    const seg = this.walkSeg;
    const timed = this.timed;
    seg.set(0, 0, this.ready[0]!, this.due[0]!);
    let last = 0;
    let dist = 0;
    const e = this.endOf(r);
    for (let u = this.nxt[this.startOf(r)]!; ; u = this.nxt[u]!) {
      const l = this.loc[u]!;
      const t = this.dist[last * this.size + l]!;
      dist += t;
      if (timed) seg.append(t, this.service[l]!, 0, this.ready[l]!, this.due[l]!);
      if (u === e) break;
      last = l;
    }
    if (timed) return dist + this.penalty(this.rLoad[r]!, seg.d, seg.tw);
    return dist + this.penalty(this.rLoad[r]!, dist + this.rServ[r]!, 0);
  }

  private intraWalk(u: number, v: number): boolean {
    const r = this.rte[u]!;
    const old = this.rCost[r]!;
    const pu = this.prv[u]!;
    // Relocate u after v.
    if (v !== pu) {
      this.moveAfter(u, v);
      if (this.walkCost(r) < old - EPS) return this.commitIntra(r);
      this.moveAfter(u, pu);
    }
    // Swap u and v.
    this.swapNodes(u, v);
    if (this.walkCost(r) < old - EPS) return this.commitIntra(r);
    this.swapNodes(u, v);
    // 2-opt: reverse the chain between them.
    let a = u;
    let b = v;
    if (this.pos[a]! > this.pos[b]!) {
      a = v;
      b = u;
    }
    const x = this.nxt[a]!;
    if (x !== b) {
      this.reverse(x, b);
      if (this.walkCost(r) < old - EPS) return this.commitIntra(r);
      this.reverse(b, x);
    }
    return false;
  }

  private intraWalkDepot(u: number, depot: number): boolean {
    const r = this.rte[u]!;
    const pu = this.prv[u]!;
    this.moveAfter(u, depot);
    if (this.walkCost(r) < this.rCost[r]! - EPS) return this.commitIntra(r);
    this.moveAfter(u, pu);
    return false;
  }

  private commitIntra(r: number): boolean {
    this.commit(r);
    return true;
  }

  /** Relocation of u into an empty route, and 2-opt* that moves u's tail into one. */
  private tryEmptyRoute(u: number): boolean {
    let empty = -1;
    for (let r = 0; r < this.routesCap; r++)
      if (this.rCount[r] === 0) {
        empty = r;
        break;
      }
    if (empty < 0) return false;
    const s = this.startOf(empty);
    return this.interRelocate(u, s) || this.twoOptStar(u, s);
  }

  // ---------------------------------------------------------------- SWAP*

  private swapStarPass(): void {
    const R = this.routesCap;
    for (let i = 0; i < R; i++) {
      const r1 = this.routeOrder[i]!;
      if (this.rCount[r1] === 0) continue;
      const last1 = this.rSwapTested[r1]!;
      this.rSwapTested[r1] = this.nbMoves;
      for (let j = 0; j < R; j++) {
        const r2 = this.routeOrder[j]!;
        if (r2 <= r1 || this.rCount[r2] === 0) continue;
        if (this.loopID > 0 && Math.max(this.rModified[r1]!, this.rModified[r2]!) <= last1) continue;
        if (!this.sectorsOverlap(r1, r2)) continue;
        this.swapStar(r1, r2);
      }
    }
  }

  private sectorsOverlap(a: number, b: number): boolean {
    const tol = 1e-9;
    return (
      mod2pi(this.rSecStart[b]! - this.rSecStart[a]!) <= this.rSecWidth[a]! + tol ||
      mod2pi(this.rSecStart[a]! - this.rSecStart[b]!) <= this.rSecWidth[b]! + tol
    );
  }

  /** Three cheapest insertion points of every node of `from` into route `into`. */
  private preprocessInsertions(from: number, into: number): void {
    const sInto = this.startOf(into);
    const eInto = this.endOf(into);
    const since = this.rModified[into]!;
    for (let u = this.nxt[this.startOf(from)]!; u <= this.N; u = this.nxt[u]!) {
      const key = into * (this.N + 1) + u;
      if (this.top3At[key]! >= since) continue;
      this.top3At[key] = this.nbMoves;
      const b = 3 * key;
      this.top3Cost[b] = Number.POSITIVE_INFINITY;
      this.top3Cost[b + 1] = Number.POSITIVE_INFINITY;
      this.top3Cost[b + 2] = Number.POSITIVE_INFINITY;
      for (let p = sInto; p !== eInto; p = this.nxt[p]!) {
        const q = this.nxt[p]!;
        const c = this.d(p, u) + this.d(u, q) - this.d(p, q);
        if (c < this.top3Cost[b + 2]!) {
          if (c < this.top3Cost[b + 1]!) {
            this.top3Cost[b + 2] = this.top3Cost[b + 1]!;
            this.top3Pos[b + 2] = this.top3Pos[b + 1]!;
            if (c < this.top3Cost[b]!) {
              this.top3Cost[b + 1] = this.top3Cost[b]!;
              this.top3Pos[b + 1] = this.top3Pos[b]!;
              this.top3Cost[b] = c;
              this.top3Pos[b] = p;
            } else {
              this.top3Cost[b + 1] = c;
              this.top3Pos[b + 1] = p;
            }
          } else {
            this.top3Cost[b + 2] = c;
            this.top3Pos[b + 2] = p;
          }
        }
      }
    }
  }

  /** Cheapest place for u in v's route once v is removed: (cost, predecessor) via fields. */
  private bestInsertCost = 0;
  private bestInsertPos = 0;

  private bestInsertionWithout(u: number, v: number): void {
    const pv = this.prv[v]!;
    const xv = this.nxt[v]!;
    let best = this.d(pv, u) + this.d(u, xv) - this.d(pv, xv);
    let pos = pv;
    const b = 3 * (this.rte[v]! * (this.N + 1) + u);
    for (let k = 0; k < 3; k++) {
      const p = this.top3Pos[b + k]!;
      const c = this.top3Cost[b + k]!;
      if (c >= best) break;
      if (p === pv || p === v) continue;
      best = c;
      pos = p;
      break;
    }
    this.bestInsertCost = best;
    this.bestInsertPos = pos;
  }

  private swapStar(r1: number, r2: number): void {
    // Timing must be additive for the distance-based evaluation below.
    if (this.timed) return;
    this.preprocessInsertions(r1, r2);
    this.preprocessInsertions(r2, r1);
    let bestDelta = -EPS;
    let bu = -1;
    let bv = -1;
    let bPosU = 0;
    let bPosV = 0;
    const Q = this.Q;
    const l1 = this.rLoad[r1]!;
    const l2 = this.rLoad[r2]!;
    const pen1 = l1 > Q ? this.wQ * (l1 - Q) : 0;
    const pen2 = l2 > Q ? this.wQ * (l2 - Q) : 0;
    for (let u = this.nxt[this.startOf(r1)]!; u <= this.N; u = this.nxt[u]!) {
      const remU = this.d(this.prv[u]!, this.nxt[u]!) - this.d(this.prv[u]!, u) - this.d(u, this.nxt[u]!);
      const du = this.demand[u]!;
      for (let v = this.nxt[this.startOf(r2)]!; v <= this.N; v = this.nxt[v]!) {
        const dv = this.demand[v]!;
        const nl1 = l1 - du + dv;
        const nl2 = l2 - dv + du;
        const dPen = (nl1 > Q ? this.wQ * (nl1 - Q) : 0) - pen1 + (nl2 > Q ? this.wQ * (nl2 - Q) : 0) - pen2;
        const remV = this.d(this.prv[v]!, this.nxt[v]!) - this.d(this.prv[v]!, v) - this.d(v, this.nxt[v]!);
        if (dPen + remU + remV >= bestDelta) continue;
        this.bestInsertionWithout(u, v);
        const insU = this.bestInsertCost;
        const posU = this.bestInsertPos;
        this.bestInsertionWithout(v, u);
        const delta = dPen + remU + remV + insU + this.bestInsertCost;
        if (delta < bestDelta) {
          bestDelta = delta;
          bu = u;
          bv = v;
          bPosU = posU;
          bPosV = this.bestInsertPos;
        }
      }
    }
    if (bu < 0) return;
    // Exact check with the duration penalty (distances of the new routes are exact).
    const remU = this.d(this.prv[bu]!, this.nxt[bu]!) - this.d(this.prv[bu]!, bu) - this.d(bu, this.nxt[bu]!);
    const remV = this.d(this.prv[bv]!, this.nxt[bv]!) - this.d(this.prv[bv]!, bv) - this.d(bv, this.nxt[bv]!);
    const insV = this.insertionCostAfter(bv, bPosV, bu);
    const insU = this.insertionCostAfter(bu, bPosU, bv);
    const nd1 = this.rDist[r1]! + remU + insV;
    const nd2 = this.rDist[r2]! + remV + insU;
    const ns1 = this.rServ[r1]! - this.service[bu]! + this.service[bv]!;
    const ns2 = this.rServ[r2]! - this.service[bv]! + this.service[bu]!;
    const c1 = nd1 + this.penalty(l1 - this.demand[bu]! + this.demand[bv]!, nd1 + ns1, 0);
    const c2 = nd2 + this.penalty(l2 - this.demand[bv]! + this.demand[bu]!, nd2 + ns2, 0);
    if (c1 + c2 > this.rCost[r1]! + this.rCost[r2]! - EPS) return;
    // Insert v after bPosV in r1 (u's place when bPosV is u's predecessor), u after bPosU in r2.
    const pu = this.prv[bu]!;
    const pv = this.prv[bv]!;
    this.unlink(bu);
    this.unlink(bv);
    this.linkAfter(bv, bPosV === pu ? pu : bPosV);
    this.linkAfter(bu, bPosU === pv ? pv : bPosU);
    this.commit(r1, r2);
  }

  /** Cost of inserting w after p, where `removed` (p's neighbour perhaps) leaves the route first. */
  private insertionCostAfter(w: number, p: number, removed: number): number {
    let q = this.nxt[p]!;
    if (q === removed) q = this.nxt[q]!;
    return this.d(p, w) + this.d(w, q) - this.d(p, q);
  }

  private unlink(u: number): void {
    const pu = this.prv[u]!;
    const xu = this.nxt[u]!;
    this.nxt[pu] = xu;
    this.prv[xu] = pu;
  }

  private linkAfter(u: number, v: number): void {
    const y = this.nxt[v]!;
    this.nxt[v] = u;
    this.prv[u] = v;
    this.nxt[u] = y;
    this.prv[y] = u;
  }
}

const mod2pi = (a: number): number => {
  const m = a % TWO_PI;
  return m < 0 ? m + TWO_PI : m;
};

function isSymmetric(d: Float64Array, n: number): boolean {
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (d[i * n + j] !== d[j * n + i]) return false;
  return true;
}

/**
 * Γ most correlated customers of each customer: by distance, or with time windows by Vidal's
 * (2013) proximity d_ij + 0.2·(waiting) + 1·(time warp), the better of both directions.
 */
function correlatedNeighbours(
  inst: RoutingInstance,
  g: number,
): { list: Int32Array; count: Int32Array; stride: number } {
  const n = inst.size;
  const N = n - 1;
  const stride = Math.max(1, g);
  const list = new Int32Array(n * stride);
  const count = new Int32Array(n);
  if (g <= 0) return { list, count, stride };
  const key = new Float64Array(n);
  const idx = new Int32Array(N);
  const { dist, ready, due, service } = inst;
  for (let i = 1; i <= N; i++) {
    let m = 0;
    for (let j = 1; j <= N; j++) {
      if (j === i) continue;
      const dij = dist[i * n + j]!;
      let k = dij;
      if (inst.hasTimeWindows) {
        const ij =
          dij +
          0.2 * Math.max(ready[j]! - service[i]! - dij - due[i]!, 0) +
          Math.max(ready[i]! + service[i]! + dij - due[j]!, 0);
        const dji = dist[j * n + i]!;
        const ji =
          dji +
          0.2 * Math.max(ready[i]! - service[j]! - dji - due[j]!, 0) +
          Math.max(ready[j]! + service[j]! + dji - due[i]!, 0);
        k = Math.min(ij, ji);
      }
      key[j] = k;
      idx[m++] = j;
    }
    const sub = idx.subarray(0, m);
    sub.sort((a, b) => key[a]! - key[b]! || a - b);
    const c = Math.min(g, m);
    for (let t = 0; t < c; t++) list[i * stride + t] = sub[t]!;
    count[i] = c;
  }
  return { list, count, stride };
}
