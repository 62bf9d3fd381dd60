import type { Rng } from '../core/index.js';
import { dayOfYear, HOUR, localDay, localHour, TZ_OFFSET_MS } from './calendar.js';
import { type AssetMeta, type DeviceModel, type Emit, withSignals } from './types.js';

/** The demo farm near Suzhou: three fields of two zones, one weather station. */
export const FARM = {
  site: 'farm1',
  latitude: 31.25,
  longitude: 120.55,
  fields: {
    'field-a': ['zone-1', 'zone-2'],
    'field-b': ['zone-1', 'zone-2'],
    'field-c': ['zone-1', 'zone-2'],
  },
  station: 'farm1/weather-station',
  /** Irrigated area per zone (m²), for converting a depth of water to a flow. */
  zoneAreaM2: 5000,
  rootDepthMm: 300,
} as const;

const RAIN_MTBF = 60 * HOUR;
const TIP_MM = 0.2; // tipping-bucket resolution
const IRRIGATION_MM_PER_H = 12;
const IRRIGATION_HOURS = 1;
const DEG = Math.PI / 180;

const round = (v: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};
/** Saturation vapour pressure (hPa), Magnus form with Alduchov–Eskridge constants. */
const es = (c: number): number => 6.1094 * Math.exp((17.625 * c) / (c + 243.04));

/** Clear-sky global horizontal irradiance after Haurwitz (1945): 1098·cos z·exp(−0.057/cos z). */
export function clearSkyGhi(ts: number, latDeg: number, lonDeg: number): number {
  const doy = dayOfYear(ts);
  const decl = 23.44 * DEG * Math.sin((2 * Math.PI * (284 + doy)) / 365);
  const utcHour = (((ts % 86_400_000) + 86_400_000) % 86_400_000) / HOUR;
  const solarHour = utcHour + lonDeg / 15;
  const hourAngle = 15 * DEG * (solarHour - 12);
  const phi = latDeg * DEG;
  const cosZ = Math.sin(phi) * Math.sin(decl) + Math.cos(phi) * Math.cos(decl) * Math.cos(hourAngle);
  return cosZ > 0.01 ? 1098 * cosZ * Math.exp(-0.057 / cosZ) : 0;
}

interface Zone {
  readonly assetId: string;
  readonly fieldCapacity: number;
  readonly wiltingPoint: number;
  readonly threshold: number;
  readonly kc: number;
  theta: number;
  soilTemp: number;
  irrigateUntil: number;
  lastDecisionDay: number;
}

export function farmAssets(intervalMs: number): AssetMeta[] {
  const out: AssetMeta[] = [
    {
      id: FARM.site,
      parentId: null,
      kind: 'site',
      name: 'Farm 1',
      type: 'farm',
      attributes: { latitude: FARM.latitude, longitude: FARM.longitude, timeZone: 'Asia/Shanghai' },
      metrics: {},
    },
    {
      id: FARM.station,
      parentId: FARM.site,
      kind: 'equipment',
      name: 'Weather station',
      type: 'weather-station',
      attributes: { heightM: 2 },
      metrics: withSignals({
        air_temp: { unit: 'Cel', description: 'air temperature at 2 m', min: -30, max: 50, intervalMs },
        humidity: { unit: '%', description: 'relative humidity', min: 0, max: 100, intervalMs },
        wind_speed: { unit: 'm/s', description: 'wind speed at 2 m', min: 0, max: 60, intervalMs },
        solar_radiation: {
          unit: 'W/m2',
          description: 'global horizontal irradiance',
          min: 0,
          max: 1400,
          intervalMs,
        },
        rain: { unit: 'mm', description: 'rain in the sampling interval', min: 0, max: 50, intervalMs },
      }),
    },
  ];
  for (const [field, zones] of Object.entries(FARM.fields)) {
    const fieldId = `${FARM.site}/${field}`;
    out.push({
      id: fieldId,
      parentId: FARM.site,
      kind: 'field',
      name: field,
      type: 'field',
      attributes: {},
      metrics: {},
    });
    for (const z of zones)
      out.push({
        id: `${fieldId}/${z}`,
        parentId: fieldId,
        kind: 'zone',
        name: `${field} ${z}`,
        type: 'irrigation-zone',
        attributes: { areaM2: FARM.zoneAreaM2, rootDepthMm: FARM.rootDepthMm },
        metrics: withSignals({
          soil_moisture: {
            unit: '%',
            description: 'volumetric soil water content, 0–30 cm',
            min: 0,
            max: 60,
            intervalMs,
          },
          soil_temp: { unit: 'Cel', description: 'soil temperature at 10 cm', min: -20, max: 50, intervalMs },
          irrigation_flow: {
            unit: 'L/min',
            description: 'irrigation valve flow',
            min: 0,
            max: 5000,
            intervalMs,
          },
        }),
      });
  }
  return out;
}

/**
 * Weather (seasonal and daily cycles, clear-sky sun dimmed by cloud, rain events) driving a
 * bucket water balance per zone (rain and irrigation in, evapotranspiration and drainage out) and
 * a first-order soil temperature. An irrigation controller waters a zone at 05:00 when it is dry.
 */
