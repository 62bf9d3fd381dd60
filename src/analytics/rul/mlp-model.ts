import type { Matrix } from './gbdt.js';

/** A trained dense network as plain arrays (see mlp.ts for training); predicting needs no tfjs. */
export interface MlpModel {
  readonly kind: 'mlp';
  readonly mean: number[];
  readonly std: number[];
  /** Target scale: the network predicts y / scale. */
  readonly scale: number;
  /** Dense layers: weights row-major [in][out], bias [out]; ReLU on all but the last. */
  readonly layers: Array<{ w: number[]; b: number[]; inputs: number; outputs: number }>;
}

/** Forward pass in plain JavaScript (dropout is off at inference). */
export function predictMlp(model: MlpModel, m: Matrix): Float64Array {
  const out = new Float64Array(m.rows);
  const F = m.cols;
  let cur = new Float64Array(F);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < F; j++) cur[j] = (m.x[i * F + j]! - model.mean[j]!) / model.std[j]!;
    let a: Float64Array = cur;
    model.layers.forEach((l, k) => {
      const next = new Float64Array(l.outputs);
      for (let o = 0; o < l.outputs; o++) next[o] = l.b[o]!;
      for (let p = 0; p < l.inputs; p++) {
        const v = a[p]!;
        if (v === 0) continue;
        const row = p * l.outputs;
        for (let o = 0; o < l.outputs; o++) next[o]! += v * l.w[row + o]!;
      }
      if (k < model.layers.length - 1) for (let o = 0; o < l.outputs; o++) if (next[o]! < 0) next[o] = 0;
      a = next;
    });
    out[i] = a[0]! * model.scale;
    cur = new Float64Array(F);
  }
  return out;
}
