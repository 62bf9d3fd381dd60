/**
 * Hybrid genetic search for capacitated routing, after Vidal et al. (2012) and Vidal (2022),
 * "Hybrid genetic search for the CVRP: open-source implementation and SWAP* neighborhood":
 * giant-tour chromosomes, OX crossover, Split, education by granular local search, repair of half
 * the infeasible offspring with ten-fold penalties, adaptive penalties aiming at 20 % feasible
 * offspring, two subpopulations with diversity-aware survivors, and restarts after a long
 * stagnation. Written from the papers; anytime: the best feasible solution so far is kept and
 * returned when the time or iteration budget ends.
 */
import { Individual } from './individual.js';
import { LocalSearch } from './local-search.js';
import { HGS_DEFAULTS, type HgsOptions } from './options.js';
import { Population } from './population.js';
import { Rng } from './rng.js';
import { Splitter } from './split.js';
import { TimeSegment } from './time-segment.js';
import type { RoutingInstance, SolveResult } from './types.js';

/** Number of route slots the search works with. */
export function routeSlots(inst: RoutingInstance): number {
  const n = inst.size - 1;
  if (Number.isFinite(inst.maxVehicles)) return Math.max(1, Math.min(inst.maxVehicles, n));
  let total = 0;
  for (let i = 1; i <= n; i++) total += inst.demand[i]!;
  const byLoad = Math.ceil((1.3 * total) / inst.capacity) + 3;
  // Windows and duration limits can need many more routes than the load does.
  if (inst.hasTimeWindows || Number.isFinite(inst.maxDuration))
    return Math.max(1, Math.min(n, Math.max(byLoad, n)));
  return Math.max(1, Math.min(n, byLoad));
}

/**
 * Solves a CVRP/VRPTW instance.
 * @example
 * const r = solveHgs(instance, { timeLimitS: 5, seed: 1 });
 * r.routes; // [[3, 1, 7], [2, 5], …] customer indices, depot implied
 */
