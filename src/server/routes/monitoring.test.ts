import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from '../../store/index.js';
import { createTestApp } from '../test-app.fixture.js';

const T0 = Date.UTC(2024, 0, 1);
const ID = 'p/oven/temp';
const PATH = `/api/v1/series/${encodeURIComponent(ID)}`;
let raw: Store;
beforeEach(async () => {
  raw = await openSqliteStore(':memory:');
  await raw.upsertSeries({
    assetId: 'p/oven',
    metric: 'temp',
    unit: 'Cel',
    description: 'oven',
    expectedIntervalMs: 60_000,
  });
  // Four days of a daily cycle every 15 min, then a step.
  const pts = Array.from({ length: 4 * 96 }, (_, i) => ({
    seriesId: ID,
    ts: T0 + i * 900_000,
    value: 200 + 10 * Math.sin((2 * Math.PI * i) / 96) + ((i * 7919) % 7) / 7 + (i >= 370 ? 40 : 0),
  }));
  await raw.writePoints(pts);
});
afterEach(() => raw.close());

function setup() {
  const reloaded: string[] = [];
  const { call } = createTestApp(raw, {
    now: T0 + 4 * 86_400_000,
    monitoring: { reload: async (id) => void reloaded.push(id) },
  });
  return { call: call<Record<string, unknown>>, reloaded };
}

describe('monitoring routes', () => {
  it('reads defaults, sets overrides (the monitor is told), and names bad fields', async () => {
    const { call, reloaded } = setup();
    const r = await call('GET', `${PATH}/alarm-rules`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      signal: 'gauge',
      overrides: {},
      effective: { threshold: null, missing: { afterMs: 600_000 } },
    });
    const put = await call('PUT', `${PATH}/alarm-rules`, {
      threshold: { high: 250, severity: 'major' },
      stuck: null,
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({
      effective: { threshold: { high: 250 }, stuck: null, anomaly: { severity: 'minor' } },
    });
    expect(reloaded).toEqual([ID]);
    const bad = await call('PUT', `${PATH}/alarm-rules`, { rate: { maxPerSecond: -1, severity: 'major' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('rate');
    expect(
      (await call('PUT', `${PATH}/alarm-rules`, { threshold: { low: 5, high: 1, severity: 'minor' } }))
        .status,
    ).toBe(400);
    expect((await call('PUT', `${PATH}/alarm-rules`, { bogus: 1 })).status).toBe(400);
    expect((await call('GET', `/api/v1/series/${encodeURIComponent('no/such')}/alarm-rules`)).status).toBe(
      404,
    );
  });

  it('scores a window with the detector: the step alerts, the normal cycle does not', async () => {
    const { call } = setup();
    const r = await call('GET', `${PATH}/anomalies?from=${T0}&to=${T0 + 4 * 86_400_000}`);
    expect(r.status).toBe(200);
    const pts = r.body['points'] as Array<{ ts: number; score: number; alert: boolean }>;
    expect(pts.length).toBe(4 * 96);
    const alerts = pts.filter((p) => p.alert).map((p) => (p.ts - T0) / 900_000);
    expect(alerts.length).toBeGreaterThan(0);
    expect(alerts.every((i) => i >= 370)).toBe(true);
    const thin = await call('GET', `${PATH}/anomalies?from=${T0}&to=${T0 + 4 * 86_400_000}&limit=50`);
    const tp = thin.body['points'] as Array<{ alert: boolean }>;
    expect(tp.length).toBe(50);
    expect(tp.some((p) => p.alert)).toBe(true);
    expect((await call('GET', `${PATH}/anomalies?from=${T0 + 10}&to=${T0}`)).status).toBe(400);
  });

  it('forecasts with intervals that contain the point forecast, on raw points or buckets', async () => {
    const { call } = setup();
    const r = await call('GET', `${PATH}/forecast?horizon=8&level=0.9`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ level: 0.9, stepMs: 900_000 });
    const pts = r.body['points'] as Array<{ ts: number; point: number; lower: number; upper: number }>;
    expect(pts).toHaveLength(8);
    expect(pts[0]?.ts).toBe(T0 + 384 * 900_000);
    for (const p of pts) expect(p.lower <= p.point && p.point <= p.upper).toBe(true);
    // 384 points, 8 steps ahead: eight past forecasts calibrate the intervals, eight older ones replay ACI.
    expect(r.body['calibration']).toMatchObject({ method: 'adaptive-conformal', origins: 8, residuals: 64 });
    const b = await call('GET', `${PATH}/forecast?horizon=4&bucket=1h`);
    expect(b.body).toMatchObject({ stepMs: 3_600_000, fitted: 96 });
    expect((await call('GET', `${PATH}/forecast?bucket=soon`)).status).toBe(400);
    expect((await call('GET', `${PATH}/forecast?level=1.5`)).status).toBe(400);
  });
});
