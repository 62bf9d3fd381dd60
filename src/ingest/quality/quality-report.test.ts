import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock, silentLogger } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import { createIngestPipeline } from '../pipeline/create-ingest-pipeline.js';
import type { RawReading } from '../types.js';
import { importQuality, seriesQuality } from './quality-report.js';

const T0 = Date.UTC(2024, 0, 1);
let store: Store;
beforeEach(async () => {
  store = await openSqliteStore(':memory:');
});
afterEach(async () => {
  await store.close();
});
const rd = (ts: number, value: unknown, i: number): RawReading => ({
  seriesId: 'q/m/v',
  ts,
  value,
  unit: 'Cel',
  location: `x:${i}`,
  raw: '',
});

describe('quality report', () => {
  it('measures completeness, validity, gaps and freshness of a series', async () => {
    const clock = manualClock(T0 + 200_000);
    const p = createIngestPipeline({ store, clock, logger: silentLogger });
    const readings: RawReading[] = [];
    // 100 s at 1 s with a 20 s hole (so 80 of 100 expected points), and 5 unparsable values.
    for (let i = 0; i < 100; i++)
      if (i < 40 || i >= 60) readings.push(rd(T0 + i * 1000, 20 + (i % 7) * 0.1, i));
    for (let i = 0; i < 5; i++) readings.push(rd(T0 + i * 1000 + 500, 'n/a', 100 + i));
    const imp = await store.createImport({ source: 'x.csv', format: 'csv', startedAt: T0 });
    const r = await p.ingest(readings, { source: 'csv', importId: imp });
    await store.finishImport(imp, { finishedAt: T0, rows: 85, ...r, series: [...r.series], status: 'done' });

    const q = await seriesQuality(store, 'q/m/v', clock.now());
    expect(q).toMatchObject({
      points: 80,
      intervalMs: 1000,
      intervalSource: 'learned',
      accepted: 80,
      quarantined: 5,
    });
    expect(q.completeness).toBeCloseTo(0.8, 3);
    expect(q.validity).toBeCloseTo(80 / 85, 3);
    expect(q.gaps).toEqual({ count: 1, totalMs: 21_000 });
    // The last point is 101 s old at a 1 s interval: not fresh.
    expect(q.freshness).toBe(0);
    const expected = 100 * (0.35 * 0.8 + 0.3 * (80 / 85) + 0.1 + 0.1 + 0.05 + 0);
    expect(q.score).toBeCloseTo(expected, 0);

    const iq = await importQuality(store, imp, clock.now());
    expect(iq).toMatchObject({ import: imp, accepted: 80, quarantined: 5, series: [{ series: 'q/m/v' }] });
    expect(iq.score).toBeCloseTo(100 * (0.6 * (80 / 85) + 0.4), 0);
  });

  it('uses the configured interval and reports fresh data', async () => {
    const clock = manualClock(T0 + 10_000);
    await store.upsertSeries({ assetId: 'q/m', metric: 'v', unit: 'Cel', expectedIntervalMs: 2000 });
    const p = createIngestPipeline({ store, clock, logger: silentLogger });
    await p.ingest(
      Array.from({ length: 5 }, (_, i) => rd(T0 + i * 2000, 1 + i, i)),
      { source: 'http', importId: null },
    );
    const q = await seriesQuality(store, 'q/m/v', clock.now());
    expect(q).toMatchObject({ intervalSource: 'configured', completeness: 1, freshness: 1, validity: 1 });
    expect(q.score).toBe(100);
  });

  it('names a missing series or import', async () => {
    await expect(seriesQuality(store, 'no/such', 0)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(importQuality(store, 42, 0)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
