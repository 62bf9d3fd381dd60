import { describe, expect, it } from 'vitest';
import { createRng } from '../core/index.js';
import { logistics } from '../domains/index.js';
import { localDay } from './calendar.js';
import { createVanSim, VAN_STATUS } from './fleet.js';
import { demoDeliveryProblem, demoPlanId } from './fleet-orders.js';

const day = localDay(Date.UTC(2024, 4, 1, 4));

describe('demo fleet orders and plan following', () => {
  it('gives the same orders for a seed and day, and a feasible plan for them', () => {
    const a = demoDeliveryProblem(7, day);
    expect(demoDeliveryProblem(7, day)).toEqual(a);
    expect(demoDeliveryProblem(8, day)).not.toEqual(a);
    expect(demoPlanId(day)).toBe('demo-2024-05-01');
    expect(a.orders.length).toBeGreaterThanOrEqual(24);
    const r = logistics.planDeliveries(a, { timeLimitS: 5, maxIterations: 300, seed: 1 });
    expect(r.ok && r.value.feasible).toBe(true);
  });

  it('drives the planned route: at each stop during its planned visit, on the road between', () => {
    const problem = demoDeliveryProblem(7, day);
    const r = logistics.planDeliveries(problem, { timeLimitS: 5, maxIterations: 300, seed: 1 });
    if (!r.ok) throw new Error('plan failed');
    const route = r.value.routes.find((x) => x.stops.length > 1)!;
    // A fresh van per reading: a simulated van only moves forward in time.
    const read = (ts: number) => {
      const sim = createVanSim(route.vanId, createRng(1), 5000, () => ({ problem, plan: r.value }));
      const out: Record<string, number> = {};
      sim.sample(ts, (_a, metric, _t, value) => {
        out[metric] = value;
      });
      return out;
    };
    for (const stop of route.stops) {
      const o = problem.orders.find((x) => x.id === stop.orderId)!;
      const at = read((stop.arrival + stop.departure) / 2);
      expect(at['status']).toBe(VAN_STATUS.DELIVERING);
      expect(Math.abs(at['latitude']! - o.lat)).toBeLessThan(1e-3);
      expect(Math.abs(at['longitude']! - o.lon)).toBeLessThan(1e-3);
    }
    const s0 = route.stops[0]!;
    expect(read((route.departure + s0.arrival) / 2)['status']).toBe(VAN_STATUS.DRIVING);
    expect(read(route.returnAt + 60_000)['status']).toBe(VAN_STATUS.AT_DEPOT);
  });
});
