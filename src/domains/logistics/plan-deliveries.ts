/**
 * Delivery planning on the routing engine: orders with coordinates, demands and windows, vans
 * with capacity and shift → routes with times, loads, distance and cost. Re-planning when an order
 * arrives mid-day keeps what is served or committed and re-optimises the rest.
 *
 * Each van starts from where it is (the depot in the morning, its last committed stop later), so
 * every van k becomes a start node s_k: reachable from the depot at no cost and from nothing else
 * (a prohibitive arc cost), leaving at the van's available time (window [t_k, t_k]) and carrying
 * the load already committed to it. With at most one route per van, every route then begins with
 * its own s_k, and a plain single-depot VRPTW answers the multi-start question. Re-planned
 * orders are assumed available to any van (van stock or service visits).
 * Vans may differ in capacity although the engine's fleet is homogeneous (capacity Q = the
 * largest van): van k's start node carries Q − capacity_k of phantom load, so its route has exactly
 * capacity_k left for orders. Shifts may differ.
 */
import { fail, type Issue, ok, type Result } from '../../core/index.js';
import {
  checkSolution,
  createInstance,
  type RoutingInstance,
  type SolveResult,
  solveHgs,
  solveInWorker,
} from '../../optimize/routing/index.js';
import type { DeliveryPlan, DeliveryProblem, Order, Place, Stop, Van, VanRoute } from './delivery-types.js';
import { haversineKm } from './haversine-km.js';

export interface PlanOptions {
  /** Search time in seconds (default 2). */
  readonly timeLimitS?: number;
  readonly seed?: number;
  /** Iteration budget (default unlimited): with a seed, the plan is reproducible. */
  readonly maxIterations?: number;
}

/** Where a van is and what it already carries when (re-)planning starts. */
interface VanStart {
  readonly van: Van;
  readonly at: Place;
  readonly availableAt: number;
  readonly fixedStops: readonly Stop[];
  readonly fixedLoad: number;
  readonly fixedKm: number;
  /** When the van left (or leaves) the depot. */
  readonly departedAt: number;
}

const MIN = 60_000;
const PROHIBITIVE = 1e7;

function validate(p: DeliveryProblem): Issue[] {
  const issues: Issue[] = [];
  const bad = (where: string, message: string): void => {
    issues.push({ code: 'BAD_INPUT', message, where });
  };
  const place = (x: Place, where: string): void => {
    if (!(Math.abs(x.lat) <= 90) || !(Math.abs(x.lon) <= 180)) bad(where, 'lat/lon out of range');
  };
  place(p.depot, 'depot');
  if (p.vans.length === 0) bad('vans', 'at least one van is needed');
  const cap = p.vans.length > 0 ? Math.max(...p.vans.map((v) => v.capacity)) : undefined;
  for (const v of p.vans) {
    if (!(v.capacity > 0) || !Number.isFinite(v.capacity)) bad(`van ${v.id}`, 'capacity must be positive');
    if (!(v.shiftEnd > v.shiftStart)) bad(`van ${v.id}`, 'shiftEnd must be after shiftStart');
  }
  const ids = new Set<string>();
  for (const o of p.orders) {
    if (ids.has(o.id)) bad(`order ${o.id}`, 'duplicate order id');
    ids.add(o.id);
    place(o, `order ${o.id}`);
    if (!(o.demand >= 0)) bad(`order ${o.id}`, 'demand must be ≥ 0');
    else if (cap !== undefined && o.demand > cap)
      bad(`order ${o.id}`, `demand ${o.demand} exceeds the van capacity ${cap} (of the largest van)`);
    if (o.window && !(o.window[1] >= o.window[0])) bad(`order ${o.id}`, 'window end before its start');
  }
  return issues;
}

/**
 * Plans the day from the depot.
 * @example
 * const r = planDeliveries({ depot, orders, vans }, { timeLimitS: 1 });
 * if (r.ok) r.value.routes[0]?.stops; // [{ orderId, arrival, start, departure, loadAfter }, …]
 */
export function planDeliveries(problem: DeliveryProblem, options: PlanOptions = {}): Result<DeliveryPlan> {
  return solveNow(prepareDay(problem), options);
}

/** `planDeliveries` with the search in a worker thread (for servers: the event loop stays free). */
export function planDeliveriesInWorker(
  problem: DeliveryProblem,
  options: PlanOptions = {},
  solve: RoutingSolver = solveInWorker,
): Promise<Result<DeliveryPlan>> {
  return solveLater(prepareDay(problem), options, solve);
}

