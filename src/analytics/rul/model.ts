import { createHash } from 'node:crypto';
import type { CmapssEngine } from './cmapss.js';
import { type ConditionModel, type ConditionOptions, fitConditions } from './conditions.js';
import { buildFeatures, type FeatureMatrix, featureCount, featureNames } from './features.js';
import { type GbdtModel, type GbdtOptions, type GbdtProgress, predictGbdt, trainGbdt } from './gbdt.js';
import { applyConformal, type ConformalModel, fitConformal } from './interval.js';
import { mae, rmse } from './metrics.js';
import type { MlpOptions } from './mlp.js';
import { type MlpModel, predictMlp } from './mlp-model.js';
import { INFORMATIVE_SENSORS, RUL_CAP } from './protocol.js';
import { splitByEngine, truncationRows } from './split.js';

/** Options of `trainRulModel`, each with its default. */
export interface RulTrainOptions {
  /** Cap of the piecewise-linear training target. Default 125 (the standard protocol). */
  readonly cap?: number;
  /** Operating conditions ('auto': six when the settings cluster, else one). */
  readonly conditions?: ConditionOptions['conditions'];
  /** Boosted-tree settings. Defaults: 15 leaves, 200 rows per leaf, learning rate 0.05, up to 1500 rounds. */
  readonly gbdt?: GbdtOptions;
  /** Validation engines (held out for early stopping and the band). Default: unit % 5 == 0. */
  readonly isValidation?: (unit: number) => boolean;
  /** Truncation points scored per validation engine. Default 10. */
  readonly truncations?: number;
  /** Retrain on all engines with the chosen number of rounds after validation. Default true. */
  readonly refit?: boolean;
  /**
   * Model family: boosted trees alone, or trees plus a dense network averaged with a weight chosen
   * on the validation engines. Default 'gbdt' (see docs/rul.md for the evidence).
   */
  readonly model?: 'gbdt' | 'gbdt+mlp';
  readonly mlp?: MlpOptions;
  /** Coverage of the prediction band. Default 0.9. */
  readonly level?: number;
  readonly seed?: number;
  /** 1-based indices into each engine's `sensors` the model uses. Default INFORMATIVE_SENSORS (C-MAPSS). */
  readonly sensors?: readonly number[];
  /**
   * Names of those sensors when they come from CSV columns; recorded in the model so prediction
   * can pick (and insist on) the same columns.
   */
  readonly columns?: readonly string[];
  /** The unit and cycle columns of that CSV, recorded so prediction looks for them first. */
  readonly keyColumns?: { readonly unit: string; readonly cycle: string };
}

export const DEFAULT_GBDT: GbdtOptions = {
  rounds: 1500,
  learningRate: 0.05,
  numLeaves: 15,
  minLeaf: 200,
  lambda: 1,
  featureFraction: 0.7,
  bagging: 0.7,
  maxBins: 64,
  earlyStopping: 150,
};

/** A trained RUL model: JSON-serialisable, self-contained (normalisation, trees, band). */
export interface RulModel {
  readonly format: 'xinzhi-rul';
  readonly version: 1;
  readonly cap: number;
  /** 1-based indices into an engine's `sensors` (C-MAPSS sensor numbers, or 1..k for `columns`). */
  readonly sensors: readonly number[];
  /** CSV sensor columns, in the order of `sensors`; absent for C-MAPSS models. */
  readonly columns?: readonly string[];
  /** The CSV's unit and cycle columns at training. */
  readonly keyColumns?: { readonly unit: string; readonly cycle: string };
  readonly featureNames: readonly string[];
  readonly conditions: ConditionModel;
  readonly gbdt: GbdtModel;
  /** Present for the 'gbdt+mlp' ensemble; prediction = (1 − mlpWeight)·trees + mlpWeight·network. */
  readonly mlp?: MlpModel;
  readonly mlpWeight?: number;
  readonly interval: ConformalModel;
  readonly trainedOn: { readonly engines: number; readonly rows: number; readonly fingerprint: string };
}

export interface RulValidation {
  /** RMSE against the capped truth at the truncation points of validation engines. */
  readonly rmse: number;
  readonly mae: number;
  /** Share of validation truths (uncapped, ≤ 1.5 × cap) inside the band. */
  readonly coverage: number;
  readonly points: number;
  readonly engines: number;
  readonly bestRound: number;
  /** Validation RMSE of each member alone (trees, network) when an ensemble was trained. */
  readonly members?: {
    readonly gbdt: number;
    readonly mlp: number;
    readonly mlpWeight: number;
    readonly bestEpoch: number;
  };
}

export interface RulTrainResult {
  readonly model: RulModel;
  readonly validation: RulValidation;
  readonly timings: { readonly featuresMs: number; readonly trainMs: number; readonly refitMs: number };
}

