/**
 * Degree days of a field from the stored air temperature since its biofix, against the field's
 * pest and crop models; thresholds reached on observed days become alarm events (`alarm.pest`),
 * each once: the alert key (model, field, threshold, biofix) is kept in the event's data and
 * checked before appending. Coming days use persistence (the mean Tmin/Tmax of the last three
 * complete days) to predict when the next threshold falls; predictions never raise alarms.
 */
import type { XEvent } from '../../../core/index.js';
import type { Store } from '../../../store/index.js';
import { accumulateDegreeDays, fahrenheitToCelsius } from '../gdd/degree-days.js';
import { findDegreeDayModel } from '../gdd/pest-models.js';
import { type DegreeDayAlert, type ModelStatus, pestRisk } from '../gdd/pest-risk.js';
import { addDays } from '../water/field.js';
import { offsetMsOf, PERSISTENCE_DAYS } from './field-from-store.js';
import { getFieldParams } from './field-params.js';
import { loadDailyWeather, localDate } from './store-weather.js';

export const PEST_ALARM_KIND = 'alarm.pest';
/** Days predicted ahead by persistence. */
export const DEGREE_DAY_LOOKAHEAD = 14;

export interface DegreeDayReport {
  readonly fieldId: string;
  readonly biofix: string;
  readonly today: string;
  readonly unit: 'C';
  /** Days from the biofix without a complete day of temperature (they count 0: the total is a lower bound). */
  readonly missingDays: readonly string[];
  readonly models: ReadonlyArray<{
    readonly id: string;
    readonly name: string;
    readonly kind: 'pest' | 'crop';
    readonly lowerC: number;
    readonly upperC?: number;
    readonly thresholds: ReadonlyArray<{
      readonly stage: string;
      readonly degreeDays: number;
      readonly severity: string;
    }>;
    /** Cumulative °C-days per day, observed then predicted (`forecast: true`). */
    readonly rows: ReadonlyArray<{
      readonly date: string;
      readonly cumulative: number;
      readonly forecast: boolean;
    }>;
    readonly status: ModelStatus;
    readonly alerts: readonly DegreeDayAlert[];
  }>;
}

export async function degreeDaysFromStore(
  store: Store,
  fieldId: string,
  opts: { readonly now: number },
): Promise<DegreeDayReport> {
  const p = await getFieldParams(store, fieldId);
  const offset = offsetMsOf(p);
  const today = localDate(opts.now, offset);
  const biofix = p.biofix ?? p.plantingDate;
  const yesterday = addDays(today, -1);
  const stored =
    biofix <= yesterday ? await loadDailyWeather(store, p.station, biofix, yesterday, offset) : [];
  const observed = stored.flatMap((d) =>
    d.tMax !== undefined && d.tMin !== undefined ? [{ date: d.date, tMin: d.tMin, tMax: d.tMax }] : [],
  );
  const missingDays = stored.filter((d) => d.tMax === undefined || d.tMin === undefined).map((d) => d.date);
  const recent = observed.slice(-PERSISTENCE_DAYS);
  const mean = (k: 'tMin' | 'tMax'): number => recent.reduce((a, d) => a + d[k], 0) / recent.length;
  const predicted =
    recent.length === 0
      ? []
      : Array.from({ length: DEGREE_DAY_LOOKAHEAD }, (_, i) => ({
          date: addDays(today, i),
          tMin: mean('tMin'),
          tMax: mean('tMax'),
        }));
  const all = [...observed, ...predicted];
  const models = (p.pestModels ?? []).flatMap((id) => {
    const model = findDegreeDayModel(id);
    if (!model) return [];
    const r = pestRisk({ model, assetId: fieldId, days: all, unit: 'C', biofix, forecastFrom: today });
    const rows = accumulateDegreeDays(all, {
      method: model.method,
      lower: fahrenheitToCelsius(model.lowerF),
      ...(model.upperF !== undefined ? { upper: fahrenheitToCelsius(model.upperF) } : {}),
      from: biofix,
    }).map((row) => ({ date: row.date, cumulative: row.cumulative, forecast: row.date >= today }));
    return [
      {
        id: model.id,
        name: model.name,
        kind: model.kind,
        lowerC: fahrenheitToCelsius(model.lowerF),
        ...(model.upperF !== undefined ? { upperC: fahrenheitToCelsius(model.upperF) } : {}),
        thresholds: model.events.map((e) => ({
          stage: e.stage,
          degreeDays: (e.degreeDaysF * 5) / 9,
          severity: e.severity,
        })),
        rows,
        status: r.status,
        alerts: r.alerts,
      },
    ];
  });
  return { fieldId, biofix, today, unit: 'C', missingDays, models };
}

/**
 * Appends one `alarm.pest` event per observed threshold not raised before; returns the new events.
 */
export async function raisePestAlarms(
  store: Store,
  fieldId: string,
  opts: { readonly now: number; readonly report?: DegreeDayReport },
): Promise<XEvent[]> {
  const report = opts.report ?? (await degreeDaysFromStore(store, fieldId, opts));
  const raised = new Set(
    (await store.listEvents({ kind: PEST_ALARM_KIND, assetId: fieldId })).map((e) =>
      String(e.data?.['key'] ?? ''),
    ),
  );
  const out: XEvent[] = [];
  for (const m of report.models)
    for (const a of m.alerts) {
      if (a.forecast || raised.has(a.key)) continue;
      out.push(
        await store.appendEvent({
          ts: opts.now,
          kind: PEST_ALARM_KIND,
          severity: a.severity,
          assetId: fieldId,
          message: a.message,
          data: {
            key: a.key,
            modelId: a.modelId,
            stage: a.stage,
            date: a.date,
            cumulative: a.cumulative,
            threshold: a.threshold,
            unit: a.unit,
          },
        }),
      );
      raised.add(a.key);
    }
  return out;
}
