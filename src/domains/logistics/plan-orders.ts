/**
 * A day's delivery plan from orders and vans as a dispatcher has them, with every order either
 * on a van at a time inside its window, or listed as unserved with the reason in words.
 *
 * Before searching, what no plan can do is said plainly: an order bigger than the biggest van,
 * a window that closes before even a direct trip from the depot arrives, an order too far to be
 * back before the last shift ends; then for the fleet, total demand against total capacity and
 * the least van time the stops need against the shifts. After searching, a stop the search could
 * only place by breaking a window, a capacity or a shift is taken off its route (never kept
 * "slightly late"), so every route printed can be driven as printed.
 */
import { fail, ok, type Result } from '../../core/index.js';
import type { Place, Van } from './delivery-types.js';
import { haversineKm } from './haversine-km.js';
import { planDeliveriesInWorker, type RoutingSolver } from './plan-deliveries.js';

export interface DayOrder extends Place {
  readonly id: string;
  readonly name?: string;
  readonly demand: number;
  /** Window bounds (UTC ms); a missing side is open. */
  readonly from?: number;
  readonly to?: number;
  readonly serviceMin?: number;
}

export interface DayProblem {
  readonly depot: Place;
  readonly orders: readonly DayOrder[];
  readonly vans: readonly Van[];
  /** Average road speed, km/h. */
  readonly speedKmh: number;
  /** Road distance = great-circle × this. */
  readonly roadFactor: number;
  /** Minutes at a stop when the order does not say. */
  readonly serviceMin: number;
  /** Unit of demand and capacity, for messages (`kg`). */
  readonly unit?: string;
  /** Formats an instant for messages (local `HH:MM`). */
  readonly hhmm: (utc: number) => string;
}

export interface PlannedStop {
  readonly orderId: string;
  readonly name?: string;
  readonly lat: number;
  readonly lon: number;
  readonly demand: number;
  readonly legKm: number;
  readonly arrival: number;
  /** Service starts (after waiting for the window to open). */
  readonly start: number;
  readonly departure: number;
  /** Load still on board after this stop. */
  readonly loadAfter: number;
}

export interface PlannedRoute {
  readonly vanId: string;
  readonly capacity: number;
  readonly stops: readonly PlannedStop[];
  /** Leaves the depot (as late as the first stop allows without waiting there). */
  readonly departure: number;
  readonly returnAt: number;
  readonly load: number;
  readonly distanceKm: number;
  readonly durationMin: number;
}

export interface UnservedOrder {
  readonly orderId: string;
  readonly demand: number;
  readonly reason: string;
}

export interface DayPlan {
  /** Every order is on a route (and every route keeps capacity, windows and shifts). */
  readonly feasible: boolean;
  readonly routes: readonly PlannedRoute[];
  readonly unserved: readonly UnservedOrder[];
  /** Why the fleet as a whole cannot do the day (empty when it can). */
  readonly reasons: readonly string[];
  /** False when a fleet-wide reason made the search pointless. */
  readonly searched: boolean;
  readonly totals: {
    readonly orders: number;
    readonly served: number;
    readonly demand: number;
    readonly capacity: number;
    readonly distanceKm: number;
    readonly durationMin: number;
    readonly vansUsed: number;
  };
}

export interface DayPlanOptions {
  readonly timeLimitS?: number;
  readonly seed?: number;
  readonly maxIterations?: number;
}

const MIN = 60_000;
/** Slack for floating-point times (ms). */
const EPS = 1;

const fmt = (x: number): string => String(Number(x.toFixed(2)));

