/**
 * TensorFlow.js on its WebAssembly backend, the fastest CPU backend that installs here (tfjs-node
 * does not), set up once per process for every model trained with tfjs (RUL's MLP, vision's softmax).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

let ready: Promise<void> | undefined;

/** Resolves once the wasm backend is active; safe to call before every training run. */
export function wasmBackend(): Promise<void> {
  ready ??= (async () => {
    await tf.setBackend('wasm');
    await tf.ready();
  })();
  return ready;
}
