import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/index.js';
import { runServer, until } from './helpers.js';

const DAY = 86_400_000;

describe('retention in a running server', () => {
  it('prunes raw points past a series retention at start and on its timer, keeping the rollups', async () => {
    const store = await openSqliteStore(':memory:');
    await store.upsertSeries({ assetId: 'site/m1', metric: 'temp', unit: 'Cel', retentionDays: 1 });
    const now = Date.now();
    const old = now - 3 * DAY;
    await store.writePoints([
      { seriesId: 'site/m1/temp', ts: old, value: 1 },
      { seriesId: 'site/m1/temp', ts: now - 60_000, value: 2 },
    ]);
    const running = await runServer({ wrap: () => store, mqttPort: false, retentionIntervalMs: 50 });
    try {
      await until(async () => (await store.pointStats('site/m1/temp')).count === 1, 5000);
      const left = await store.queryPoints('site/m1/temp', { from: 0, to: now + 1 });
      expect(left.map((p) => p.value)).toEqual([2]);
      // the hourly rollup of the pruned point is still there
      const buckets = await store.queryBuckets('site/m1/temp', {
        from: old - DAY,
        to: old + DAY,
        bucketMs: 3_600_000,
      });
      expect(buckets.buckets.map((b) => b.count)).toEqual([1]);
    } finally {
      await running.stop();
      await store.close().catch(() => undefined);
    }
  });
});
