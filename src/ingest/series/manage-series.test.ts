import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../store/index.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import { changeSeriesUnit, createSeries } from './manage-series.js';

const T0 = Date.UTC(2024, 5, 1);
let store: Store;
beforeEach(async () => {
  store = await openSqliteStore(':memory:');
});
afterEach(() => store.close());

describe('createSeries', () => {
  it('stores the UCUM code of an alias and refuses an existing id or a flat id', async () => {
    expect((await createSeries(store, { id: 'p/boiler/temp', unit: '°C', maxValue: 150 })).unit).toBe('Cel');
    await expect(createSeries(store, { id: 'p/boiler/temp', unit: 'Cel' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(createSeries(store, { id: 'temp', unit: 'Cel' })).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
    await expect(createSeries(store, { id: 'p/x/y', unit: 'parsecs per fortnight' })).rejects.toMatchObject({
      code: 'INGEST_BAD_UNIT',
    });
  });
});

describe('changeSeriesUnit', () => {
  it('converts with a clean affine map: K to Cel is exactly − 273.15', async () => {
    await createSeries(store, { id: 'p/cryo/temp', unit: 'K', minValue: 0 });
    await store.writePoints([
      { seriesId: 'p/cryo/temp', ts: T0, value: 77.35 },
      { seriesId: 'p/cryo/temp', ts: T0 + 1000, value: 273.15 },
    ]);
    const r = await changeSeriesUnit(store, 'p/cryo/temp', '°C');
    expect(r).toMatchObject({ from: 'K', factor: 1, offset: -273.15, points: 2 });
    expect(r.series).toMatchObject({ unit: 'Cel', minValue: -273.15 });
    const pts = await store.queryPoints('p/cryo/temp', { from: T0, to: T0 + 2000 });
    expect(pts.map((p) => p.value)).toEqual([77.35 - 273.15, 0]);
  });
  it('a scale change: L/min to m3/h is × 0.06', async () => {
    await createSeries(store, { id: 'p/pump/flow', unit: 'L/min' });
    await store.writePoints([{ seriesId: 'p/pump/flow', ts: T0, value: 250 }]);
    const r = await changeSeriesUnit(store, 'p/pump/flow', 'm3/h');
    expect(r.factor).toBe(0.06);
    expect((await store.queryPoints('p/pump/flow', { from: T0, to: T0 + 1 }))[0]!.value).toBeCloseTo(15, 12);
  });
  it('refuses another quantity, an unknown unit and an unknown series, changing nothing', async () => {
    await createSeries(store, { id: 'p/boiler/temp', unit: 'Cel' });
    await store.writePoints([{ seriesId: 'p/boiler/temp', ts: T0, value: 80 }]);
    await expect(changeSeriesUnit(store, 'p/boiler/temp', 'kPa')).rejects.toThrow(
      /measure different quantities/,
    );
    await expect(changeSeriesUnit(store, 'p/boiler/temp', 'blorps')).rejects.toMatchObject({
      code: 'INGEST_BAD_UNIT',
    });
    await expect(changeSeriesUnit(store, 'p/ghost/x', 'K')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await store.getSeries('p/boiler/temp'))?.unit).toBe('Cel');
    expect((await store.queryPoints('p/boiler/temp', { from: T0, to: T0 + 1 }))[0]!.value).toBe(80);
  });
});
