/** Degree-day accumulation against pest and crop-stage models, producing alert records. */
import { accumulateDegreeDays, type DailyTemperature, fahrenheitToCelsius } from './degree-days.js';
import type { AlertSeverity, DegreeDayModel } from './pest-models.js';

/**
 * An alert as a plain object, for the alarm engine to route and the dashboard to show. `key` is
 * stable for one event of one model at one place, so re-running a day does not raise it twice.
 */
export interface DegreeDayAlert {
  readonly key: string;
  readonly source: 'agriculture.degree-days';
  readonly kind: 'pest' | 'crop';
  readonly modelId: string;
  readonly modelName: string;
  readonly assetId: string;
  readonly date: string;
  readonly severity: AlertSeverity;
  readonly stage: string;
  readonly message: string;
  /** Cumulative degree-days at the alert, in the weather's unit, and the threshold in that unit. */
  readonly cumulative: number;
  readonly threshold: number;
  readonly unit: 'C' | 'F';
  /** True when the date falls in the forecast part of the weather (a prediction, not yet reached). */
  readonly forecast: boolean;
}

export interface ModelStatus {
  readonly modelId: string;
  readonly cumulative: number;
  readonly unit: 'C' | 'F';
  /** Last event reached, and the next one with the degree-days still needed. */
  readonly lastStage?: string;
  readonly next?: { readonly stage: string; readonly remaining: number; readonly predictedDate?: string };
}

/**
 * Runs a model over daily temperatures (observed then forecast, in time order) from its biofix
 * and returns one alert per event reached, plus the status at the last observed day.
 */
export function pestRisk(opts: {
  readonly model: DegreeDayModel;
  readonly assetId: string;
  readonly days: readonly DailyTemperature[];
  readonly unit: 'C' | 'F';
  /** ISO date the count starts (the biofix); defaults to the first day given. */
  readonly biofix?: string;
  /** First date that is a forecast; days from it on produce `forecast: true` alerts. */
  readonly forecastFrom?: string;
}): { alerts: DegreeDayAlert[]; status: ModelStatus } {
  const { model, unit } = opts;
  const toUnit = (f: number): number => (unit === 'F' ? f : fahrenheitToCelsius(f));
  const ddToUnit = (f: number): number => (unit === 'F' ? f : (f * 5) / 9);
  const rows = accumulateDegreeDays(opts.days, {
    method: model.method,
    lower: toUnit(model.lowerF),
    ...(model.upperF !== undefined ? { upper: toUnit(model.upperF) } : {}),
    ...(opts.biofix !== undefined ? { from: opts.biofix } : {}),
  });
  const alerts: DegreeDayAlert[] = [];
  const isForecast = (date: string): boolean => opts.forecastFrom !== undefined && date >= opts.forecastFrom;
  let observedCum = 0;
  for (const r of rows) if (!isForecast(r.date)) observedCum = r.cumulative;
  let lastStage: string | undefined;
  let next: ModelStatus['next'];
  for (const e of model.events) {
    const threshold = ddToUnit(e.degreeDaysF);
    const hit = rows.find((r) => r.cumulative >= threshold);
    if (hit) {
      const forecast = isForecast(hit.date);
      alerts.push({
        key: `${model.id}:${opts.assetId}:${e.degreeDaysF}:${opts.biofix ?? rows[0]?.date ?? ''}`,
        source: 'agriculture.degree-days',
        kind: model.kind,
        modelId: model.id,
        modelName: model.name,
        assetId: opts.assetId,
        date: hit.date,
        severity: e.severity,
        stage: e.stage,
        message: `${model.name}: ${e.stage}${forecast ? ' expected' : ''} on ${hit.date} (${hit.cumulative.toFixed(0)} °${unit}-days ≥ ${threshold.toFixed(0)})${e.advice ? ` — ${e.advice}` : ''}`,
        cumulative: hit.cumulative,
        threshold,
        unit,
        forecast,
      });
    }
    if (observedCum >= threshold) lastStage = e.stage;
    else if (next === undefined)
      next = {
        stage: e.stage,
        remaining: threshold - observedCum,
        ...(hit && isForecast(hit.date) ? { predictedDate: hit.date } : {}),
      };
  }
  return {
    alerts,
    status: {
      modelId: model.id,
      cumulative: observedCum,
      unit,
      ...(lastStage !== undefined ? { lastStage } : {}),
      ...(next !== undefined ? { next } : {}),
    },
  };
}
