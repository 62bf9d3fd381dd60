import type { CmapssEngine } from './cmapss.js';
import { type ConditionModel, conditionSensors, normaliseEngine } from './conditions.js';
import { INFORMATIVE_SENSORS } from './protocol.js';

/**
 * Window features over an engine's history up to each cycle, for tree and dense models. Per
 * informative sensor (z-scored within its operating condition): the last value, exponentially
 * smoothed values (three time constants), means over the last 5/10/30 cycles and least-squares
 * slopes over the last 10/30/60 cycles; plus the number of cycles seen. Windows shorter than their
 * length at the start of a history use what exists, so a test engine with 31 cycles is fine.
 * Everything is causal: the features at cycle t use rows 0..t only.
 */
export const EWMA_ALPHAS = [0.3, 0.1, 0.05] as const;
export const MEAN_WINDOWS = [5, 10, 30] as const;
export const SLOPE_WINDOWS = [10, 30, 60] as const;
const PER_SENSOR = 1 + EWMA_ALPHAS.length + MEAN_WINDOWS.length + SLOPE_WINDOWS.length;

/**
 * Feature names for sensors named `sensors` (default the C-MAPSS informative sensors `s2`, `s3`…;
 * a CSV model passes its column names).
 */
export function featureNames(sensors: readonly string[] = INFORMATIVE_SENSORS.map((n) => `s${n}`)): string[] {
  const names: string[] = [];
  for (const s of sensors) {
    names.push(`${s}_last`);
    for (const a of EWMA_ALPHAS) names.push(`${s}_ewma${a}`);
    for (const w of MEAN_WINDOWS) names.push(`${s}_mean${w}`);
    for (const w of SLOPE_WINDOWS) names.push(`${s}_slope${w}`);
  }
  names.push('cycles');
  return names;
}

/** Columns of the feature matrix for `sensors` sensors. */
export const featureCount = (sensors: number): number => sensors * PER_SENSOR + 1;

/** Columns for the C-MAPSS informative sensors. */
export const FEATURE_COUNT = featureCount(INFORMATIVE_SENSORS.length);

/**
 * Features of the given rows (`rows`: indices into the engine's history, ascending) written into
 * `out` starting at row `offset` (row-major, `featureCount(series.length)` columns).
 */
export function writeSeriesFeatures(
  series: readonly Float64Array[],
  rows: readonly number[] | Int32Array,
  out: Float32Array,
  offset: number,
): void {
  const len = series[0]?.length ?? 0;
  const cols = featureCount(series.length);
  // Prefix sums of x and t·x give any window's mean and slope in O(1).
  const px = new Float64Array(len + 1);
  const ptx = new Float64Array(len + 1);
  const ew = new Float64Array(len * EWMA_ALPHAS.length);
  let r0 = 0;
  for (let j = 0; j < series.length; j++) {
    const x = series[j]!;
    for (let t = 0; t < len; t++) {
      px[t + 1] = px[t]! + x[t]!;
      ptx[t + 1] = ptx[t]! + t * x[t]!;
    }
    for (let a = 0; a < EWMA_ALPHAS.length; a++) {
      const alpha = EWMA_ALPHAS[a]!;
      let s = x[0] ?? 0;
      for (let t = 0; t < len; t++) {
        s += alpha * (x[t]! - s);
        ew[a * len + t] = s;
      }
    }
    r0 = offset;
    for (const t of rows) {
      const base = r0 * cols + j * PER_SENSOR;
      let k = 0;
      out[base + k++] = x[t]!;
      for (let a = 0; a < EWMA_ALPHAS.length; a++) out[base + k++] = ew[a * len + t]!;
      for (const w of MEAN_WINDOWS) {
        const from = Math.max(0, t + 1 - w);
        out[base + k++] = (px[t + 1]! - px[from]!) / (t + 1 - from);
      }
      for (const w of SLOPE_WINDOWS) {
        const from = Math.max(0, t + 1 - w);
        const n = t + 1 - from;
        if (n < 3) {
          out[base + k++] = 0;
          continue;
        }
        const sx = px[t + 1]! - px[from]!;
        const stx = ptx[t + 1]! - ptx[from]!;
        // Σt and Σt² over from..t in closed form.
        const st = ((from + t) * n) / 2;
        const stt = (t * (t + 1) * (2 * t + 1) - (from - 1) * from * (2 * from - 1)) / 6;
        const den = n * stt - st * st;
        out[base + k++] = den > 0 ? (n * stx - st * sx) / den : 0;
      }
      r0++;
    }
  }
  r0 = offset;
  for (const t of rows) out[r0++ * cols + cols - 1] = t + 1;
}

export interface FeatureMatrix {
  readonly x: Float32Array;
  readonly rows: number;
  readonly cols: number;
  /** Engine unit of each row. */
  readonly unit: Int32Array;
  /** History index (0-based cycle position) of each row. */
  readonly t: Int32Array;
}

/**
 * Feature rows for engines: every cycle (`which = 'all'`, for training) or each engine's last
 * cycle (`'last'`, the test protocol), or engine-specific row lists.
 */
export function buildFeatures(
  conditions: ConditionModel,
  engines: readonly CmapssEngine[],
  which: 'all' | 'last' | ((e: CmapssEngine) => number[]),
): FeatureMatrix {
  const rowLists = engines.map((e) => {
    const n = e.cycles.length;
    if (which === 'all') return Array.from({ length: n }, (_, i) => i);
    if (which === 'last') return [n - 1];
    return which(e);
  });
  const rows = rowLists.reduce((s, r) => s + r.length, 0);
  const cols = featureCount(conditionSensors(conditions).length);
  const x = new Float32Array(rows * cols);
  const unit = new Int32Array(rows);
  const t = new Int32Array(rows);
  let offset = 0;
  engines.forEach((e, i) => {
    const list = rowLists[i]!;
    writeSeriesFeatures(normaliseEngine(conditions, e), list, x, offset);
    for (let k = 0; k < list.length; k++) {
      unit[offset + k] = e.unit;
      t[offset + k] = list[k]!;
    }
    offset += list.length;
  });
  return { x, rows, cols, unit, t };
}
