import * as tf from '@tensorflow/tfjs';
import { wasmBackend } from '../tf-wasm.js';

/**
 * Multinomial logistic regression (softmax) on standardised features, trained full-batch with
 * Adam in TensorFlow.js on its WebAssembly backend (the project's neural-net library, as for RUL's
 * MLP). The loss weights each example by the inverse frequency of its class, so a class with 20
 * examples counts as much as one with 2,000. Only training uses tfjs: the weights are exported to
 * plain arrays and prediction is a matrix-vector product, so a saved model needs no tfjs.
 */
export interface SoftmaxModel {
  readonly mean: number[];
  readonly std: number[];
  /** features × classes, row-major. */
  readonly w: number[];
  readonly b: number[];
}

export interface SoftmaxOptions {
  /** L2 penalty on the weights (per feature, on standardised inputs). */
  readonly l2: number;
  /** Full-batch Adam steps. Default 300. */
  readonly steps?: number;
  /** Default 0.02. */
  readonly learningRate?: number;
}

/** Inverse-frequency weights, mean 1 over the examples. */
export function classWeights(y: readonly number[], classes: number): number[] {
  const counts = new Array<number>(classes).fill(0);
  for (const c of y) counts[c]! += 1;
  return counts.map((n) => (n > 0 ? y.length / (classes * n) : 0));
}

export async function trainSoftmax(
  x: readonly Float32Array[],
  y: readonly number[],
  classes: number,
  options: SoftmaxOptions,
  onStep?: (step: number, loss: number) => void,
): Promise<SoftmaxModel> {
  await wasmBackend();
  const n = x.length;
  const F = x[0]?.length ?? 0;
  const mean = new Array<number>(F).fill(0);
  const std = new Array<number>(F).fill(0);
  for (const r of x) for (let j = 0; j < F; j++) mean[j]! += r[j]!;
  for (let j = 0; j < F; j++) mean[j]! /= n;
  for (const r of x) for (let j = 0; j < F; j++) std[j]! += (r[j]! - mean[j]!) ** 2;
  // A constant feature gets std 1: it standardises to 0 and carries no weight.
  for (let j = 0; j < F; j++) std[j] = Math.sqrt(std[j]! / n) || 1;
  const flat = new Float32Array(n * F);
  x.forEach((r, i) => {
    for (let j = 0; j < F; j++) flat[i * F + j] = (r[j]! - mean[j]!) / std[j]!;
  });
  const cw = classWeights(y, classes);
  const steps = options.steps ?? 300;
  const xs = tf.tensor2d(flat, [n, F]);
  const ys = tf.oneHot(tf.tensor1d(Int32Array.from(y), 'int32'), classes).toFloat();
  const ws = tf.tensor1d(y.map((c) => cw[c]!));
  const W = tf.variable(tf.zeros([F, classes]));
  const b = tf.variable(tf.zeros([classes]));
  const opt = tf.train.adam(options.learningRate ?? 0.02);
  try {
    for (let s = 1; s <= steps; s++) {
      const loss = opt.minimize(
        () =>
          tf.tidy(() => {
            const logits = xs.matMul(W).add(b);
            const ce = tf.losses.softmaxCrossEntropy(
              ys,
              logits,
              ws,
              undefined,
              tf.Reduction.SUM_BY_NONZERO_WEIGHTS,
            );
            return ce.add(W.square().sum().mul(options.l2)) as tf.Scalar;
          }),
        onStep !== undefined && (s % 25 === 0 || s === steps),
      );
      if (loss) {
        onStep?.(s, (await loss.data())[0]!);
        loss.dispose();
      }
    }
    return { mean, std, w: Array.from(await W.data()), b: Array.from(await b.data()) };
  } finally {
    tf.dispose([xs, ys, ws, W, b]);
    opt.dispose();
  }
}

/** Class probabilities of one feature vector. */
export function softmaxProba(m: SoftmaxModel, x: ArrayLike<number>): number[] {
  const C = m.b.length;
  const F = m.mean.length;
  const z = m.b.slice();
  for (let j = 0; j < F; j++) {
    const v = (x[j]! - m.mean[j]!) / m.std[j]!;
    if (v === 0 || !Number.isFinite(v)) continue;
    const row = j * C;
    for (let c = 0; c < C; c++) z[c]! += v * m.w[row + c]!;
  }
  const mx = Math.max(...z);
  const e = z.map((v) => Math.exp(v - mx));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}
