import { describe, expect, it } from 'vitest';
import type { DeliveryProblem, Order } from './index.js';
import { planDeliveries, replanDeliveries } from './index.js';

const H = 3_600_000;
const day = Date.UTC(2025, 5, 2, 8);
const depot = { lat: 52.52, lon: 13.405 };
const orders: Order[] = Array.from({ length: 12 }, (_, i) => ({
  id: `o${i + 1}`,
  lat: 52.52 + 0.03 * Math.cos(i),
  lon: 13.405 + 0.05 * Math.sin(i * 1.7),
  demand: 2 + (i % 3),
  ...(i % 4 === 0 ? { window: [day + 3 * H, day + 5 * H] as const } : {}),
}));
const problem: DeliveryProblem = {
  depot,
  orders,
  vans: [
    { id: 'van-1', capacity: 20, shiftStart: day, shiftEnd: day + 9 * H },
    { id: 'van-2', capacity: 20, shiftStart: day, shiftEnd: day + 9 * H },
  ],
  costPerKm: 0.5,
};

describe('planDeliveries', () => {
  it('serves every order once within windows and capacity, with consistent times and loads', () => {
    const r = planDeliveries(problem, { maxIterations: 150, timeLimitS: 20 });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const plan = r.value;
    expect(plan.violations).toEqual([]);
    expect(plan.feasible).toBe(true);
    const served = plan.routes.flatMap((x) => x.stops.map((s) => s.orderId)).sort();
    expect(served).toEqual(orders.map((o) => o.id).sort());
    for (const route of plan.routes) {
      expect(route.load).toBeLessThanOrEqual(20);
      let t = route.departure;
      for (const s of route.stops) {
        expect(s.arrival).toBeGreaterThanOrEqual(t);
        const o = orders.find((x) => x.id === s.orderId)!;
        if (o.window) expect(s.start).toBeGreaterThanOrEqual(o.window[0]);
        if (o.window) expect(s.start).toBeLessThanOrEqual(o.window[1] + 1e-6);
        t = s.departure;
      }
      expect(route.stops.at(-1)?.loadAfter ?? 0).toBe(0);
    }
    expect(plan.cost).toBeCloseTo(plan.distanceKm * 0.5, 9);
  });

  it('re-plans an order added mid-day and keeps served and committed stops', () => {
    const first = planDeliveries(problem, { maxIterations: 100, timeLimitS: 20 });
    if (!first.ok) throw new Error('plan');
    const now = day + 2 * H;
    const added: Order = { id: 'rush', lat: 52.53, lon: 13.41, demand: 1, window: [now, now + 3 * H] };
    const again = replanDeliveries(problem, first.value, [added], now, {
      maxIterations: 100,
      timeLimitS: 20,
    });
    if (!again.ok) throw new Error(JSON.stringify(again.issues));
    expect(again.value.violations).toEqual([]);
    for (const old of first.value.routes) {
      const kept = old.stops.filter((s) => s.start <= now);
      const next = again.value.routes.find((r) => r.vanId === old.vanId)!;
      expect(next.stops.slice(0, kept.length).map((s) => s.orderId)).toEqual(kept.map((s) => s.orderId));
    }
    const served = again.value.routes.flatMap((x) => x.stops.map((s) => s.orderId));
    expect(served).toContain('rush');
    expect(new Set(served).size).toBe(orders.length + 1);
    const rush = again.value.routes.flatMap((x) => x.stops).find((s) => s.orderId === 'rush')!;
    expect(rush.start).toBeGreaterThanOrEqual(now);
  });

  it('gives each van of a mixed fleet no more than its own capacity', () => {
    // 6 orders of 3 = 18 = exactly 12 + 6: the small van must be filled to its capacity, not more.
    const six: Order[] = orders.slice(0, 6).map(({ window: _, ...o }) => ({ ...o, demand: 3 }));
    const r = planDeliveries(
      {
        ...problem,
        orders: six,
        vans: [
          { id: 'big', capacity: 12, shiftStart: day, shiftEnd: day + 9 * H },
          { id: 'small', capacity: 6, shiftStart: day, shiftEnd: day + 9 * H },
        ],
      },
      { maxIterations: 100, timeLimitS: 20 },
    );
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.value.violations).toEqual([]);
    const load = new Map(r.value.routes.map((x) => [x.vanId, x.load]));
    expect(load.get('big')).toBe(12);
    expect(load.get('small')).toBe(6);
  });

  it('lists every bad field', () => {
    const r = planDeliveries({
      ...problem,
      orders: [{ id: 'x', lat: 95, lon: 0, demand: 50 }],
      vans: [{ id: 'v', capacity: 20, shiftStart: day, shiftEnd: day - 1 }],
    });
    expect(!r.ok && r.issues.map((i) => i.where)).toEqual(['van v', 'order x', 'order x']);
  });
});
