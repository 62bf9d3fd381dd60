import { describe, expect, it } from 'vitest';
import { solveHgs } from '../../optimize/routing/index.js';
import type { Van } from './delivery-types.js';
import { createPlanClock } from './plan-clock.js';
import type { RoutingSolver } from './plan-deliveries.js';
import { type DayOrder, type DayPlan, type DayProblem, planDay } from './plan-orders.js';

const clock = createPlanClock('2026-12-05', 'Asia/Shanghai');
const at = (h: number, m = 0): number => Date.UTC(2026, 11, 5, h - 8, m);
const MIN = 60_000;
const depot = { lat: 31.319, lon: 120.723 }; // Suzhou Industrial Park
/** In-process and reproducible: a fixed iteration budget instead of a clock. */
const solver: RoutingSolver = async (inst, o) => solveHgs(inst, { ...o, maxIterations: 800, timeLimitS: 60 });

/** Great-circle km, written again here so the check shares nothing with the planner. */
function km(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 12742.0176 * Math.asin(Math.sqrt(h));
}

/** 30 shops 2–10 km around the depot, 20–120 kg, a third with a morning and a third with an afternoon window. */
function cityOrders(): DayOrder[] {
  let s = 7;
  const rnd = (): number => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
  return Array.from({ length: 30 }, (_, i) => {
    const r = 2 + 8 * rnd();
    const a = 2 * Math.PI * rnd();
    return {
      id: `SO-${1001 + i}`,
      name: `shop ${i + 1}`,
      lat: depot.lat + (r / 111.2) * Math.sin(a),
      lon: depot.lon + (r / (111.2 * Math.cos(depot.lat * (Math.PI / 180)))) * Math.cos(a),
      demand: Math.round(20 + 100 * rnd()),
      ...(i % 3 === 0 ? { from: at(9), to: at(12) } : i % 3 === 1 ? { from: at(13), to: at(17) } : {}),
    };
  });
}

const vans = (k: number, capacity: number): Van[] =>
  Array.from({ length: k }, (_, i) => ({
    id: `van-${i + 1}`,
    capacity,
    shiftStart: at(8),
    shiftEnd: at(18),
  }));

const problem = (orders: DayOrder[], fleet: Van[]): DayProblem => ({
  depot,
  orders,
  vans: fleet,
  speedKmh: 30,
  roadFactor: 1.3,
  serviceMin: 5,
  unit: 'kg',
  hhmm: clock.hhmm,
});

async function plan(p: DayProblem): Promise<DayPlan> {
  const r = await planDay(p, { seed: 1 }, solver);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
}

/** Drives every route again from the problem data alone and lists what breaks a rule. */
function violations(p: DayProblem, d: DayPlan): string[] {
  const out: string[] = [];
  const byId = new Map(p.orders.map((o) => [o.id, o]));
  const seen = new Map<string, number>();
  const slack = 1; // ms
  for (const r of d.routes) {
    const van = p.vans.find((v) => v.id === r.vanId)!;
    let t = r.departure;
    let here = p.depot;
    let load = 0;
    if (r.stops.length > 0 && r.departure < van.shiftStart) out.push(`${van.id} leaves before its shift`);
    for (const s of r.stops) {
      const o = byId.get(s.orderId)!;
      seen.set(o.id, (seen.get(o.id) ?? 0) + 1);
      load += o.demand;
      const travel = ((km(here, o) * p.roadFactor) / p.speedKmh) * 3_600_000;
      if (s.arrival < t + travel - slack) out.push(`${o.id} reached faster than the road allows`);
      if (s.start < s.arrival - slack || (o.from !== undefined && s.start < o.from - slack))
        out.push(`${o.id} served before its window opens`);
      if (o.to !== undefined && s.start > o.to + slack) out.push(`${o.id} served after its window closes`);
      if (s.departure < s.start + (o.serviceMin ?? p.serviceMin) * MIN - slack)
        out.push(`${o.id} service cut short`);
      t = s.departure;
      here = o;
    }
    if (load > van.capacity) out.push(`${van.id} carries ${load} > ${van.capacity}`);
    if (r.load !== load) out.push(`${van.id} reports load ${r.load}, carries ${load}`);
    const back = t + ((km(here, p.depot) * p.roadFactor) / p.speedKmh) * 3_600_000;
    if (r.stops.length > 0 && r.returnAt < back - slack) out.push(`${van.id} back too soon`);
    if (r.returnAt > van.shiftEnd + slack) out.push(`${van.id} back after its shift`);
  }
  for (const u of d.unserved) seen.set(u.orderId, (seen.get(u.orderId) ?? 0) + 1);
  for (const o of p.orders)
    if (seen.get(o.id) !== 1) out.push(`${o.id} planned ${seen.get(o.id) ?? 0} times`);
  return out;
}

