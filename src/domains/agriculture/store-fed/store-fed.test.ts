import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XinzhiError } from '../../../core/index.js';
import { openSqliteStore, type Store } from '../../../store/index.js';
import { et0Daily } from '../et0/et0-daily.js';
import {
  degreeDaysFromStore,
  fieldWaterFromStore,
  getFieldParams,
  loadDailyWeather,
  PEST_ALARM_KIND,
  raisePestAlarms,
  setFieldParams,
} from './index.js';

const H = 3_600_000;
const START = Date.parse('2026-06-01T00:00:00Z');
const DAYS = 20;
const NOW = START + DAYS * 24 * H + 12 * H; // 2026-06-21 noon
const STATION = 'farm/station';
const FIELD = 'farm/north';

// Air temperature peaks at 20 °C at 14:00 and bottoms at 10 °C at 02:00, every day.
const temp = (h: number): number => 15 + 5 * Math.cos((2 * Math.PI * (h - 14)) / 24);

let store: Store;
beforeAll(async () => {
  store = await openSqliteStore(':memory:');
  for (const [metric, unit] of [
    ['air_temp', 'Cel'],
    ['humidity', '%'],
    ['wind_speed', 'm/s'],
    ['solar_radiation', 'W/m2'],
    ['rain', 'mm'],
  ] as const)
    await store.upsertSeries({ assetId: STATION, metric, unit });
  await store.upsertSeries({ assetId: 'farm/bare-station', metric: 'air_temp', unit: 'Cel' });
  await store.upsertSeries({ assetId: `${FIELD}/zone-1`, metric: 'soil_moisture', unit: '%' });
  const pts: { seriesId: string; ts: number; value: number }[] = [];
  for (let t = START; t < START + DAYS * 24 * H; t += H) {
    const h = new Date(t).getUTCHours();
    const day = Math.floor((t - START) / (24 * H));
    pts.push({ seriesId: `${STATION}/air_temp`, ts: t, value: temp(h) });
    pts.push({ seriesId: 'farm/bare-station/air_temp', ts: t, value: temp(h) });
    pts.push({ seriesId: `${STATION}/humidity`, ts: t, value: h < 12 ? 85 : 55 });
    pts.push({ seriesId: `${STATION}/wind_speed`, ts: t, value: 2 });
    pts.push({ seriesId: `${STATION}/solar_radiation`, ts: t, value: h >= 6 && h < 18 ? 500 : 0 });
    pts.push({ seriesId: `${STATION}/rain`, ts: t, value: day === 15 && h === 12 ? 12 : 0 });
    // The probe reads 30 % until day 18, then 18 % (a dry-down the model did not see).
    if (h === 0) pts.push({ seriesId: `${FIELD}/zone-1/soil_moisture`, ts: t, value: day < 18 ? 30 : 18 });
  }
  await store.writePoints(pts);
  await store.upsertAsset({ id: FIELD, kind: 'field' });
});
afterAll(() => store.close());

const params = {
  crop: 'maize-grain',
  soil: { thetaFc: 0.32, thetaWp: 0.14 },
  plantingDate: '2026-05-01',
  areaHa: 2,
  rootDepthM: 0.5,
  station: STATION,
  latitude: 45,
  elevation: 100,
  historyDays: 10,
  biofix: '2026-06-01',
  pestModels: ['bydv-aphid-tsum'],
};

describe('daily weather from stored series', () => {
  it('takes extremes, means, the radiation total and the rain sum per day', async () => {
    const days = await loadDailyWeather(store, STATION, '2026-06-15', '2026-06-16', 0);
    expect(days.map((d) => d.date)).toEqual(['2026-06-15', '2026-06-16']);
    const d = days[0]!;
    expect(d.tMax).toBeCloseTo(20, 6);
    expect(d.tMin).toBeCloseTo(10, 6);
    expect([d.rhMax, d.rhMin, d.windSpeed]).toEqual([85, 55, 2]);
    expect(d.rs).toBeCloseTo(250 * 0.0864, 6); // 12 h at 500 W/m² = mean 250 W/m²
    expect(days[1]!.rain).toBe(12);
    expect(d.rain).toBe(0);
  });

  it('leaves a day without enough temperature hours out, and a future day empty', async () => {
    const days = await loadDailyWeather(store, STATION, '2026-06-20', '2026-06-21', 0);
    expect(days[0]!.tMax).toBeCloseTo(20, 6);
    expect(days[1]!.tMax).toBeUndefined();
    expect(days[1]!.hours).toBe(0);
  });
});

