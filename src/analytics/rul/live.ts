import type { CmapssEngine } from './cmapss.js';
import { predictRul, type RulModel } from './model.js';

/**
 * Estimators that turn a machine's telemetry, sample by sample, into a remaining life with a band.
 * `update` gets one aggregated sample (feature name → value) at a time, in time order.
 */
export interface RulEstimate {
  /** Remaining life in the estimator's unit. */
  readonly rul: number;
  readonly low: number;
  /** Upper bound, or null when the data do not bound it (no measurable degradation trend yet). */
  readonly high: number | null;
  /** `ms` (time-based estimators) or `cycles` (a C-MAPSS-style model; the caller sets cycle length). */
  readonly unit: 'ms' | 'cycles';
  /** 0 healthy … 1 failed, when the estimator has one. */
  readonly healthIndex?: number;
}

export interface RulEstimator {
  /** Feature names the estimator expects in `update`. */
  readonly features: readonly string[];
  update(ts: number, values: Readonly<Record<string, number>>): RulEstimate | null;
}

/**
 * A trained C-MAPSS model applied to live data: each update is one operating cycle with the
 * model's sensors (`s2`, `s3`, … by NASA sensor number) and optionally `setting1..3` (0 when
 * absent, i.e. single-condition use). Predicts from the last window of the history so far.
 */
export function cycleModelEstimator(model: RulModel, options: { maxHistory?: number } = {}): RulEstimator {
  const max = options.maxHistory ?? 400;
  if (model.columns !== undefined) return columnModelEstimator(model, model.columns, max);
  const features = [...model.sensors.map((s) => `s${s}`), 'setting1', 'setting2', 'setting3'];
  const rows: number[][] = [];
  return {
    features,
    update(_ts, values) {
      const missing = model.sensors.filter((s) => !Number.isFinite(values[`s${s}`]));
      if (missing.length > 0) return null;
      rows.push([
        values['setting1'] ?? 0,
        values['setting2'] ?? 0,
        values['setting3'] ?? 0,
        ...Array.from({ length: 21 }, (_, i) => values[`s${i + 1}`] ?? 0),
      ]);
      if (rows.length > max) rows.shift();
      const col = (c: number): Float64Array => Float64Array.from(rows, (r) => r[c]!);
      const engine: CmapssEngine = {
        unit: 1,
        cycles: Float64Array.from(rows, (_, i) => i + 1),
        settings: [col(0), col(1), col(2)],
        sensors: Array.from({ length: 21 }, (_, s) => col(3 + s)),
      };
      const p = predictRul(model, [engine])[0]!;
      return { rul: p.rul, low: p.low, high: p.high, unit: 'cycles' };
    },
  };
}

/** A model trained on a run-to-failure CSV: each update carries its sensor columns by name. */
function columnModelEstimator(model: RulModel, columns: readonly string[], max: number): RulEstimator {
  const rows: number[][] = [];
  return {
    features: [...columns],
    update(_ts, values) {
      if (columns.some((c) => !Number.isFinite(values[c]))) return null;
      rows.push(columns.map((c) => values[c]!));
      if (rows.length > max) rows.shift();
      const engine: CmapssEngine = {
        unit: 1,
        cycles: Float64Array.from(rows, (_, i) => i + 1),
        settings: [],
        sensors: columns.map((_, k) => Float64Array.from(rows, (r) => r[k]!)),
      };
      const p = predictRul(model, [engine])[0]!;
      return { rul: p.rul, low: p.low, high: p.high, unit: 'cycles' };
    },
  };
}
