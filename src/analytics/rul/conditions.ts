import type { CmapssEngine } from './cmapss.js';
import { INFORMATIVE_SENSORS } from './protocol.js';

/**
 * Operating conditions and per-condition normalisation. FD002/FD004 mix six flight conditions
 * (altitude, Mach, throttle) that move every sensor far more than wear does; normalising each
 * sensor within its condition removes that. The conditions are found by k-means on the three
 * settings (written here: 30 lines, deterministic, no library needed for 3-D points and k = 6).
 */
export interface ConditionModel {
  /** Cluster centres in standardised setting space; one centre = single-condition data. */
  readonly centres: number[][];
  readonly settingMean: number[];
  readonly settingStd: number[];
  /** `mean[c][j]`, `std[c][j]`: sensor j of `sensors` within condition c. */
  readonly mean: number[][];
  readonly std: number[][];
  /**
   * 1-based indices into an engine's `sensors` that the model uses. Absent in models saved before
   * other data than C-MAPSS could be trained on: those use INFORMATIVE_SENSORS.
   */
  readonly sensors?: number[];
}

export interface ConditionOptions {
  /** Number of operating conditions: 'auto' tries 6 and keeps them when they explain the settings. */
  readonly conditions?: 'auto' | number;
  /** 1-based indices into each engine's `sensors` to normalise. Default INFORMATIVE_SENSORS (C-MAPSS). */
  readonly sensors?: readonly number[];
}

/** The sensors a condition model normalises. */
export const conditionSensors = (model: ConditionModel): readonly number[] =>
  model.sensors ?? INFORMATIVE_SENSORS;

const range = (n: number): number[] => Array.from({ length: n }, (_, k) => k);

const dist2 = (a: readonly number[], b: readonly number[]): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return s;
};

/** Best of several deterministic starts (Lloyd's algorithm falls into local optima, e.g. merging two close conditions). */
function kmeans(points: number[][], k: number, starts = 8): { centres: number[][]; inertia: number } {
  let best = kmeansFrom(points, k, 0);
  for (let s = 1; s < starts; s++) {
    const r = kmeansFrom(points, k, Math.floor((s * points.length) / starts));
    if (r.inertia < best.inertia) best = r;
  }
  return best;
}

function kmeansFrom(points: number[][], k: number, first: number): { centres: number[][]; inertia: number } {
  // Deterministic farthest-point initialisation, then Lloyd iterations.
  const centres: number[][] = [points[first]!.slice()];
  while (centres.length < k) {
    let best = 0;
    let bestD = -1;
    for (let i = 0; i < points.length; i++) {
      const d = Math.min(...centres.map((c) => dist2(points[i]!, c)));
      if (d > bestD) {
        bestD = d;
        best = i;
      }
    }
    centres.push(points[best]!.slice());
  }
  let inertia = 0;
  for (let iter = 0; iter < 50; iter++) {
    const sums = centres.map((c) => c.map(() => 0));
    const counts = centres.map(() => 0);
    inertia = 0;
    for (const p of points) {
      const c = nearest(centres, p);
      inertia += dist2(p, centres[c]!);
      counts[c]!++;
      for (let j = 0; j < p.length; j++) sums[c]![j]! += p[j]!;
    }
    let moved = false;
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) continue;
      const next = sums[c]!.map((s) => s / counts[c]!);
      if (dist2(next, centres[c]!) > 1e-12) moved = true;
      centres[c] = next;
    }
    if (!moved) break;
  }
  return { centres, inertia };
}

