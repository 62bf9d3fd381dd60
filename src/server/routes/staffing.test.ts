import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mmc, serviceLevel } from '../../optimize/index.js';
import { openSqliteStore, type Store } from '../../store/index.js';
import { createTestApp } from '../test-app.fixture.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 5, 1);
let raw: Store;
beforeEach(async () => {
  raw = await openSqliteStore(':memory:');
});
afterEach(() => raw.close());

const setup = () => createTestApp(raw, { now: T0, web: false });

describe('staffing routes', () => {
  it('staffs the textbook call centre: 100 calls per 30 min, 3 min each, 80 % in 20 s → 14 agents', async () => {
    const { call } = setup();
    const r = await call('POST', '/api/v1/staffing', {
      shifts: [
        { label: 'early', arrivalsPerHour: 200 },
        { label: 'night', arrivalsPerHour: 20 },
      ],
      serviceMinutes: 3,
      serviceLevel: 0.8,
      answerMinutes: 20 / 60,
      shrinkage: 0.3,
    });
    expect(r.status).toBe(200);
    const [early, night] = r.body.shifts;
    expect(early.load).toBeCloseTo(10, 12);
    expect(early.servers).toBe(14);
    expect(early.scheduled).toBe(20); // 14 / 0.7, not 21
    // The figures are the M/M/c ones for the servers chosen, and one fewer would miss the target.
    expect(early.serviceLevel).toBeCloseTo(serviceLevel(200 / 60, 1 / 3, 14, 1 / 3), 12);
    expect(early.asaMinutes).toBeCloseTo(mmc(200 / 60, 1 / 3, 14).Wq, 12);
    expect(serviceLevel(200 / 60, 1 / 3, 13, 1 / 3)).toBeLessThan(0.8);
    expect(early.occupancy).toBeCloseTo(10 / 14, 12);
    expect(night.servers).toBeLessThan(early.servers);
    expect(r.body.summary).toMatch(/80 % answered within 20 s with 30 % shrinkage/);
  });

  it('forecasts arrivals per shift from a stored series', async () => {
    const { call, store } = setup();
    await store.upsertSeries({ assetId: 'wh/dock', metric: 'trucks', unit: 'count' });
    // 20 days of hourly truck counts: 6 an hour from 06:00 to 14:00, 3 until 22:00, 1 at night.
    const points = [];
    for (let h = 20 * 24; h > 0; h--) {
      const ts = T0 - h * HOUR;
      const hour = new Date(ts).getUTCHours();
      points.push({
        seriesId: 'wh/dock/trucks',
        ts,
        value: hour >= 6 && hour < 14 ? 6 : hour >= 14 && hour < 22 ? 3 : 1,
      });
    }
    await store.writePoints(points);
    const r = await call('POST', '/api/v1/staffing', {
      forecast: { series: 'wh/dock/trucks', shiftHours: 8, horizon: 3 },
      serviceMinutes: 30,
      serviceLevel: 0.8,
      answerMinutes: 15,
    });
    expect(r.status).toBe(200);
    expect(r.body.shifts).toHaveLength(3);
    expect(r.body.forecast.series).toBe('wh/dock/trucks');
    // Shifts aligned to 00:00, 08:00, 16:00 UTC; every shift has some arrivals and some servers.
    expect(r.body.shifts.map((s: { start: number }) => s.start)).toEqual([T0, T0 + 8 * HOUR, T0 + 16 * HOUR]);
    for (const s of r.body.shifts) {
      expect(s.arrivalsPerHour).toBeGreaterThan(0.5);
      expect(s.servers).toBeGreaterThan(s.load);
      expect(s.serviceLevel).toBeGreaterThanOrEqual(0.8);
    }
  });

  it('gives queueing metrics and names bad input', async () => {
    const { call } = setup();
    const m = await call('GET', '/api/v1/queueing?model=mmc&arrivalRate=2&serviceRate=1&servers=3');
    expect(m.status).toBe(200);
    expect(m.body.metrics.Pwait).toBeCloseTo(4 / 9, 12);
    const b = await call('GET', '/api/v1/queueing?model=erlang-b&arrivalRate=2&serviceRate=1&servers=3');
    expect(b.body.metrics.blocking).toBeCloseTo(4 / 19, 12);
    const k = await call(
      'GET',
      '/api/v1/queueing?model=mmck&arrivalRate=2&serviceRate=1&servers=1&capacity=3',
    );
    expect(k.status).toBe(200);
    expect(k.body.metrics.p).toBeUndefined();
    const missing = await call('GET', '/api/v1/queueing?model=mmc&arrivalRate=2&serviceRate=1');
    expect(missing.status).toBe(400);
    expect(missing.body.field).toBe('servers');
    const unstable = await call('GET', '/api/v1/queueing?model=mm1&arrivalRate=2&serviceRate=1');
    expect(unstable.status).toBe(400);
    expect((await call('GET', '/api/v1/queueing?model=mg1')).status).toBe(400);
    const neither = await call('POST', '/api/v1/staffing', { serviceMinutes: 3 });
    expect(neither.body.field).toBe('shifts');
    const badSl = await call('POST', '/api/v1/staffing', {
      shifts: [{ label: 'a', arrivalsPerHour: 10 }],
      serviceMinutes: 3,
      serviceLevel: 1.5,
    });
    expect(badSl.body.field).toBe('serviceLevel');
    const negative = await call('POST', '/api/v1/staffing', {
      shifts: [{ label: 'a', arrivalsPerHour: -1 }],
      serviceMinutes: 3,
    });
    expect(negative.body.field).toBe('shifts.0.arrivalsPerHour');
    const noSeries = await call('POST', '/api/v1/staffing', {
      forecast: { series: 'x/y' },
      serviceMinutes: 3,
    });
    expect(noSeries.status).toBe(404);
    expect(noSeries.body.field).toBe('forecast.series');
  });
});