/** Plans the day; `solve` runs the search (a worker thread by default). */
export async function planDay(
  problem: DayProblem,
  options: DayPlanOptions = {},
  solve?: RoutingSolver,
): Promise<Result<DayPlan>> {
  const { depot, vans, speedKmh, roadFactor, hhmm } = problem;
  if (vans.length === 0) return fail({ code: 'BAD_INPUT', message: 'no vans', where: 'vans' });
  if (!(speedKmh > 0) || !(roadFactor >= 1))
    return fail({
      code: 'BAD_INPUT',
      message: 'speed must be positive and the road factor ≥ 1',
      where: 'speed',
    });
  const unit = problem.unit ? ` ${problem.unit}` : '';
  const legKm = (a: Place, b: Place): number => haversineKm(a, b) * roadFactor;
  const driveMs = (km: number): number => (km / speedKmh) * 3_600_000;
  const service = (o: DayOrder): number => o.serviceMin ?? problem.serviceMin;
  const firstStart = Math.min(...vans.map((v) => v.shiftStart));
  const lastEnd = Math.max(...vans.map((v) => v.shiftEnd));
  const biggest = vans.reduce((a, v) => (v.capacity > a.capacity ? v : a));
  const capacity = vans.reduce((s, v) => s + v.capacity, 0);

  const unserved: UnservedOrder[] = [];
  const open: DayOrder[] = [];
  for (const o of problem.orders) {
    const km = legKm(depot, o);
    const earliest = firstStart + driveMs(km);
    const start = Math.max(earliest, o.from ?? earliest);
    let reason: string | undefined;
    if (o.demand > biggest.capacity)
      reason = `needs ${fmt(o.demand)}${unit} but the biggest van (${biggest.id}) carries ${fmt(biggest.capacity)}${unit}`;
    else if (o.to !== undefined && start > o.to + EPS)
      reason = `its window ends at ${hhmm(o.to)} but the earliest possible arrival is ${hhmm(earliest)} (${fmt(km)} km from the depot at ${fmt(speedKmh)} km/h, leaving at ${hhmm(firstStart)})`;
    else if (start + service(o) * MIN + driveMs(km) > lastEnd + EPS)
      reason = `served at ${hhmm(start)} at the earliest, no van can be back at the depot before the last shift ends (${hhmm(lastEnd)}; ${fmt(km)} km each way)`;
    if (reason) unserved.push({ orderId: o.id, demand: o.demand, reason });
    else open.push(o);
  }

  const reasons: string[] = [];
  const demand = open.reduce((s, o) => s + o.demand, 0);
  if (demand > capacity + 1e-9) {
    const sizes = new Map<number, number>();
    for (const v of vans) sizes.set(v.capacity, (sizes.get(v.capacity) ?? 0) + 1);
    const fleet = [...sizes].map(([c, k]) => `${k} × ${fmt(c)}`).join(' + ');
    reasons.push(
      `total demand ${fmt(demand)}${unit} exceeds the fleet's capacity ${fmt(capacity)}${unit} (${fleet}) by ${fmt(demand - capacity)}${unit}: add a van or move orders to another day`,
    );
  }
  // Least van time the stops need: each stop's service plus the shortest leg into it (from the
  // depot or another stop). A lower bound on any plan's total, whatever the routes.
  const need = open.reduce((s, o) => {
    let leg = legKm(depot, o);
    for (const p of open) if (p !== o) leg = Math.min(leg, legKm(p, o));
    return s + service(o) * MIN + driveMs(leg);
  }, 0);
  const shifts = vans.reduce((s, v) => s + (v.shiftEnd - v.shiftStart), 0);
  if (need > shifts + EPS)
    reasons.push(
      `the stops need at least ${hours(need)} of driving and unloading but the ${vans.length} shifts give ${hours(shifts)}: add a van, lengthen the shifts or lower the service time`,
    );

  const emptyRoutes = (): PlannedRoute[] =>
    vans.map((v) => ({
      vanId: v.id,
      capacity: v.capacity,
      stops: [],
      departure: v.shiftStart,
      returnAt: v.shiftStart,
      load: 0,
      distanceKm: 0,
      durationMin: 0,
    }));
  const result = (routes: PlannedRoute[], searched: boolean): DayPlan => {
    const served = routes.reduce((s, r) => s + r.stops.length, 0);
    return {
      feasible: reasons.length === 0 && unserved.length === 0,
      routes,
      unserved,
      reasons,
      searched,
      totals: {
        orders: problem.orders.length,
        served,
        demand: problem.orders.reduce((s, o) => s + o.demand, 0),
        capacity,
        distanceKm: routes.reduce((s, r) => s + r.distanceKm, 0),
        durationMin: routes.reduce((s, r) => s + r.durationMin, 0),
        vansUsed: routes.filter((r) => r.stops.length > 0).length,
      },
    };
  };
  if (reasons.length > 0) return ok(result(emptyRoutes(), false));
  if (open.length === 0) return ok(result(emptyRoutes(), false));

  const planned = await planDeliveriesInWorker(
    {
      depot,
      orders: open.map((o) => ({
        id: o.id,
        lat: o.lat,
        lon: o.lon,
        demand: o.demand,
        serviceMin: service(o),
        ...(o.from !== undefined || o.to !== undefined
          ? { window: [o.from ?? firstStart, o.to ?? lastEnd] as const }
          : {}),
      })),
      vans: [...vans],
      speedKmh,
      roadFactor,
    },
    {
      timeLimitS: options.timeLimitS ?? 5,
      seed: options.seed ?? 1,
      ...(options.maxIterations !== undefined ? { maxIterations: options.maxIterations } : {}),
    },
    solve,
  );
  if (!planned.ok) return planned;
  const byId = new Map(open.map((o) => [o.id, o]));
  let dropped = 0;
  const routes = vans.map((van): PlannedRoute => {
    const seq = (planned.value.routes.find((r) => r.vanId === van.id)?.stops ?? []).map(
      (s) => byId.get(s.orderId)!,
    );
    const drop = (o: DayOrder, reason: string): void => {
      unserved.push({ orderId: o.id, demand: o.demand, reason });
      dropped++;
    };
    // Capacity: keep stops in visiting order while they fit.
    let load = 0;
    const fits: DayOrder[] = [];
    for (const o of seq) {
      if (load + o.demand > van.capacity + 1e-9)
        drop(
          o,
          `no room left: van ${van.id} already carries ${fmt(load)} of ${fmt(van.capacity)}${unit} in the best plan found`,
        );
      else {
        load += o.demand;
        fits.push(o);
      }
    }
    // Windows: a stop reached after its window closes leaves the route; removing a stop never
    // makes the later ones later (the triangle inequality holds for great-circle legs).
    let kept: DayOrder[] = [];
    let t = van.shiftStart;
    let at: Place = depot;
    for (const o of fits) {
      const arrival = t + driveMs(legKm(at, o));
      const start = Math.max(arrival, o.from ?? arrival);
      if (o.to !== undefined && start > o.to + EPS) {
        drop(
          o,
          `the best plan found reaches it at ${hhmm(start)}, after its window ends at ${hhmm(o.to)}, with ${vans.length} van(s)`,
        );
        continue;
      }
      kept.push(o);
      t = start + service(o) * MIN;
      at = o;
    }
    // Shift end: take the last stops off until the van is back in time.
    for (;;) {
      const r = timeRoute(van, kept);
      if (r.returnAt <= van.shiftEnd + EPS) return r;
      const last = kept[kept.length - 1]!;
      kept = kept.slice(0, -1);
      drop(
        last,
        `van ${van.id} would be back after its shift ends (${hhmm(van.shiftEnd)}) in the best plan found`,
      );
    }
  });
  if (dropped > 0)
    reasons.push(
      `the search found no plan serving all ${open.length} remaining orders with ${vans.length} van(s) within their capacities, windows and shifts: add a van, widen the windows or search longer (--time-limit)`,
    );
  return ok(result(routes, true));

  function timeRoute(van: Van, seq: readonly DayOrder[]): PlannedRoute {
    let t = van.shiftStart;
    let at: Place = depot;
    let km = 0;
    let remaining = seq.reduce((s, o) => s + o.demand, 0);
    const load = remaining;
    const stops: PlannedStop[] = [];
    for (const o of seq) {
      const leg = legKm(at, o);
      const arrival = t + driveMs(leg);
      const start = Math.max(arrival, o.from ?? arrival);
      const departure = start + service(o) * MIN;
      remaining -= o.demand;
      stops.push({
        orderId: o.id,
        ...(o.name ? { name: o.name } : {}),
        lat: o.lat,
        lon: o.lon,
        demand: o.demand,
        legKm: leg,
        arrival,
        start,
        departure,
        loadAfter: Math.max(0, remaining),
      });
      km += leg;
      t = departure;
      at = o;
    }
    if (stops.length === 0)
      return {
        vanId: van.id,
        capacity: van.capacity,
        stops,
        departure: van.shiftStart,
        returnAt: van.shiftStart,
        load: 0,
        distanceKm: 0,
        durationMin: 0,
      };
    const back = legKm(at, depot);
    const returnAt = t + driveMs(back);
    // Leave later when the first stop would otherwise mean waiting for its window: nothing after
    // it moves, since its service start stays the same.
    const first = stops[0]!;
    const departure = Math.max(van.shiftStart, first.start - driveMs(first.legKm));
    if (departure > van.shiftStart) stops[0] = { ...first, arrival: first.start };
    return {
      vanId: van.id,
      capacity: van.capacity,
      stops,
      departure,
      returnAt,
      load,
      distanceKm: km + back,
      durationMin: (returnAt - departure) / MIN,
    };
  }
}

function hours(ms: number): string {
  const m = Math.round(ms / MIN);
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