function nearest(centres: readonly number[][], p: readonly number[]): number {
  let best = 0;
  let bestD = Number.POSITIVE_INFINITY;
  for (let c = 0; c < centres.length; c++) {
    const d = dist2(p, centres[c]!);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

function standardisedSettings(engines: readonly CmapssEngine[], mean: number[], std: number[]): number[][] {
  const pts: number[][] = [];
  const dims = range(mean.length);
  for (const e of engines)
    for (let t = 0; t < e.cycles.length; t++)
      pts.push(dims.map((k) => (e.settings[k]![t]! - mean[k]!) / std[k]!));
  return pts;
}

/** Fits conditions and per-condition sensor statistics on training engines. */
export function fitConditions(
  engines: readonly CmapssEngine[],
  options: ConditionOptions = {},
): ConditionModel {
  const n = engines.reduce((s, e) => s + e.cycles.length, 0);
  // C-MAPSS has three operational settings; a generic run-to-failure CSV has none (one condition).
  const dims = range(engines[0]?.settings.length ?? 0);
  const settingMean = dims.map(
    (k) => engines.reduce((s, e) => s + e.settings[k]!.reduce((a, b) => a + b, 0), 0) / n,
  );
  const settingStd = dims.map((k) => {
    const v =
      engines.reduce((s, e) => s + e.settings[k]!.reduce((a, b) => a + (b - settingMean[k]!) ** 2, 0), 0) / n;
    return Math.sqrt(v) || 1;
  });
  const pts = standardisedSettings(engines, settingMean, settingStd);
  const want = options.conditions ?? 'auto';
  let centres: number[][] = [dims.map(() => 0)];
  // Without settings there is nothing to cluster on: one condition.
  if (dims.length > 0 && want === 'auto') {
    // Six real conditions leave almost no within-cluster spread; noise settings (FD001) leave most.
    const six = kmeans(pts, 6);
    const total = pts.reduce((s, p) => s + dist2(p, centres[0]!), 0);
    if (six.inertia < 0.01 * total) centres = six.centres;
  } else if (dims.length > 0 && want !== 'auto' && want > 1) centres = kmeans(pts, want).centres;

  const sensors = [...(options.sensors ?? INFORMATIVE_SENSORS)];
  const m = sensors.length;
  const sum = centres.map(() => new Float64Array(m));
  const sq = centres.map(() => new Float64Array(m));
  const cnt = centres.map(() => 0);
  let i = 0;
  for (const e of engines)
    for (let t = 0; t < e.cycles.length; t++, i++) {
      const c = nearest(centres, pts[i]!);
      cnt[c]!++;
      for (let j = 0; j < m; j++) {
        const v = e.sensors[sensors[j]! - 1]![t]!;
        sum[c]![j]! += v;
        sq[c]![j]! += v * v;
      }
    }
  const mean = centres.map((_, c) => Array.from(sum[c]!, (s) => s / Math.max(1, cnt[c]!)));
  const std = centres.map((_, c) =>
    Array.from(sq[c]!, (s, j) => {
      const mu = mean[c]![j]!;
      const v = s / Math.max(1, cnt[c]!) - mu * mu;
      return v > 1e-12 ? Math.sqrt(v) : 1;
    }),
  );
  return { centres, settingMean, settingStd, mean, std, sensors };
}

/** Condition index of each row of an engine. */
export function conditionsOf(model: ConditionModel, e: CmapssEngine): Uint8Array {
  const out = new Uint8Array(e.cycles.length);
  if (model.centres.length === 1) return out;
  for (let t = 0; t < e.cycles.length; t++) {
    const p = model.settingMean.map((mu, k) => (e.settings[k]![t]! - mu) / model.settingStd[k]!);
    out[t] = nearest(model.centres, p);
  }
  return out;
}

/** The model's sensors of an engine, z-scored within each row's condition: `[sensor][t]`. */
export function normaliseEngine(model: ConditionModel, e: CmapssEngine): Float64Array[] {
  const cond = conditionsOf(model, e);
  return conditionSensors(model).map((s, j) => {
    const raw = e.sensors[s - 1]!;
    const out = new Float64Array(raw.length);
    for (let t = 0; t < raw.length; t++) {
      const c = cond[t]!;
      out[t] = (raw[t]! - model.mean[c]![j]!) / model.std[c]![j]!;
    }
    return out;
  });
}
