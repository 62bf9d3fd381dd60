import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../store/index.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import { parseBucket, querySeries } from './query-series.js';

const T0 = Date.UTC(2024, 0, 1);
let store: Store;
beforeEach(async () => {
  store = await openSqliteStore(':memory:');
  await store.upsertSeries({ assetId: 'a/b', metric: 'v', unit: 'Cel' });
  await store.writePoints(
    Array.from({ length: 180 }, (_, i) => ({ seriesId: 'a/b/v', ts: T0 + i * 60_000, value: i })),
  );
});
afterEach(async () => {
  await store.close();
});

describe('querySeries', () => {
  it('returns raw points over the whole series by default, with a limit', async () => {
    const r = await querySeries(store, { seriesId: 'a/b/v', limit: 5 });
    expect('points' in r && r.points.map((p) => p.value)).toEqual([0, 1, 2, 3, 4]);
    const all = await querySeries(store, { seriesId: 'a/b/v' });
    expect('points' in all && all.points).toHaveLength(180);
  });

  it('returns hourly buckets in a range', async () => {
    const r = await querySeries(store, {
      seriesId: 'a/b/v',
      from: new Date(T0).toISOString(),
      to: T0 + 3 * 3_600_000,
      bucket: '1h',
    });
    expect('buckets' in r && r.buckets.map((b) => [b.count, b.min, b.max])).toEqual([
      [60, 0, 59],
      [60, 60, 119],
      [60, 120, 179],
    ]);
  });

  it('rejects bad input by field', async () => {
    expect(() => parseBucket('fortnight')).toThrow(/bucket "fortnight"/);
    await expect(querySeries(store, { seriesId: 'x/y' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(querySeries(store, { seriesId: 'a/b/v', from: 'later' })).rejects.toMatchObject({
      field: 'from',
    });
  });
});