export function solveHgs(inst: RoutingInstance, options: Partial<HgsOptions> = {}): SolveResult {
  const opts: HgsOptions = { ...HGS_DEFAULTS, ...options };
  const start = performance.now();
  const elapsed = (): number => (performance.now() - start) / 1000;
  const n = inst.size - 1;
  if (n === 0) return { routes: [], cost: 0, feasible: true, stats: stats(0, 0, elapsed(), 0) };
  const rng = new Rng(opts.seed);
  const R = routeSlots(inst);
  const ls = new LocalSearch(inst, R, opts.granularity, rng);
  const splitter = new Splitter(inst, R);
  const pop = new Population(opts, rng);
  const seg = new TimeSegment();
  const ends = new Int32Array(R);
  let maxD = 0;
  let maxQ = 0;
  for (let i = 0; i < inst.dist.length; i++) if (inst.dist[i]! > maxD) maxD = inst.dist[i]!;
  for (let i = 1; i <= n; i++) if (inst.demand[i]! > maxQ) maxQ = inst.demand[i]!;
  let wQ = maxQ > 0 ? Math.max(0.1, Math.min(1000, maxD / maxQ)) : 1;
  let wT = 1;
  const loadFeas: boolean[] = [];
  const timeFeas: boolean[] = [];

  let best: { routes: number[][]; cost: number } | undefined;
  let bestAt = 0;
  let bestRestart = Number.POSITIVE_INFINITY;
  let iterations = 0;
  let restarts = 0;
  let noImprove = 0;
  const timeUp = (): boolean => elapsed() >= opts.timeLimitS || iterations >= opts.maxIterations;

  const educate = (tour: Int32Array): void => {
    const k = splitter.split(tour, wQ, wT, ends);
    ls.load(tour, ends, k);
    ls.run(wQ, wT);
    const ind = new Individual(n);
    ind.setRoutes(inst, ls.routes(), wQ, wT, seg);
    loadFeas.push(ind.excessLoad < 1e-9);
    timeFeas.push(ind.excessTime < 1e-9);
    pop.add(ind);
    consider(ind);
    if (!ind.feasible && rng.float() < 0.5) {
      ls.run(wQ * 10, wT * 10);
      const rep = new Individual(n);
      rep.setRoutes(inst, ls.routes(), wQ, wT, seg);
      if (rep.feasible) {
        pop.add(rep);
        consider(rep);
      }
    }
  };

  const consider = (ind: Individual): void => {
    if (!ind.feasible) return;
    if (ind.distance < bestRestart - 1e-9) {
      bestRestart = ind.distance;
      noImprove = -1;
    }
    if (!best || ind.distance < best.cost - 1e-9) {
      best = { routes: ind.routes.map((r) => r.slice()), cost: ind.distance };
      bestAt = elapsed();
      opts.onImprovement?.(ind.distance, bestAt);
    }
  };

  const initialPopulation = (): void => {
    const tour = new Int32Array(n);
    for (let k = 0; k < 4 * opts.mu && !timeUp(); k++) {
      for (let i = 0; i < n; i++) tour[i] = i + 1;
      rng.shuffle(tour);
      educate(tour);
      iterations++;
    }
  };

  const child = new Int32Array(n);
  const used = new Uint8Array(n + 1);
  initialPopulation();
  while (!timeUp()) {
    const p1 = pop.select();
    let p2 = pop.select();
    for (let t = 0; t < 3 && p2 === p1; t++) p2 = pop.select();
    orderCrossover(p1.tour, p2.tour, child, used, rng);
    educate(child);
    iterations++;
    noImprove++;
    if (iterations % 100 === 0) {
      wQ = adapt(wQ, loadFeas, opts.targetFeasible);
      wT = adapt(wT, timeFeas, opts.targetFeasible);
      loadFeas.length = 0;
      timeFeas.length = 0;
      pop.reprice(wQ, wT);
    }
    if (noImprove >= opts.itNoImprovement) {
      pop.clear();
      restarts++;
      noImprove = 0;
      bestRestart = Number.POSITIVE_INFINITY;
      initialPopulation();
    }
  }
  const b = best as { routes: number[][]; cost: number } | undefined;
  if (b)
    return {
      routes: b.routes,
      cost: b.cost,
      feasible: true,
      stats: stats(iterations, restarts, elapsed(), bestAt),
    };
  // No feasible solution found: return the least infeasible one, flagged.
  const fallback = pop.infeasible[0];
  return {
    routes: fallback ? fallback.routes.map((r) => r.slice()) : [],
    cost: fallback ? fallback.distance : 0,
    feasible: false,
    stats: stats(iterations, restarts, elapsed(), bestAt),
  };
}

function stats(iterations: number, restarts: number, timeS: number, bestFoundS: number) {
  return { iterations, restarts, timeS, bestFoundS };
}

function adapt(w: number, feas: readonly boolean[], target: number): number {
  if (feas.length === 0) return w;
  const frac = feas.filter(Boolean).length / feas.length;
  if (frac < target - 0.05) return Math.min(100_000, w * 1.2);
  if (frac > target + 0.05) return Math.max(0.1, w * 0.85);
  return w;
}

/** OX: a random slice of the first parent, the rest in the second parent's order after it. */
export function orderCrossover(
  a: Int32Array,
  b: Int32Array,
  out: Int32Array,
  used: Uint8Array,
  rng: Rng,
): void {
  const n = a.length;
  used.fill(0);
  const start = rng.int(n);
  let end = rng.int(n);
  while (n > 1 && end === start) end = rng.int(n);
  let i = start;
  for (;;) {
    out[i] = a[i]!;
    used[a[i]!] = 1;
    if (i === end) break;
    i = (i + 1) % n;
  }
  let w = (end + 1) % n;
  for (let k = 1; k <= n; k++) {
    const c = b[(end + k) % n]!;
    if (used[c]) continue;
    out[w] = c;
    w = (w + 1) % n;
  }
}
