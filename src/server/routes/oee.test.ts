import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../core/index.js';
import { openSqliteStore, type Store } from '../../store/index.js';
import { createTestApp } from '../test-app.fixture.js';

const T = Date.UTC(2024, 4, 1, 8);
const MIN = 60_000;
let raw: Store;
beforeEach(async () => {
  raw = await openSqliteStore(':memory:');
});
afterEach(async () => {
  await raw.close();
});

const app = (store: Store, now: number, clock = manualClock(now)) =>
  createTestApp(store, { clock, web: false }).app;

/** One machine, one hour: 30 min running, 30 min idle; 24 parts at an ideal 60 s, 18 good. */
async function seed() {
  const m = 'f1/hall/line1/m1';
  await raw.upsertAsset({ id: 'f1/hall/line1', kind: 'line' });
  await raw.upsertAsset({ id: m, kind: 'equipment', name: 'Mill 1', attributes: { idealCycleTimeS: 60 } });
  await raw.upsertAsset({ id: 'f1/hall/line1/conveyor', kind: 'equipment' });
  for (const metric of ['state', 'parts_total', 'good_total'])
    await raw.upsertSeries({ assetId: m, metric, unit: '1' });
  const pts = [];
  for (let i = 0; i <= 60; i++) {
    const ts = T + i * MIN;
    pts.push({ seriesId: `${m}/state`, ts, value: i < 30 ? 1 : 2 });
    pts.push({ seriesId: `${m}/parts_total`, ts, value: Math.round((Math.min(i, 30) * 24) / 30) });
    pts.push({ seriesId: `${m}/good_total`, ts, value: Math.round((Math.min(i, 30) * 18) / 30) });
  }
  await raw.writePoints(pts);
}

describe('GET /api/v1/oee', () => {
  it('gives availability × performance × quality per machine and line', async () => {
    await seed();
    const res = await app(raw, T + 60 * MIN).request(`/api/v1/oee?from=${T}&to=${T + 60 * MIN}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      lines: Array<{ id: string; group: Record<string, number>; machines: Array<Record<string, unknown>> }>;
    };
    expect(body.lines).toHaveLength(1);
    const line = body.lines[0]!;
    expect(line.id).toBe('f1/hall/line1');
    expect(line.machines).toHaveLength(1);
    const m = line.machines[0]!;
    expect(m).toMatchObject({ id: 'f1/hall/line1/m1', name: 'Mill 1', pq: 24, gq: 18 });
    expect(m['availability']).toBeCloseTo(0.5, 10);
    expect(m['effectiveness']).toBeCloseTo(0.8, 10);
    expect(m['quality']).toBeCloseTo(0.75, 10);
    expect(m['oee']).toBeCloseTo(0.3, 10);
    expect(line.group['oee']).toBeCloseTo(0.3, 10);
  });

  it('defaults to the last 8 hours, skips lines without OEE machines, and names bad input', async () => {
    await raw.upsertAsset({ id: 'f1/hall/line2', kind: 'line' });
    await seed();
    const a = app(raw, T + 60 * MIN);
    const body = (await (await a.request('/api/v1/oee')).json()) as {
      from: number;
      to: number;
      lines: unknown[];
    };
    expect(body.to - body.from).toBe(8 * 3_600_000);
    expect(body.lines).toHaveLength(1);
    const bad = await a.request('/api/v1/oee?window=soon');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { field: string }).field).toBe('window');
    expect((await a.request(`/api/v1/oee?from=${T}&to=${T}`)).status).toBe(400);
  });

  it('serves live windows stale-while-revalidate: fresh for 15 s, then refreshed in the background', async () => {
    await seed();
    const clock = manualClock(T + 60 * MIN);
    const a = app(raw, T + 60 * MIN, clock);
    type Body = { to: number };
    const get = async () => ((await (await a.request('/api/v1/oee')).json()) as Body).to;
    expect(await get()).toBe(T + 60 * MIN);
    clock.advance(10_000);
    expect(await get()).toBe(T + 60 * MIN); // still fresh
    clock.advance(10_000);
    expect(await get()).toBe(T + 60 * MIN); // stale: returned at once, refresh started
    await expect.poll(get).toBe(T + 60 * MIN + 20_000);
  });
});
