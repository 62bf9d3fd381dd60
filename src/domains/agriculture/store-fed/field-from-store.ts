/**
 * `xinzhi agri irrigate --field <id>`: the field's water balance and irrigation schedule from the
 * store. Past days replay the stored weather (FAO-56 ET0 with its missing-data procedures) and
 * soil moisture (which corrects the modelled depletion when they disagree); the coming days use
 * persistence: ET0 is the mean of the last three complete days and no rain is assumed (the
 * conservative choice for irrigation). The forecast engine is not used here because a daily
 * weather forecast needs weeks of daily history and exogenous signals the farm does not have; a
 * weather-service forecast can replace persistence later through the same request.
 */
import { issuesError, XinzhiError } from '../../../core/index.js';
import type { Store } from '../../../store/index.js';
import { et0Daily } from '../et0/et0-daily.js';
import {
  type IrrigationResult,
  resolveIrrigationRequest,
  runIrrigationRequest,
} from '../irrigation-request.js';
import type { SolveFn } from '../solve-fn.js';
import { addDays } from '../water/field.js';
import { depletionFromMoisture } from '../water/root-zone.js';
import { type FieldDayResult, simulateField } from '../water/simulate-field.js';
import { type FieldParams, getFieldParams } from './field-params.js';
import { loadDailyMoisture, loadDailyWeather, localDate, type StoredDay } from './store-weather.js';

export const PERSISTENCE_DAYS = 3;

export interface HistoryDay {
  readonly date: string;
  readonly tMax: number;
  readonly tMin: number;
  readonly rain: number;
  readonly et0: number;
  /** FAO-56 procedures used for absent quantities (e.g. `radiation from temperature`). */
  readonly estimated: readonly string[];
  readonly kc: number;
  readonly etc: number;
  readonly etcAdj: number;
  readonly ks: number;
  readonly dr: number;
  readonly raw: number;
  readonly taw: number;
  readonly theta?: number;
  readonly moistureCorrection?: FieldDayResult['moistureCorrection'];
}

export interface FieldWaterReport {
  readonly fieldId: string;
  readonly today: string;
  readonly params: FieldParams;
  /** Complete days replayed from the store, oldest first. */
  readonly history: readonly HistoryDay[];
  /** Days in the history window without a complete day of air temperature. */
  readonly missingDays: readonly string[];
  readonly forecast: {
    readonly method: 'persistence';
    readonly et0: number;
    readonly rain: 0;
    readonly basis: readonly string[];
  };
  readonly schedule: IrrigationResult;
}

export const offsetMsOf = (p: FieldParams): number => (p.utcOffsetMinutes ?? 0) * 60_000;

/** Soil-moisture series of the field: the configured ones, or every `soil_moisture` under it. */
export async function moistureSeriesOf(
  store: Pick<Store, 'listSeries'>,
  fieldId: string,
  p: FieldParams,
): Promise<string[]> {
  if (p.moistureSeries) return p.moistureSeries;
  return (await store.listSeries({ rootId: fieldId }))
    .filter((s) => s.metric === 'soil_moisture')
    .map((s) => s.id);
}

/** Complete stored days with ET0 computed, oldest first, and the dates without temperature. */
export function et0Days(
  p: FieldParams,
  days: readonly StoredDay[],
): {
  days: Array<StoredDay & { tMax: number; tMin: number; et0: number; estimated: readonly string[] }>;
  missing: string[];
} {
  const out = [];
  const missing: string[] = [];
  for (const d of days) {
    if (d.tMax === undefined || d.tMin === undefined) {
      missing.push(d.date);
      continue;
    }
    const r = et0Daily(
      { latitudeDeg: p.latitude, elevationM: p.elevation },
      {
        date: d.date,
        tMax: d.tMax,
        tMin: d.tMin,
        ...(d.rhMax !== undefined && d.rhMin !== undefined ? { rhMax: d.rhMax, rhMin: d.rhMin } : {}),
        ...(d.rs !== undefined ? { rs: d.rs } : {}),
        ...(d.windSpeed !== undefined ? { windSpeed: d.windSpeed, windHeight: 2 } : {}),
      },
    );
    out.push({ ...d, tMax: d.tMax, tMin: d.tMin, et0: r.et0, estimated: r.estimated });
  }
  return { days: out, missing };
}