/** Solves a routing instance; `solveInWorker` by default, injectable for tests. */
export type RoutingSolver = (
  instance: RoutingInstance,
  options: { timeLimitS: number; seed: number; maxIterations?: number },
) => Promise<SolveResult>;

interface Prepared {
  readonly inst: RoutingInstance;
  finish(res: SolveResult): DeliveryPlan;
}

const searchOptions = (options: PlanOptions) => ({
  timeLimitS: options.timeLimitS ?? 2,
  seed: options.seed ?? 1,
  ...(options.maxIterations !== undefined ? { maxIterations: options.maxIterations } : {}),
});

function solveNow(p: Result<Prepared>, options: PlanOptions): Result<DeliveryPlan> {
  if (!p.ok) return p;
  return ok(p.value.finish(solveHgs(p.value.inst, searchOptions(options))));
}

async function solveLater(
  p: Result<Prepared>,
  options: PlanOptions,
  solve: RoutingSolver,
): Promise<Result<DeliveryPlan>> {
  if (!p.ok) return p;
  return ok(p.value.finish(await solve(p.value.inst, searchOptions(options))));
}

function prepareDay(problem: DeliveryProblem): Result<Prepared> {
  const issues = validate(problem);
  if (issues.length > 0) return fail(...issues);
  const starts: VanStart[] = problem.vans.map((van) => ({
    van,
    at: problem.depot,
    availableAt: van.shiftStart,
    fixedStops: [],
    fixedLoad: 0,
    fixedKm: 0,
    departedAt: van.shiftStart,
  }));
  return prepare(problem, starts, problem.orders);
}

/**
 * Re-plans at `now` after orders changed: stops already started, and the next stop of every van
 * already on the road, stay as they are; all other orders (with `added`) are re-optimised.
 */
export function replanDeliveries(
  problem: DeliveryProblem,
  current: DeliveryPlan,
  added: readonly Order[],
  now: number,
  options: PlanOptions = {},
): Result<DeliveryPlan> {
  return solveNow(prepareReplan(problem, current, added, now), options);
}

/** `replanDeliveries` with the search in a worker thread. */
export function replanDeliveriesInWorker(
  problem: DeliveryProblem,
  current: DeliveryPlan,
  added: readonly Order[],
  now: number,
  options: PlanOptions = {},
  solve: RoutingSolver = solveInWorker,
): Promise<Result<DeliveryPlan>> {
  return solveLater(prepareReplan(problem, current, added, now), options, solve);
}

function prepareReplan(
  problem: DeliveryProblem,
  current: DeliveryPlan,
  added: readonly Order[],
  now: number,
): Result<Prepared> {
  const all = { ...problem, orders: [...problem.orders, ...added] };
  const issues = validate(all);
  if (issues.length > 0) return fail(...issues);
  const byId = new Map(all.orders.map((o) => [o.id, o]));
  const fixed = new Set<string>();
  const starts: VanStart[] = problem.vans.map((van) => {
    const route = current.routes.find((r) => r.vanId === van.id);
    const stops: Stop[] = [];
    let km = 0;
    let at: Place = problem.depot;
    if (route && route.departure <= now) {
      for (const s of route.stops) {
        const committed = s.start <= now || stops.length === 0 || stops[stops.length - 1]!.departure <= now;
        if (!committed) break;
        const o = byId.get(s.orderId)!;
        km += haversineKm(at, o) * (problem.roadFactor ?? 1.3);
        at = o;
        stops.push(s);
        fixed.add(s.orderId);
        if (s.departure > now) break;
      }
    }
    const last = stops[stops.length - 1];
    return {
      van,
      at,
      // A van that left its last committed stop before `now` cannot serve anything earlier than
      // `now`: it re-plans from that stop (it is on its way back, close to it) no sooner than now.
      availableAt: Math.max(last ? last.departure : van.shiftStart, now),
      fixedStops: stops,
      fixedLoad: stops.reduce((q, s) => q + byId.get(s.orderId)!.demand, 0),
      fixedKm: km,
      departedAt: route && stops.length > 0 ? route.departure : Math.max(van.shiftStart, now),
    };
  });
  return prepare(
    all,
    starts,
    all.orders.filter((o) => !fixed.has(o.id)),
  );
}