export interface RulTrainHooks {
  readonly onRound?: (p: GbdtProgress & { phase: 'validate' | 'refit' }) => void;
  readonly onEpoch?: (p: {
    epoch: number;
    epochs: number;
    trainRmse: number;
    validRmse?: number;
    phase: 'validate' | 'refit';
  }) => void;
}

/** SHA-256 over the engines' numbers, so a run names exactly the data it saw. */
export function fingerprintEngines(engines: readonly CmapssEngine[]): string {
  const h = createHash('sha256');
  for (const e of engines) {
    h.update(`u${e.unit}:`);
    h.update(new Uint8Array(e.cycles.buffer, e.cycles.byteOffset, e.cycles.byteLength));
    for (const s of e.settings) h.update(new Uint8Array(s.buffer, s.byteOffset, s.byteLength));
    for (const s of e.sensors) h.update(new Uint8Array(s.buffer, s.byteOffset, s.byteLength));
  }
  return h.digest('hex');
}

/**
 * Capped (or raw) remaining life of each feature row of training engines (run to failure), in the
 * units of the cycle column: the last cycle is the failure. (C-MAPSS cycles are 1, 2, 3…, so this
 * is also the number of rows left.)
 */
function targets(m: FeatureMatrix, engines: readonly CmapssEngine[], cap: number): Float64Array {
  const byUnit = new Map(engines.map((e) => [e.unit, e.cycles]));
  return Float64Array.from(m.t, (t, i) => {
    const c = byUnit.get(m.unit[i]!)!;
    return Math.min(cap, c[c.length - 1]! - c[t]!);
  });
}

/**
 * Trains on run-to-failure engines: validation split by engine, boosted trees with early stopping
 * on the validation engines, a conformal band from their residuals, then (by default) a refit on
 * every engine with the chosen number of rounds.
 */
