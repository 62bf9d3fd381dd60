import { afterEach, describe, expect, it } from 'vitest';
import { manualClock, XinzhiError } from '../../core/index.js';
import { openSqliteStore, type Store } from '../../store/index.js';
import { createDeliveryService } from './delivery-service.js';
import type { DeliveryProblem } from './delivery-types.js';

const T0 = Date.UTC(2026, 0, 5, 0, 0);
const depot = { lat: 31.319, lon: 120.723 };
const problem: DeliveryProblem = {
  depot,
  orders: Array.from({ length: 6 }, (_, i) => ({
    id: `o${i}`,
    lat: depot.lat + (5 / 111.2) * Math.cos((i * Math.PI) / 3),
    lon: depot.lon + (5 / 95) * Math.sin((i * Math.PI) / 3),
    demand: 100,
  })),
  vans: ['v1', 'v2'].map((id) => ({ id, capacity: 400, shiftStart: T0, shiftEnd: T0 + 8 * 3_600_000 })),
};

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe('the delivery service', () => {
  it('plans, stores, re-plans with added orders as the next revision, and lists newest first', async () => {
    store = await openSqliteStore(':memory:');
    const clock = manualClock(T0);
    const deliveries = createDeliveryService({ store, clock });
    const first = await deliveries.plan(problem, { timeLimitS: 0.2, seed: 1 }, { id: 'day1' });
    expect(first).toMatchObject({ id: 'day1', revision: 1, source: 'api', createdAt: T0 });
    expect(await deliveries.get('day1')).toEqual(first);
    clock.advance(60_000);
    const late = { id: 'late', lat: depot.lat + 0.01, lon: depot.lon, demand: 50 };
    const second = await deliveries.addOrders('day1', [late], { timeLimitS: 0.2, seed: 1 });
    expect(second).toMatchObject({ id: 'day1', revision: 2, createdAt: T0 + 60_000 });
    expect(second.problem.orders.map((o) => o.id)).toContain('late');
    expect((await deliveries.list()).map((p) => [p.id, p.revision])).toEqual([['day1', 2]]);
  });

  it('answers NOT_FOUND for an unknown plan and BAD_INPUT for a problem that cannot be planned', async () => {
    store = await openSqliteStore(':memory:');
    const deliveries = createDeliveryService({ store, clock: manualClock(T0) });
    await expect(deliveries.get('nope')).rejects.toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    await expect(deliveries.addOrders('nope', [], { timeLimitS: 0.1 })).rejects.toBeInstanceOf(XinzhiError);
    const bad = { ...problem, vans: [] };
    await expect(deliveries.plan(bad, { timeLimitS: 0.1 })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(await deliveries.list()).toEqual([]);
  });
});