export function createFarmSim(rng: Rng, intervalMs: number, start: number): DeviceModel {
  const zones: Zone[] = [];
  for (const [field, names] of Object.entries(FARM.fields))
    for (const z of names) {
      const fc = rng.range(34, 38);
      zones.push({
        assetId: `${FARM.site}/${field}/${z}`,
        fieldCapacity: fc,
        wiltingPoint: rng.range(12, 15),
        threshold: rng.range(21, 24),
        kc: rng.range(0.8, 1.1),
        theta: rng.range(25, 30),
        soilTemp: 15,
        irrigateUntil: Number.NEGATIVE_INFINITY,
        lastDecisionDay: localDay(start) - 1,
      });
    }
  let rainUntil = Number.NEGATIVE_INFINITY;
  let rainRate = 0;
  let bucket = 0;
  let cloud = 0.85;
  let tempNoise = 0;
  let windNoise = 0;
  let rainCool = 0;
  let first = true;
  let prevTs: number | undefined;

  return {
    intervalMs,
    sample(ts, emit: Emit) {
      // The time since the previous sample: a backfill samples coarser than the live run.
      const dt = prevTs === undefined ? intervalMs : ts - prevTs;
      prevTs = ts;
      const h = localHour(ts);
      const doy = dayOfYear(ts);
      if (ts >= rainUntil && rng.chance(1 - Math.exp(-dt / RAIN_MTBF))) {
        rainUntil = ts + rng.range(1, 5) * HOUR;
        rainRate = rng.range(1, 8);
      }
      const raining = ts < rainUntil;
      const a = Math.exp(-dt / HOUR);
      cloud = Math.min(
        1,
        Math.max(0.35, 0.85 + (cloud - 0.85) * a + rng.normal(0, 0.08) * Math.sqrt(1 - a * a)),
      );
      tempNoise = tempNoise * a + rng.normal(0, 0.8) * Math.sqrt(1 - a * a);
      windNoise = windNoise * a + rng.normal(0, 0.5) * Math.sqrt(1 - a * a);
      rainCool += ((raining ? 3 : 0) - rainCool) * (1 - a);

      // Suzhou climate: monthly means ~4 °C (Jan) to ~28.5 °C (Jul); daily swing ±4 K.
      const seasonal = 16.5 + 12 * Math.sin((2 * Math.PI * (doy - 105)) / 365);
      const swing = raining ? 1.5 : 4 * cloud;
      const air = seasonal + swing * Math.sin((2 * Math.PI * (h - 9)) / 24) + tempNoise - rainCool;
      const dew = raining ? air - 0.6 : seasonal - 4 - 1 + 0.5 * tempNoise;
      const rh = Math.min(100, Math.max(15, (100 * es(Math.min(dew, air))) / es(air)));
      const ghi = clearSkyGhi(ts, FARM.latitude, FARM.longitude) * (raining ? 0.2 : cloud);
      const day = Math.max(0, Math.sin((Math.PI * (h - 8)) / 12));
      const wind = Math.max(0, 1.2 + 1.3 * day + windNoise + (raining ? 1.5 : 0));
      bucket += raining ? (rainRate * dt) / HOUR : 0;
      const tips = Math.floor(bucket / TIP_MM + 1e-9);
      const rainMm = tips * TIP_MM;
      bucket -= rainMm;

      const st = FARM.station;
      emit(st, 'air_temp', ts, round(air, 2), 'Cel');
      emit(st, 'humidity', ts, round(rh, 1), '%');
      emit(st, 'wind_speed', ts, round(wind, 2), 'm/s');
      emit(st, 'solar_radiation', ts, round(ghi, 1), 'W/m2');
      emit(st, 'rain', ts, round(rainMm, 1), 'mm');

      const today = localDay(ts);
      for (const z of zones) {
        if (first) z.soilTemp = air + 1;
        if (h >= 5 && today > z.lastDecisionDay) {
          z.lastDecisionDay = today;
          if (z.theta < z.threshold && !raining)
            z.irrigateUntil = today * 86_400_000 - TZ_OFFSET_MS + (5 + IRRIGATION_HOURS) * HOUR;
        }
        const irrigating = ts < z.irrigateUntil;
        const irrigationMm = irrigating ? (IRRIGATION_MM_PER_H * dt) / HOUR : 0;
        // Reference ET from radiation (~0.65 mm/h at 1000 W/m²), limited as the soil dries.
        const stress = Math.min(
          1,
          Math.max(0, (z.theta - z.wiltingPoint) / (0.7 * z.fieldCapacity - z.wiltingPoint)),
        );
        const etMm = (z.kc * 0.00065 * ghi * stress * dt) / HOUR;
        z.theta += ((rainMm + irrigationMm - etMm) / FARM.rootDepthMm) * 100;
        if (z.theta > z.fieldCapacity)
          z.theta -= (z.theta - z.fieldCapacity) * (1 - Math.exp(-dt / (12 * HOUR)));
        z.soilTemp += (air + 1.5 - z.soilTemp) * (1 - Math.exp(-dt / (6 * HOUR)));
        const flow = irrigating ? (IRRIGATION_MM_PER_H * FARM.zoneAreaM2) / 60 : 0; // mm·m² = L
        emit(z.assetId, 'soil_moisture', ts, round(z.theta + rng.normal(0, 0.15), 2), '%');
        emit(z.assetId, 'soil_temp', ts, round(z.soilTemp + rng.normal(0, 0.05), 2), 'Cel');
        emit(z.assetId, 'irrigation_flow', ts, round(flow, 0), 'L/min');
      }
      first = false;
    },
  };
}
