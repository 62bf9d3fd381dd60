import type { Store } from '../../../store/index.js';

const H = 3_600_000;
/** When the field's readings start. */
export const NORTH_FIELD_START = Date.parse('2026-06-01T00:00:00Z');
/** Noon after twenty days of readings: "now" for the tests that read the field. */
export const NORTH_FIELD_NOW = NORTH_FIELD_START + 20 * 24 * H + 12 * H;

/**
 * The field `farm/north` without parameters, and twenty days of hourly readings from
 * {@link NORTH_FIELD_START}: a weather station (air temperature 10–20 °C peaking at 14:00, no
 * rain) and a soil probe in zone 1 steady at 24 %.
 */
export async function seedNorthField(store: Store): Promise<void> {
  for (const metric of ['air_temp', 'rain'])
    await store.upsertSeries({ assetId: 'farm/station', metric, unit: metric === 'rain' ? 'mm' : 'Cel' });
  await store.upsertSeries({ assetId: 'farm/north/zone-1', metric: 'soil_moisture', unit: '%' });
  const pts = [];
  for (let t = NORTH_FIELD_START; t < NORTH_FIELD_START + 20 * 24 * H; t += H) {
    const h = new Date(t).getUTCHours();
    pts.push({
      seriesId: 'farm/station/air_temp',
      ts: t,
      value: 15 + 5 * Math.cos((2 * Math.PI * (h - 14)) / 24),
    });
    pts.push({ seriesId: 'farm/station/rain', ts: t, value: 0 });
    pts.push({ seriesId: 'farm/north/zone-1/soil_moisture', ts: t, value: 24 });
  }
  await store.writePoints(pts);
  await store.upsertAsset({ id: 'farm/north', kind: 'field', name: 'North' });
}

/** Barley planted 10 May, weather from the station, one pest model and a 4-day irrigation calendar. */
export const NORTH_FIELD_PARAMS = {
  crop: 'barley',
  soil: { thetaFc: 0.36, thetaWp: 0.135 },
  plantingDate: '2026-05-10',
  areaHa: 1,
  rootDepthM: 0.3,
  station: 'farm/station',
  latitude: 31,
  elevation: 4,
  biofix: '2026-06-01',
  pestModels: ['bydv-aphid-tsum'],
  calendar: { intervalDays: 4, grossMm: 12 },
};
