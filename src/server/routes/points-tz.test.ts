import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from '../../store/index.js';
import { createTestApp } from '../test-app.fixture.js';

const H = 3_600_000;
const T0 = Date.UTC(2024, 2, 29);
let raw: Store;
beforeEach(async () => {
  raw = await openSqliteStore(':memory:');
  await raw.upsertSeries({ assetId: 'p1/m1', metric: 'power', unit: 'kW' });
  // Hourly readings over the Berlin spring DST change (2024-03-31).
  await raw.writePoints(
    Array.from({ length: 96 }, (_, i) => ({ seriesId: 'p1/m1/power', ts: T0 + i * H, value: i })),
  );
});
afterEach(async () => {
  await raw.close();
});

describe('GET /points/buckets with tz', () => {
  it('gives calendar days in the zone, 23 hours on the DST day, times with the local offset', async () => {
    const { call } = createTestApp(raw, { now: T0 + 10 * 86_400_000 });
    const r = await call(
      'GET',
      `/api/v1/points/buckets?series=p1/m1/power&from=2024-03-30T00:00:00%2B01:00&to=2024-04-01T00:00:00%2B02:00&bucket=1d&tz=Europe/Berlin`,
    );
    expect(r.status).toBe(200);
    expect(r.body.tz).toBe('Europe/Berlin');
    expect(r.body.buckets.map((b: { time: string; count: number }) => [b.time, b.count])).toEqual([
      ['2024-03-30T00:00:00.000+01:00', 24],
      ['2024-03-31T00:00:00.000+01:00', 23],
    ]);
  });

  it('starts weeks on Monday and refuses an ambiguous abbreviation as problem+json', async () => {
    const { call } = createTestApp(raw, { now: T0 + 10 * 86_400_000 });
    const w = await call(
      'GET',
      `/api/v1/points/buckets?series=p1/m1/power&from=${T0}&to=${T0 + 96 * H}&bucket=1w&tz=Asia/Shanghai`,
    );
    expect(w.status).toBe(200);
    // Friday 2024-03-29 00:00 UTC is 08:00 in Shanghai; its week began Monday 25 March.
    expect(w.body.buckets.map((b: { time: string }) => b.time)).toEqual([
      '2024-03-25T00:00:00.000+08:00',
      '2024-04-01T00:00:00.000+08:00',
    ]);
    const bad = await call('GET', `/api/v1/points/buckets?series=p1/m1/power&bucket=1d&tz=CST`);
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toMatch(/"CST" is an abbreviation.*Asia\/Shanghai, America\/Chicago/);
  });

  it('defaults to the site zone of the series, and starts months on the 1st there', async () => {
    await raw.upsertAsset({ id: 'p1', kind: 'site', attributes: { timeZone: 'Asia/Shanghai' } });
    const { call } = createTestApp(raw, { now: T0 + 10 * 86_400_000 });
    const r = await call(
      'GET',
      `/api/v1/points/buckets?series=p1/m1/power&from=${T0}&to=${T0 + 96 * H}&bucket=1mo`,
    );
    expect(r.status).toBe(200);
    expect(r.body.tz).toBe('Asia/Shanghai');
    // 29 March 00:00 UTC … 2 April: March and April in Shanghai, 08:00 hours into 1 April UTC.
    expect(r.body.buckets.map((b: { time: string; count: number }) => [b.time, b.count])).toEqual([
      ['2024-03-01T00:00:00.000+08:00', 64],
      ['2024-04-01T00:00:00.000+08:00', 32],
    ]);
  });

  it.each([
    ['an unknown zone', 'Mars/Olympus', /time zone/i],
    ['an offset out of range', '+25:00', /out of range/],
    ['a lower-case abbreviation', 'cst', /abbreviation/],
    ['a huge value', 'A/'.repeat(5000), /time zone/i],
  ])('refuses %s as problem+json naming tz', async (_what, tz, detail) => {
    const { call } = createTestApp(raw, { now: T0 + 10 * 86_400_000 });
    const r = await call(
      'GET',
      `/api/v1/points/buckets?series=p1/m1/power&from=${T0}&to=${T0 + 96 * H}&bucket=1w&tz=${encodeURIComponent(tz)}`,
    );
    expect(r.status).toBe(400);
    expect(r.body.detail).toMatch(detail);
    expect(JSON.stringify(r.body)).toMatch(/"tz"/);
  });
});