export async function fieldWaterFromStore(
  store: Store,
  fieldId: string,
  opts: {
    readonly now: number;
    readonly days?: number;
    readonly method?: 'lp' | 'greedy';
    readonly solve?: SolveFn;
  },
): Promise<FieldWaterReport> {
  const p = await getFieldParams(store, fieldId);
  const offset = offsetMsOf(p);
  const today = localDate(opts.now, offset);
  const first = addDays(today, -(p.historyDays ?? 14));
  const yesterday = addDays(today, -1);
  const weather = await loadDailyWeather(store, p.station, first, yesterday, offset);
  const { days, missing } = et0Days(p, weather);
  if (days.length === 0)
    throw new XinzhiError(
      'BAD_INPUT',
      `no complete day of air temperature at '${p.station}/air_temp' between ${first} and ${yesterday}`,
      { field: 'station' },
    );
  const moisture = await loadDailyMoisture(
    store,
    await moistureSeriesOf(store, fieldId, p),
    first,
    today,
    offset,
  );

  const base = {
    site: { latitude: p.latitude, elevation: p.elevation },
    fields: [
      {
        id: fieldId,
        areaHa: p.areaHa,
        crop: p.crop,
        plantingDate: p.plantingDate,
        soil: p.soil,
        ...(p.rootDepthM !== undefined ? { rootDepthM: p.rootDepthM } : {}),
        ...(p.applicationEfficiency !== undefined ? { applicationEfficiency: p.applicationEfficiency } : {}),
        ...(p.curveNumber !== undefined ? { curveNumber: p.curveNumber } : {}),
        ...(p.adjustP !== undefined ? { adjustP: p.adjustP } : {}),
      },
    ],
    ...(p.constraints ? { constraints: p.constraints } : {}),
    ...(p.calendar ? { calendar: p.calendar } : {}),
  };
  // Replay the past with the same field resolution the planner uses.
  const resolved = resolveIrrigationRequest({
    ...base,
    weather: days.map((d) => ({ date: d.date, et0: d.et0, rain: d.rain })),
  });
  if (!resolved.ok)
    throw issuesError(resolved.issues, {
      fallback: 'params',
      detail: resolved.issues.map((i) => `${i.where}: ${i.message}`).join('; '),
    });
  const field = resolved.value.inputs[0]!.field;
  const firstTheta = moisture.get(days[0]!.date);
  const simulated = simulateField(
    field,
    days.map((d) => {
      const theta = moisture.get(d.date);
      return { date: d.date, et0: d.et0, rain: d.rain, ...(theta !== undefined ? { theta } : {}) };
    }),
    {
      ...(firstTheta !== undefined
        ? {
            initialDepletion: depletionFromMoisture(
              firstTheta,
              field.thetaFc,
              field.thetaWp,
              field.rootDepthM,
            ),
          }
        : {}),
      ...(p.constraints?.moistureToleranceMm !== undefined
        ? { moistureToleranceMm: p.constraints.moistureToleranceMm }
        : {}),
    },
  );
  const history: HistoryDay[] = simulated.map((s, i) => {
    const d = days[i]!;
    const theta = moisture.get(d.date);
    return {
      date: d.date,
      tMax: d.tMax,
      tMin: d.tMin,
      rain: d.rain,
      et0: d.et0,
      estimated: d.estimated,
      kc: s.kc,
      etc: s.etc,
      etcAdj: s.etcAdj,
      ks: s.ks,
      dr: s.dr,
      raw: s.raw,
      taw: s.taw,
      ...(theta !== undefined ? { theta } : {}),
      ...(s.moistureCorrection ? { moistureCorrection: s.moistureCorrection } : {}),
    };
  });

  const recent = days.slice(-PERSISTENCE_DAYS);
  const et0 = recent.reduce((a, d) => a + d.et0, 0) / recent.length;
  const horizon = opts.days ?? 7;
  const todayTheta = moisture.get(today);
  const request = {
    ...base,
    fields: [
      {
        ...base.fields[0]!,
        initialDepletionMm: history.at(-1)!.dr,
        ...(todayTheta !== undefined ? { soilMoisture: [{ date: today, theta: todayTheta }] } : {}),
      },
    ],
    weather: Array.from({ length: horizon }, (_, i) => ({ date: addDays(today, i), et0, rain: 0 })),
  };
  const r = await runIrrigationRequest(request, {
    days: horizon,
    method: opts.method ?? (opts.solve ? 'lp' : 'greedy'),
    ...(opts.solve ? { solve: opts.solve } : {}),
  });
  if (!r.ok)
    throw issuesError(r.issues, {
      fallback: 'params',
      detail: r.issues.map((i) => `${i.where}: ${i.message}`).join('; '),
    });
  return {
    fieldId,
    today,
    params: p,
    history,
    missingDays: missing,
    forecast: { method: 'persistence', et0, rain: 0, basis: recent.map((d) => d.date) },
    schedule: r.value,
  };
}