describe('field water balance and schedule from the store', () => {
  it('rejects bad settings naming the path, and unknown fields', async () => {
    await expect(setFieldParams(store, FIELD, { ...params, areaHa: -1 })).rejects.toThrow(/areaHa/);
    await expect(setFieldParams(store, FIELD, { ...params, pestModels: ['nope'] })).rejects.toThrow(
      /pestModels.0: unknown degree-day model/,
    );
    await expect(setFieldParams(store, 'farm/none', params)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(getFieldParams(store, 'farm/other')).rejects.toBeInstanceOf(XinzhiError);
  });

  it('replays the stored days with FAO-56 ET0, applies the sensor, and plans the next days', async () => {
    await setFieldParams(store, FIELD, params);
    const r = await fieldWaterFromStore(store, FIELD, { now: NOW, days: 5, method: 'greedy' });
    expect(r.today).toBe('2026-06-21');
    expect(r.history.map((d) => d.date)).toEqual(
      Array.from({ length: 10 }, (_, i) => `2026-06-${String(11 + i).padStart(2, '0')}`),
    );
    const expected = et0Daily(
      { latitudeDeg: 45, elevationM: 100 },
      { date: '2026-06-12', tMax: 20, tMin: 10, rhMax: 85, rhMin: 55, rs: 21.6, windSpeed: 2, windHeight: 2 },
    ).et0;
    expect(r.history[1]!.et0).toBeCloseTo(expected, 3);
    expect(r.history[1]!.estimated).toEqual([]);
    // The 12 mm of rain on 16 June refills the root zone that day.
    const rainDay = r.history.find((d) => d.date === '2026-06-16')!;
    expect(rainDay.rain).toBe(12);
    // The 18 % reading from 19 June is far from the model: it replaces the depletion.
    const corrected = r.history.find((d) => d.date === '2026-06-19')!;
    expect(corrected.moistureCorrection?.measuredDr).toBeCloseTo((0.32 - 0.18) * 500, 6);
    expect(r.forecast.method).toBe('persistence');
    expect(r.forecast.basis).toEqual(['2026-06-18', '2026-06-19', '2026-06-20']);
    expect(r.schedule.horizon).toEqual({ from: '2026-06-21', to: '2026-06-25', days: 5 });
    // Dry at 70 mm depletion (> RAW) the field is due at once.
    expect(r.schedule.plan.events[0]?.date).toBe('2026-06-21');
  });

  it('falls back to the FAO-56 missing-data procedures for a temperature-only station', async () => {
    await setFieldParams(store, FIELD, { ...params, station: 'farm/bare-station' });
    const r = await fieldWaterFromStore(store, FIELD, { now: NOW, days: 3, method: 'greedy' });
    expect(r.history[0]!.estimated.length).toBe(3);
    const hargreavesLike = et0Daily(
      { latitudeDeg: 45, elevationM: 100 },
      { date: '2026-06-11', tMax: 20, tMin: 10 },
    );
    expect(r.history[0]!.et0).toBeCloseTo(hargreavesLike.et0, 6);
    await setFieldParams(store, FIELD, params);
  });
});

describe('degree days and pest alarms from the stored temperature', () => {
  it('accumulates 12 °C-days a day above 3 °C and raises the T-sum 170 alarm once', async () => {
    const r = await degreeDaysFromStore(store, FIELD, { now: NOW });
    const m = r.models[0]!;
    expect(m.rows[0]!.cumulative).toBeCloseTo(12, 6);
    expect(m.status.cumulative).toBeCloseTo(12 * 20, 6);
    // 170 / 12 = 14.2 → reached on the 15th day after the biofix.
    expect(m.alerts[0]!.date).toBe('2026-06-15');
    const first = await raisePestAlarms(store, FIELD, { now: NOW });
    expect(first).toHaveLength(1);
    expect(first[0]).toMatchObject({ kind: PEST_ALARM_KIND, severity: 'critical', assetId: FIELD });
    expect(await raisePestAlarms(store, FIELD, { now: NOW + H })).toHaveLength(0);
    expect(await store.listEvents({ kind: PEST_ALARM_KIND })).toHaveLength(1);
  });
});
