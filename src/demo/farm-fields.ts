/**
 * Agronomic settings of the demo farm's fields, written at provisioning when a field has none
 * (an operator's later changes are kept). The soil matches the simulated probes (field capacity
 * 34–38 %, wilting point 12–15 %, 0–30 cm), the area the two 5000 m² zones per field, and the
 * crops a Suzhou farm grows through the winter. Dates are relative to the simulation start.
 */
import { agriculture } from '../domains/index.js';
import type { Store } from '../store/index.js';
import { FARM } from './farm.js';

const DAY = 86_400_000;
const date = (ts: number): string => new Date(ts + 8 * 3_600_000).toISOString().slice(0, 10);

export function demoFieldParams(start: number): Record<string, agriculture.FieldParams> {
  const common = {
    soil: { thetaFc: 0.36, thetaWp: 0.135 },
    areaHa: (FARM.zoneAreaM2 * 2) / 10_000,
    rootDepthM: FARM.rootDepthMm / 1000,
    station: FARM.station,
    latitude: FARM.latitude,
    elevation: 4,
    utcOffsetMinutes: 480,
    historyDays: 14,
    constraints: { pumpCapacityM3PerDay: 150, minEventMm: 5 },
    calendar: { intervalDays: 4, grossMm: 12 },
  };
  return {
    [`${FARM.site}/field-a`]: {
      ...common,
      crop: 'barley',
      plantingDate: date(start - 42 * DAY),
      biofix: date(start - 35 * DAY),
      pestModels: ['bydv-aphid-tsum'],
    },
    [`${FARM.site}/field-b`]: {
      ...common,
      crop: 'barley',
      plantingDate: date(start - 21 * DAY),
      biofix: date(start - 14 * DAY),
      pestModels: ['bydv-aphid-tsum'],
    },
    [`${FARM.site}/field-c`]: { ...common, crop: 'lettuce', plantingDate: date(start - 20 * DAY) },
  };
}

/** Stores the default settings of each demo field that has none; returns the fields written. */
export async function provisionFarmFields(store: Store, start: number): Promise<string[]> {
  const written: string[] = [];
  for (const [id, params] of Object.entries(demoFieldParams(start))) {
    if (await agriculture.fieldParamsCollection.has(store, id)) continue;
    await agriculture.setFieldParams(store, id, params);
    written.push(id);
  }
  return written;
}
