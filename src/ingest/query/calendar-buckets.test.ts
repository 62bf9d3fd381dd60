import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../store/index.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import { querySeries } from './query-series.js';

const H = 3_600_000;
let store: Store;
// One reading per hour, value 1, from 2024-03-25 to 2024-11-05 UTC: both Berlin DST changes.
const T0 = Date.UTC(2024, 2, 25);
const N = 225 * 24;
beforeEach(async () => {
  store = await openSqliteStore(':memory:');
  await store.upsertSeries({ assetId: 'p1/m1', metric: 'power', unit: 'kW' });
  await store.writePoints(
    Array.from({ length: N }, (_, i) => ({ seriesId: 'p1/m1/power', ts: T0 + i * H, value: 1 })),
  );
});
afterEach(async () => {
  await store.close();
});

const buckets = async (bucket: string, tz: string | undefined, from: string, to: string) => {
  const r = await querySeries(store, { seriesId: 'p1/m1/power', bucket, tz, from, to });
  if (!('buckets' in r)) throw new Error('no buckets');
  return r;
};

describe('calendar buckets', () => {
  it('gives Berlin days of 23 and 25 hours across both DST changes', async () => {
    const spring = await buckets('1d', 'Europe/Berlin', '2024-03-30', '2024-04-01');
    expect(spring.calendar).toEqual({ unit: 'd', tz: 'Europe/Berlin' });
    expect(spring.buckets.map((b) => [new Date(b.ts).toISOString(), b.count])).toEqual([
      ['2024-03-29T23:00:00.000Z', 24],
      ['2024-03-30T23:00:00.000Z', 23],
    ]);
    const autumn = await buckets('1d', 'Europe/Berlin', '2024-10-26', '2024-10-28');
    expect(autumn.buckets.map((b) => b.count)).toEqual([24, 25]);
  });

  it('starts Shanghai days at 16:00 UTC and weeks on Monday', async () => {
    const d = await buckets('1d', 'Asia/Shanghai', '2024-06-01', '2024-06-03');
    expect(d.buckets.map((b) => [new Date(b.ts).toISOString(), b.count])).toEqual([
      ['2024-05-31T16:00:00.000Z', 24],
      ['2024-06-01T16:00:00.000Z', 24],
    ]);
    // 2024-06-03 is a Monday.
    const w = await buckets('1w', 'Asia/Shanghai', '2024-06-03', '2024-06-17');
    expect(w.buckets.map((b) => [new Date(b.ts).toISOString(), b.count])).toEqual([
      ['2024-06-02T16:00:00.000Z', 168],
      ['2024-06-09T16:00:00.000Z', 168],
    ]);
  });

  it('starts UTC weeks on Monday, not on Thursday as epoch-aligned weeks did', async () => {
    const w = await buckets('1w', undefined, '2024-06-05T00:00:00Z', '2024-06-12T00:00:00Z');
    expect(w.buckets.map((b) => [new Date(b.ts).toISOString(), b.count])).toEqual([
      ['2024-06-03T00:00:00.000Z', 5 * 24],
      ['2024-06-10T00:00:00.000Z', 2 * 24],
    ]);
  });

  it('gives calendar months in the zone, with the DST hour in March and October', async () => {
    const m = await buckets('1mo', 'Europe/Berlin', '2024-04-01', '2024-11-01');
    expect(m.buckets.map((b) => b.count)).toEqual(
      [30, 31, 30, 31, 31, 30, 31].map((d, i) => d * 24 + (i === 6 ? 1 : 0)),
    );
    expect(new Date(m.buckets[0]!.ts).toISOString()).toBe('2024-03-31T22:00:00.000Z');
  });

  it("defaults to the site's zone: the timeZone attribute of the nearest ancestor asset", async () => {
    await store.upsertAsset({ id: 'p1', kind: 'site', attributes: { timeZone: 'Asia/Shanghai' } });
    await store.upsertAsset({ id: 'p1/m1' });
    const d = await buckets('1d', undefined, '2024-06-01T00:00:00+08:00', '2024-06-02T00:00:00+08:00');
    expect(d.calendar).toEqual({ unit: 'd', tz: 'Asia/Shanghai' });
    expect(d.buckets.map((b) => [new Date(b.ts).toISOString(), b.count])).toEqual([
      ['2024-05-31T16:00:00.000Z', 24],
    ]);
  });

  it('refuses an ambiguous zone abbreviation', async () => {
    await expect(buckets('1d', 'CST', '2024-06-01', '2024-06-03')).rejects.toThrow(
      /"CST" is an abbreviation.*Asia\/Shanghai, America\/Chicago/,
    );
  });
});