describe('planDay', () => {
  it('plans 30 city orders with windows on 3 vans: every order once, in its window, within capacity', async () => {
    const p = problem(cityOrders(), vans(3, 900));
    const d = await plan(p);
    expect(violations(p, d)).toEqual([]);
    expect(d.unserved).toEqual([]);
    expect(d.reasons).toEqual([]);
    expect(d.feasible).toBe(true);
    expect(d.totals.served).toBe(30);
    expect(d.totals.demand).toBe(p.orders.reduce((s, o) => s + o.demand, 0));
    const kmSum = d.routes.reduce((s, r) => s + r.distanceKm, 0);
    expect(d.totals.distanceKm).toBeCloseTo(kmSum, 9);
    // A route never leaves to wait at its first stop: it leaves when it must to arrive as the window opens.
    for (const r of d.routes)
      if (r.stops[0]) expect(r.stops[0].arrival).toBeGreaterThanOrEqual(r.stops[0].start - 1);
  });

  it('says when total demand exceeds the fleet, with both numbers, and does not search', async () => {
    const orders = cityOrders();
    const total = orders.reduce((s, o) => s + o.demand, 0);
    const d = await plan(problem(orders, vans(3, 500)));
    expect(d.feasible).toBe(false);
    expect(d.searched).toBe(false);
    expect(d.reasons).toEqual([
      `total demand ${total} kg exceeds the fleet's capacity 1500 kg (3 × 500) by ${total - 1500} kg: add a van or move orders to another day`,
    ]);
  });

  it('names an order bigger than the biggest van and a window no direct trip can reach, and plans the rest', async () => {
    const orders = cityOrders().slice(0, 6);
    const far = { lat: 31.86, lon: 120.723 }; // ~60 km north
    const tooBig: DayOrder = { id: 'BIG', lat: 31.33, lon: 120.73, demand: 1000 };
    const early: DayOrder = { id: 'EARLY', ...far, demand: 10, from: at(8), to: at(8, 30) };
    const p = problem(
      [...orders, tooBig, early],
      [...vans(1, 900), { id: 'mini', capacity: 300, shiftStart: at(8), shiftEnd: at(18) }],
    );
    const d = await plan(p);
    const kmFar = km(depot, far) * 1.3;
    const arrive = clock.hhmm(at(8) + (kmFar / 30) * 3_600_000);
    expect(d.unserved).toEqual([
      { orderId: 'BIG', demand: 1000, reason: 'needs 1000 kg but the biggest van (van-1) carries 900 kg' },
      {
        orderId: 'EARLY',
        demand: 10,
        reason: `its window ends at 08:30 but the earliest possible arrival is ${arrive} (${Number(kmFar.toFixed(2))} km from the depot at 30 km/h, leaving at 08:00)`,
      },
    ]);
    expect(arrive > '08:30').toBe(true);
    expect(d.feasible).toBe(false);
    expect(d.totals.served).toBe(6);
    expect(violations(p, d)).toEqual([]);
  });

  it('takes a stop off when one van cannot keep two windows, and says which and why', async () => {
    // Two shops 10 km either side of the depot, both wanting 09:00–09:05: one van can keep one.
    const north: DayOrder = {
      id: 'N',
      lat: depot.lat + 0.09,
      lon: depot.lon,
      demand: 5,
      from: at(9),
      to: at(9, 5),
    };
    const south: DayOrder = {
      id: 'S',
      lat: depot.lat - 0.09,
      lon: depot.lon,
      demand: 5,
      from: at(9),
      to: at(9, 5),
    };
    const p = problem([north, south], vans(1, 100));
    const d = await plan(p);
    expect(violations(p, d)).toEqual([]);
    expect(d.totals.served).toBe(1);
    expect(d.unserved).toHaveLength(1);
    expect(d.unserved[0]!.reason).toMatch(
      /^the best plan found reaches it at 09:\d\d, after its window ends at 09:05, with 1 van\(s\)$/,
    );
    expect(d.reasons[0]).toMatch(/^the search found no plan serving all 2 remaining orders with 1 van\(s\)/);
  });

  it('says when the stops need more van time than the shifts give', async () => {
    const orders = cityOrders().map((o) => ({ ...o, serviceMin: 45 }));
    const d = await plan(problem(orders, vans(2, 5000)));
    expect(d.searched).toBe(false);
    expect(d.reasons).toHaveLength(1);
    expect(d.reasons[0]).toMatch(
      /^the stops need at least 2\d h \d\d min of driving and unloading but the 2 shifts give 20 h 00 min/,
    );
  });
});
