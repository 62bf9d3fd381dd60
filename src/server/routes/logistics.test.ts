import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from '../../store/index.js';
import { createTestApp } from '../test-app.fixture.js';

const T = Date.UTC(2024, 4, 1, 0); // 08:00 in Suzhou
const H = 3_600_000;
let raw: Store;
beforeEach(async () => {
  raw = await openSqliteStore(':memory:');
});
afterEach(async () => {
  await raw.close();
});

const app = (store: Store, now = T) => createTestApp(store, { now, web: false }).app;

const depot = { lat: 31.319, lon: 120.723 };
/** Eight orders on a ring 5 km around the depot, 100 kg each; two vans of 500 kg. */
const orders = Array.from({ length: 8 }, (_, i) => ({
  id: `o${i + 1}`,
  lat: depot.lat + (5 / 111.2) * Math.cos((i * Math.PI) / 4),
  lon: depot.lon + (5 / 95) * Math.sin((i * Math.PI) / 4),
  demand: 100,
}));
const vans = ['v1', 'v2'].map((id) => ({
  id,
  capacity: 500,
  shiftStart: new Date(T).toISOString(),
  shiftEnd: T + 10 * H,
}));

type Plan = {
  id: string;
  revision: number;
  plan: {
    feasible: boolean;
    distanceKm: number;
    routes: Array<{ vanId: string; load: number; stops: Array<{ orderId: string; start: number }> }>;
  };
};

describe('logistics plans', () => {
  it('plans in the worker, stores the plan, lists it, and re-plans with an added order', async () => {
    const a = app(raw);
    const res = await a.request('/api/v1/logistics/plans', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: 'day1', depot, orders, vans, timeLimitS: 0.3 }),
    });
    expect(res.status).toBe(201);
    const p = (await res.json()) as Plan;
    expect(p.plan.feasible).toBe(true);
    const served = p.plan.routes.flatMap((r) => r.stops.map((s) => s.orderId)).sort();
    expect(served).toEqual(orders.map((o) => o.id).sort());
    for (const r of p.plan.routes) expect(r.load).toBeLessThanOrEqual(500);
    // Each route at least visits a 5 km ring and comes back: ≥ 10 km × road factor.
    expect(p.plan.distanceKm).toBeGreaterThan(2 * 10 * 1.3 - 1e-9);

    const list = (await (await a.request('/api/v1/logistics/plans')).json()) as {
      plans: Array<{ id: string }>;
    };
    expect(list.plans.map((x) => x.id)).toEqual(['day1']);
    const got = (await (await a.request('/api/v1/logistics/plans/day1')).json()) as Plan;
    expect(got.plan).toEqual(p.plan);

    const re = await a.request('/api/v1/logistics/plans/day1/orders', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        orders: [{ id: 'late', lat: depot.lat + 0.01, lon: depot.lon, demand: 50 }],
        now: T + H,
        timeLimitS: 0.3,
      }),
    });
    expect(re.status).toBe(200);
    const p2 = (await re.json()) as Plan;
    expect(p2.revision).toBe(2);
    expect(p2.plan.feasible).toBe(true);
    const all = p2.plan.routes.flatMap((r) => r.stops);
    expect(all.map((s) => s.orderId).sort()).toEqual([...orders.map((o) => o.id), 'late'].sort());
    // Nothing new is served before the re-plan time.
    expect(all.find((s) => s.orderId === 'late')!.start).toBeGreaterThanOrEqual(T + H);
  });

  it('names bad input and unknown plans', async () => {
    const a = app(raw);
    const post = (body: unknown) =>
      a.request('/api/v1/logistics/plans', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const r1 = await post({ depot, orders: [{ ...orders[0], lat: 91 }], vans });
    expect(r1.status).toBe(400);
    expect(((await r1.json()) as { field: string }).field).toMatch(/orders\.0\.lat/);
    const r2 = await post({ depot, orders: [{ ...orders[0], demand: 900 }], vans, timeLimitS: 0.1 });
    expect(r2.status).toBe(400);
    expect(((await r2.json()) as { detail: string }).detail).toMatch(/order o1.*exceeds the van capacity/);
    const r3 = await post({ depot, orders, vans: [{ ...vans[0], shiftStart: 'yesterday-ish' }] });
    expect(r3.status).toBe(400);
    expect(((await r3.json()) as { field: string }).field).toBe('vans.0.shiftStart');
    const r4 = await a.request('/api/v1/logistics/plans/nope');
    expect(r4.status).toBe(404);
    const r5 = await a.request('/api/v1/logistics/plans', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"depot":',
    });
    expect(r5.status).toBe(400);
  });
});

describe('slotting', () => {
  const post = (a: ReturnType<typeof app>, body: unknown) =>
    a.request('/api/v1/logistics/slotting', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('puts the most-picked SKU nearest and reports the saving, from JSON or CSV', async () => {
    const a = app(raw);
    const skus = [
      { id: 'A', picks: 10, currentLocation: 'far' },
      { id: 'B', picks: 1, currentLocation: 'near' },
    ];
    const locations = [
      { id: 'near', distance: 5 },
      { id: 'far', distance: 20 },
    ];
    const r = (await (await post(a, { skus, locations })).json()) as Record<string, unknown>;
    // Current: 10·2·20 + 1·2·5 = 410; optimal: 10·2·5 + 1·2·20 = 140.
    expect(r['travel']).toBe(140);
    expect(r['currentTravel']).toBe(410);
    expect(r['saving']).toBe(270);
    const csv = (await (
      await post(a, {
        skusCsv: 'sku,picks,current_location\nA,10,far\nB,1,near\n',
        locationsCsv: 'location,distance\nnear,5\nfar,20\n',
      })
    ).json()) as Record<string, unknown>;
    expect(csv['travel']).toBe(140);
  });

  it('names the CSV row at fault and missing inputs', async () => {
    const a = app(raw);
    const r = await post(a, { skusCsv: 'sku,picks\nA,lots\n', locationsCsv: 'location,distance\nx,1\n' });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { field: string }).field).toBe('skusCsv: skus.csv row 2');
    const r2 = await post(a, { locations: [{ id: 'x', distance: 1 }] });
    expect(r2.status).toBe(400);
    expect(((await r2.json()) as { field: string }).field).toBe('skus');
  });
});
