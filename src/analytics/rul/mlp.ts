import * as tf from '@tensorflow/tfjs';
import { wasmBackend } from '../tf-wasm.js';
import type { Matrix } from './gbdt.js';
import type { MlpModel } from './mlp-model.js';

/**
 * A dense network (multi-layer perceptron) on the same window features as the trees, trained with
 * TensorFlow.js on its WebAssembly backend (the fastest CPU backend that installs here; tfjs-node
 * does not). Only training uses tfjs: the weights are exported to plain arrays and prediction is a
 * few lines of JavaScript, so a saved model needs no tfjs at all.
 */
export interface MlpOptions {
  /** Hidden layer widths. Default [128, 64]. */
  readonly hidden?: readonly number[];
  /** Default 60. */
  readonly epochs?: number;
  /** Default 512. */
  readonly batchSize?: number;
  /** Adam learning rate. Default 0.002. */
  readonly learningRate?: number;
  /** Dropout after each hidden layer. Default 0.1. */
  readonly dropout?: number;
  /** Stop when validation loss has not improved for this many epochs. Default 10. */
  readonly patience?: number;
  readonly seed?: number;
}

function standardise(m: Matrix, mean: number[], std: number[]): Float32Array {
  const out = new Float32Array(m.rows * m.cols);
  for (let i = 0; i < m.rows; i++)
    for (let j = 0; j < m.cols; j++) out[i * m.cols + j] = (m.x[i * m.cols + j]! - mean[j]!) / std[j]!;
  return out;
}

export interface MlpProgress {
  readonly epoch: number;
  readonly epochs: number;
  readonly trainRmse: number;
  readonly validRmse?: number;
}

export async function trainMlp(
  input: {
    train: Matrix;
    y: ArrayLike<number>;
    valid?: { data: Matrix; y: ArrayLike<number> };
    onEpoch?: (p: MlpProgress) => void;
  },
  options: MlpOptions = {},
): Promise<MlpModel & { bestEpoch: number }> {
  await wasmBackend();
  const { train, y } = input;
  const F = train.cols;
  const mean = new Array<number>(F).fill(0);
  const std = new Array<number>(F).fill(0);
  for (let i = 0; i < train.rows; i++) for (let j = 0; j < F; j++) mean[j]! += train.x[i * F + j]!;
  for (let j = 0; j < F; j++) mean[j]! /= train.rows;
  for (let i = 0; i < train.rows; i++)
    for (let j = 0; j < F; j++) std[j]! += (train.x[i * F + j]! - mean[j]!) ** 2;
  for (let j = 0; j < F; j++) std[j] = Math.sqrt(std[j]! / train.rows) || 1;
  let scale = 0;
  for (let i = 0; i < train.rows; i++) scale = Math.max(scale, Math.abs(y[i]!));
  scale ||= 1;

  const hidden = options.hidden ?? [128, 64];
  const seed = options.seed ?? 1;
  const net = tf.sequential();
  hidden.forEach((units, k) => {
    net.add(
      tf.layers.dense({
        units,
        activation: 'relu',
        kernelInitializer: tf.initializers.heNormal({ seed: seed + k }),
        ...(k === 0 ? { inputShape: [F] } : {}),
      }),
    );
    if ((options.dropout ?? 0.1) > 0)
      net.add(tf.layers.dropout({ rate: options.dropout ?? 0.1, seed: seed + 100 + k }));
  });
  net.add(
    tf.layers.dense({ units: 1, kernelInitializer: tf.initializers.glorotUniform({ seed: seed + 99 }) }),
  );
  net.compile({ optimizer: tf.train.adam(options.learningRate ?? 0.002), loss: 'meanSquaredError' });

  const xs = tf.tensor2d(standardise(train, mean, std), [train.rows, F]);
  const ys = tf.tensor2d(
    Float32Array.from({ length: train.rows }, (_, i) => y[i]! / scale),
    [train.rows, 1],
  );
  const vx = input.valid
    ? tf.tensor2d(standardise(input.valid.data, mean, std), [input.valid.data.rows, F])
    : undefined;
  const vy = input.valid
    ? tf.tensor2d(
        Float32Array.from({ length: input.valid.data.rows }, (_, i) => input.valid!.y[i]! / scale),
        [input.valid.data.rows, 1],
      )
    : undefined;
  const epochs = options.epochs ?? 60;
  const patience = options.patience ?? 10;
  let best = Number.POSITIVE_INFINITY;
  let bestEpoch = epochs;
  let bestWeights: MlpModel['layers'] | undefined;
  try {
    for (let e = 1; e <= epochs; e++) {
      const h = await net.fit(xs, ys, {
        epochs: 1,
        batchSize: options.batchSize ?? 512,
        shuffle: true,
        verbose: 0,
        ...(vx && vy ? { validationData: [vx, vy] as [tf.Tensor, tf.Tensor] } : {}),
      });
      const trainRmse = Math.sqrt(Number(h.history['loss']?.[0])) * scale;
      const vl = h.history['val_loss']?.[0];
      const validRmse = vl === undefined ? undefined : Math.sqrt(Number(vl)) * scale;
      input.onEpoch?.({ epoch: e, epochs, trainRmse, ...(validRmse === undefined ? {} : { validRmse }) });
      if (validRmse !== undefined) {
        if (validRmse < best) {
          best = validRmse;
          bestEpoch = e;
          bestWeights = exportLayers(net);
        } else if (e - bestEpoch >= patience) break;
      }
    }
    const layers = bestWeights ?? exportLayers(net);
    return { kind: 'mlp', mean, std, scale, layers, bestEpoch };
  } finally {
    tf.dispose([xs, ys, ...(vx ? [vx] : []), ...(vy ? [vy] : [])]);
    net.dispose();
  }
}

function exportLayers(net: tf.Sequential): MlpModel['layers'] {
  const out: MlpModel['layers'] = [];
  for (const layer of net.layers) {
    const ws = layer.getWeights();
    if (ws.length !== 2) continue;
    const [k, b] = ws as [tf.Tensor, tf.Tensor];
    const [inputs, outputs] = k.shape as [number, number];
    out.push({ w: Array.from(k.dataSync()), b: Array.from(b.dataSync()), inputs, outputs });
  }
  return out;
}
