import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from '../../store/index.js';
import { anomalyHistory } from '../monitoring/anomaly-history.js';
import { forecastStoredSeries } from './series-forecast.js';

const T0 = Date.UTC(2026, 0, 1);
const ID = 'plant/oven/temp';
let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

async function withSeries(points: number): Promise<Store> {
  store = await openSqliteStore(':memory:');
  await store.upsertAsset({ id: 'plant/oven', kind: 'equipment', name: 'oven' });
  await store.upsertSeries({
    assetId: 'plant/oven',
    metric: 'temp',
    unit: 'Cel',
    expectedIntervalMs: 60_000,
  });
  if (points > 0)
    await store.writePoints(
      Array.from({ length: points }, (_, i) => ({
        seriesId: ID,
        ts: T0 + i * 60_000,
        value: 20 + Math.sin(i / 5),
      })),
    );
  return store;
}

describe('series read back for the dashboard', () => {
  it('forecasts the newest points at their median step, or buckets when asked', async () => {
    const s = await withSeries(120);
    const f = await forecastStoredSeries(s, ID, { history: 100, horizon: 5, level: 0.9 });
    expect([f.fitted, f.stepMs, f.lastTs, f.forecast.point.length]).toEqual([
      100,
      60_000,
      T0 + 119 * 60_000,
      5,
    ]);
    const b = await forecastStoredSeries(s, ID, { history: 10, horizon: 2, level: 0.9, bucketMs: 600_000 });
    expect(b.stepMs).toBe(600_000);
    expect(b.fitted).toBeLessThanOrEqual(10);
  });

  it('names the problem: unknown series, no points yet, an empty range', async () => {
    const s = await withSeries(0);
    await expect(
      forecastStoredSeries(s, 'nope/x', { history: 10, horizon: 2, level: 0.9 }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
      field: 'id',
    });
    await expect(forecastStoredSeries(s, ID, { history: 10, horizon: 2, level: 0.9 })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      field: 'id',
    });
    await expect(anomalyHistory(s, ID, { from: T0, to: T0, limit: 10 })).rejects.toMatchObject({
      field: 'from',
    });
    await expect(anomalyHistory(s, 'nope/x', { from: T0, to: T0 + 1, limit: 10 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('keeps at most `limit` scored points, each its slice’s peak', async () => {
    const s = await withSeries(300);
    const all = await anomalyHistory(s, ID, { from: T0, to: T0 + 300 * 60_000, limit: 1000 });
    const thin = await anomalyHistory(s, ID, { from: T0, to: T0 + 300 * 60_000, limit: 30 });
    expect(all.points).toHaveLength(300);
    expect(thin.points).toHaveLength(30);
    expect(Math.max(...thin.points.map((p) => p.score))).toBe(Math.max(...all.points.map((p) => p.score)));
  });
});