export async function trainRulModel(
  engines: readonly CmapssEngine[],
  options: RulTrainOptions = {},
  hooks: RulTrainHooks = {},
): Promise<RulTrainResult> {
  const cap = options.cap ?? RUL_CAP;
  const level = options.level ?? 0.9;
  const seed = options.seed ?? 1;
  const gopts: GbdtOptions = { ...DEFAULT_GBDT, seed, ...options.gbdt };
  const { train, valid } = splitByEngine(engines, options.isValidation);
  if (train.length === 0 || valid.length === 0)
    throw new RangeError(`need training and validation engines (got ${train.length} and ${valid.length})`);
  const t0 = performance.now();
  const sensors = options.sensors ?? INFORMATIVE_SENSORS;
  if (options.columns !== undefined && options.columns.length !== sensors.length)
    throw new RangeError(`${options.columns.length} column names for ${sensors.length} sensors`);
  const condOpts = {
    sensors,
    ...(options.conditions === undefined ? {} : { conditions: options.conditions }),
  };
  const cond = fitConditions(train, condOpts);
  const X = buildFeatures(cond, train, 'all');
  const y = targets(X, train, cap);
  const V = buildFeatures(cond, valid, (e) => truncationRows(e, options.truncations ?? 10, seed));
  const vy = targets(V, valid, cap);
  const vraw = targets(V, valid, Number.POSITIVE_INFINITY);
  const t1 = performance.now();
  const first = trainGbdt(
    {
      train: X,
      y,
      valid: { data: V, y: vy },
      ...(hooks.onRound
        ? { onRound: (p: GbdtProgress) => hooks.onRound?.({ ...p, phase: 'validate' }) }
        : {}),
    },
    gopts,
  );
  const t2 = performance.now();
  let vp = Array.from(predictGbdt(first, V), (v) => clamp(v, cap));
  let mlp: (MlpModel & { bestEpoch: number }) | undefined;
  let mlpWeight = 0;
  let members: RulValidation['members'];
  const mlpOpts: MlpOptions = { seed, ...options.mlp };
  // tfjs is loaded only when a network is trained (it takes seconds to import).
  const trainMlp = options.model === 'gbdt+mlp' ? (await import('./mlp.js')).trainMlp : undefined;
  if (trainMlp) {
    mlp = await trainMlp(
      {
        train: X,
        y,
        valid: { data: V, y: vy },
        ...(hooks.onEpoch ? { onEpoch: (p) => hooks.onEpoch?.({ ...p, phase: 'validate' }) } : {}),
      },
      mlpOpts,
    );
    const np = Array.from(predictMlp(mlp, V), (v) => clamp(v, cap));
    let bestErr = Number.POSITIVE_INFINITY;
    for (const w of [0, 0.2, 0.35, 0.5, 0.65, 0.8, 1]) {
      const err = rmse(
        vy,
        vp.map((g, i) => (1 - w) * g + w * np[i]!),
      );
      if (err < bestErr - 1e-9) {
        bestErr = err;
        mlpWeight = w;
      }
    }
    members = { gbdt: rmse(vy, vp), mlp: rmse(vy, np), mlpWeight, bestEpoch: mlp.bestEpoch };
    vp = vp.map((g, i) => (1 - mlpWeight) * g + mlpWeight * np[i]!);
  }
  // The band is calibrated on the uncapped truth of test-like cut points (remaining life up to
  // 1.5 × cap), so it states how far the real remaining life may be from the prediction.
  const keep = Array.from(vraw.keys()).filter((i) => vraw[i]! <= 1.5 * cap);
  const interval = fitConformal(
    keep.map((i) => vraw[i]!),
    keep.map((i) => vp[i]!),
    level,
  );
  const covered = keep.filter((i) => {
    const b = applyConformal(interval, vp[i]!);
    return vraw[i]! >= b.low && vraw[i]! <= b.high;
  }).length;
  const validation: RulValidation = {
    rmse: rmse(vy, vp),
    mae: mae(vy, vp),
    coverage: keep.length ? covered / keep.length : 0,
    points: V.rows,
    engines: valid.length,
    bestRound: first.bestRound,
    ...(members ? { members } : {}),
  };

  let gbdt: GbdtModel = first;
  let finalCond = cond;
  let t3 = t2;
  if (options.refit ?? true) {
    finalCond = fitConditions(engines, condOpts);
    const XA = buildFeatures(finalCond, engines, 'all');
    const yA = targets(XA, engines, cap);
    // More data supports a few more rounds; 1/0.8 matches the data growth of the 80/20 split.
    const rounds = Math.max(1, Math.round(first.bestRound / 0.8));
    gbdt = trainGbdt(
      {
        train: XA,
        y: yA,
        ...(hooks.onRound ? { onRound: (p: GbdtProgress) => hooks.onRound?.({ ...p, phase: 'refit' }) } : {}),
      },
      { ...gopts, rounds },
    );
    if (trainMlp && mlp && mlpWeight > 0)
      mlp = await trainMlp(
        {
          train: XA,
          y: yA,
          ...(hooks.onEpoch ? { onEpoch: (p) => hooks.onEpoch?.({ ...p, phase: 'refit' }) } : {}),
        },
        { ...mlpOpts, epochs: mlp.bestEpoch },
      );
    t3 = performance.now();
  }
  const { bestRound: _b, ...plain } = gbdt as GbdtModel & { bestRound?: number };
  const model: RulModel = {
    format: 'xinzhi-rul',
    version: 1,
    cap,
    sensors: [...sensors],
    ...(options.columns === undefined ? {} : { columns: [...options.columns] }),
    ...(options.keyColumns === undefined ? {} : { keyColumns: { ...options.keyColumns } }),
    featureNames: featureNames(options.columns ?? sensors.map((n) => `s${n}`)),
    conditions: finalCond,
    gbdt: plain,
    ...(mlp && mlpWeight > 0 ? { mlp: stripEpoch(mlp), mlpWeight } : {}),
    interval,
    trainedOn: {
      engines: engines.length,
      rows: engines.reduce((s, e) => s + e.cycles.length, 0),
      fingerprint: fingerprintEngines(engines),
    },
  };
  return {
    model,
    validation,
    timings: { featuresMs: t1 - t0, trainMs: t2 - t1, refitMs: t3 - t2 },
  };
}

const stripEpoch = (m: MlpModel & { bestEpoch?: number }): MlpModel => {
  const { bestEpoch: _e, ...rest } = m;
  return rest;
};

const clamp = (v: number, cap: number): number => Math.max(0, Math.min(cap, v));

export interface RulPrediction {
  readonly unit: number;
  readonly rul: number;
  readonly low: number;
  readonly high: number;
}

/** One prediction per engine from its last cycle (the test protocol), in unit order. */
export function predictRul(model: RulModel, engines: readonly CmapssEngine[]): RulPrediction[] {
  if (model.format !== 'xinzhi-rul' || model.gbdt.features !== featureCount(model.sensors.length))
    throw new RangeError('not a xinzhi RUL model of this version');
  const sorted = [...engines].sort((a, b) => a.unit - b.unit);
  const X = buildFeatures(model.conditions, sorted, 'last');
  const p = predictGbdt(model.gbdt, X);
  if (model.mlp && model.mlpWeight) {
    const w = model.mlpWeight;
    const q = predictMlp(model.mlp, X);
    for (let i = 0; i < p.length; i++) p[i] = (1 - w) * clamp(p[i]!, model.cap) + w * clamp(q[i]!, model.cap);
  }
  return sorted.map((e, i) => {
    const rul = clamp(p[i]!, model.cap);
    const band = applyConformal(model.interval, rul);
    return {
      unit: e.unit,
      rul: round1(rul),
      low: round1(Math.min(rul, band.low)),
      high: round1(Math.max(rul, band.high)),
    };
  });
}

const round1 = (v: number): number => Math.round(v * 10) / 10;
