import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from '../../store/index.js';
import { changeSeries, createSeries } from './series-service.js';

const OVEN = 'plant1/oven/temp';
const OVEN_SERIES = { assetId: 'plant1/oven', metric: 'temp', unit: 'Cel', minValue: -10, maxValue: 300 };
let store: Store;
/** An oven in °C limited to −10…300 with one reading of 100 °C. */
beforeEach(async () => {
  store = await openSqliteStore(':memory:');
  await store.upsertSeries(OVEN_SERIES);
  await store.writePoints([{ seriesId: OVEN, ts: 1000, value: 100 }]);
});
afterEach(() => store.close());

describe('changeSeries', () => {
  it('checks the range the series would have: a new minimum against the stored maximum', async () => {
    await expect(changeSeries(store, OVEN, { minValue: 400 })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      field: 'minValue',
    });
    expect((await store.getSeries(OVEN))?.minValue).toBe(-10);
    const { series, conversion } = await changeSeries(store, OVEN, { maxValue: null, minValue: 400 });
    expect(series).toMatchObject({ minValue: 400, maxValue: null, unit: 'Cel' });
    expect(conversion).toBeUndefined();
  });
  it('converts the unit first, so limits given with it are in the new unit', async () => {
    const { series, conversion } = await changeSeries(store, OVEN, { unit: '[degF]', maxValue: 500 });
    expect(series).toMatchObject({ unit: '[degF]', minValue: 14, maxValue: 500 });
    expect(conversion).toEqual({ from: 'Cel', to: '[degF]', points: 1, factor: 1.8, offset: 32 });
    expect((await store.queryPoints(OVEN, { from: 0, to: 2000 }))[0]!.value).toBeCloseTo(212, 9);
  });
  it('refuses an empty unit, an upside-down pair and an unknown series before writing anything', async () => {
    await expect(changeSeries(store, OVEN, { unit: ' ' })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(changeSeries(store, OVEN, { unit: 'K', minValue: 5, maxValue: 1 })).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
    await expect(changeSeries(store, 'ghost/x', { maxValue: 1 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await store.getSeries(OVEN)).toMatchObject({ unit: 'Cel', minValue: -10, maxValue: 300 });
  });
  it('keeps what is left out or undefined, clears what is null', async () => {
    const { series } = await changeSeries(store, OVEN, { description: undefined, retentionDays: 30 });
    expect(series).toMatchObject({ minValue: -10, maxValue: 300, retentionDays: 30 });
    expect((await changeSeries(store, OVEN, { retentionDays: null })).series.retentionDays).toBeNull();
  });
});

describe('createSeries', () => {
  it('creates with its settings, and refuses a minimum above the maximum', async () => {
    await expect(
      createSeries(store, { id: 'p/x/y', unit: 'kPa', minValue: 5, maxValue: 1 }),
    ).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
    expect(await store.getSeries('p/x/y')).toBeUndefined();
    const s = await createSeries(store, { id: 'p/x/y', unit: 'kPa', maxValue: 10, signal: undefined });
    expect(s).toMatchObject({ id: 'p/x/y', unit: 'kPa', maxValue: 10 });
  });
});