function prepare(
  problem: DeliveryProblem,
  starts: readonly VanStart[],
  open: readonly Order[],
): Result<Prepared> {
  const speed = problem.speedKmh ?? 40;
  const road = problem.roadFactor ?? 1.3;
  const t0 = Math.min(...problem.vans.map((v) => v.shiftStart));
  const K = starts.length;
  // Nodes: 0 depot, 1..K van starts, then open orders. Times in minutes from t0.
  const places: Place[] = [problem.depot, ...starts.map((s) => s.at), ...open];
  const n = places.length;
  const km = (i: number, j: number): number => haversineKm(places[i]!, places[j]!) * road;
  const matrix = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      if (i === j) return 0;
      const jStart = j >= 1 && j <= K;
      if (jStart) return i === 0 ? 0 : PROHIBITIVE;
      if (i === 0 && j > K) return PROHIBITIVE; // every route starts at its van's start node
      return (km(i, j) / speed) * 60;
    }),
  );
  const horizon = (Math.max(...problem.vans.map((v) => v.shiftEnd)) - t0) / MIN;
  const windows: [number, number][] = [
    [0, horizon],
    ...starts.map((s): [number, number] => {
      const t = (s.availableAt - t0) / MIN;
      return [t, t];
    }),
    ...open.map((o): [number, number] =>
      o.window ? [(o.window[0] - t0) / MIN, (o.window[1] - t0) / MIN] : [0, horizon],
    ),
  ];
  const capacity = Math.max(...problem.vans.map((v) => v.capacity));
  const built = createInstance({
    name: 'deliveries',
    matrix,
    // A smaller van's start node carries the capacity it lacks (see the file comment).
    demand: [0, ...starts.map((s) => s.fixedLoad + capacity - s.van.capacity), ...open.map((o) => o.demand)],
    capacity,
    service: [0, ...starts.map(() => 0), ...open.map((o) => o.serviceMin ?? 5)],
    windows,
    maxVehicles: K,
  });
  if (!built.ok) return built;
  const inst = built.value;
  return ok({ inst, finish: (res) => finish(problem, starts, open, inst, matrix, km, t0, res) });
}

function finish(
  problem: DeliveryProblem,
  starts: readonly VanStart[],
  open: readonly Order[],
  inst: RoutingInstance,
  matrix: readonly (readonly number[])[],
  km: (i: number, j: number) => number,
  t0: number,
  res: SolveResult,
): DeliveryPlan {
  const K = starts.length;
  const speed = problem.speedKmh ?? 40;
  // Every van gets its route; an unused van keeps only its committed stops.
  const routeOfVan = new Map<number, number[]>();
  for (const r of res.routes) if (r[0] !== undefined && r[0] <= K) routeOfVan.set(r[0], r.slice(1));
  const violations: string[] = [];
  const chk = checkSolution(inst, res.routes);
  violations.push(...chk.violations);
  for (const r of res.routes)
    if (!(r[0]! >= 1 && r[0]! <= K) || r.slice(1).some((c) => c <= K))
      violations.push('a route does not start at its van');
  const demandOf = new Map(problem.orders.map((o) => [o.id, o.demand]));
  const routes: VanRoute[] = starts.map((s, k) => {
    const seq = routeOfVan.get(k + 1) ?? [];
    const stops: Stop[] = [...s.fixedStops];
    let t = (s.availableAt - t0) / MIN;
    let prev = k + 1;
    let dist = s.fixedKm;
    for (const c of seq) {
      dist += km(prev, c);
      const arrival = t + matrix[prev]![c]!;
      const start = Math.max(arrival, inst.ready[c]!);
      const departure = start + inst.service[c]!;
      stops.push({
        orderId: open[c - K - 1]!.id,
        arrival: t0 + arrival * MIN,
        start: t0 + start * MIN,
        departure: t0 + departure * MIN,
        loadAfter: 0,
      });
      t = departure;
      prev = c;
    }
    // Load on board after each stop = what the later stops still need.
    let remaining = 0;
    for (let i = stops.length - 1; i >= 0; i--) {
      stops[i] = { ...stops[i]!, loadAfter: remaining };
      remaining += demandOf.get(stops[i]!.orderId) ?? 0;
    }
    const back = stops.length === 0 ? 0 : km(prev, 0);
    dist += back;
    const returnAt = stops.length === 0 ? s.availableAt : t0 + (t + (back / speed) * 60) * MIN;
    if (returnAt > s.van.shiftEnd + 1e-6) violations.push(`van ${s.van.id} returns after its shift ends`);
    return {
      vanId: s.van.id,
      stops,
      departure: s.departedAt,
      returnAt,
      load: remaining,
      distanceKm: dist,
      cost: dist * (problem.costPerKm ?? 1),
    };
  });
  const distanceKm = routes.reduce((d, r) => d + r.distanceKm, 0);
  return {
    routes,
    distanceKm,
    cost: distanceKm * (problem.costPerKm ?? 1),
    feasible: violations.length === 0 && res.feasible,
    violations,
  };
}
