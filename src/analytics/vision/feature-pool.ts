/**
 * Feature extraction for a batch of images on a small pool of worker threads. Decoding and
 * texture features are the whole cost of a prediction (the classifier is a dot product) and they
 * are pure JavaScript on one thread, so `xinzhi vision predict` over many images and the eval's
 * speed part use every core this way. Each worker runs the same extraction code as the main thread
 * (feature-worker.ts), so the vectors — and the predictions made from them — are the ones a serial
 * run gives. Small batches, or one worker, stay on the calling thread: starting a worker costs
 * more than a few images.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { XinzhiError } from '../../core/index.js';
import { readImageFile } from './dataset.js';
import { decodeImage } from './decode.js';
import type { FeatureJob, FeatureJobMessage, FeatureResultMessage } from './feature-protocol.js';
import { extractFeatures, type FeatureOptions } from './features.js';

export type { FeatureJob } from './feature-protocol.js';

export interface FeaturePoolOptions {
  /** Worker threads; default the machine's parallelism, at most 4. 1 runs on the calling thread. */
  readonly workers?: number;
  /** Fewer images than this run on the calling thread. Default 8. */
  readonly minBatch?: number;
}

function spawn(): Worker {
  const here = import.meta.url;
  // From source (tests, tsx) the worker is TypeScript and needs tsx's loader; from dist it is JS.
  if (!here.endsWith('.ts')) return new Worker(new URL('./feature-worker.js', here));
  const entry = new URL('./feature-worker.ts', here).href;
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true });
}

const inline = (job: FeatureJob, o: FeatureOptions): Float32Array =>
  extractFeatures('path' in job ? readImageFile(job.path) : decodeImage(job.bytes, job.field), o);

/**
 * The feature vector of every job, in job order. The first failing job (in job order) is thrown
 * as the XinzhiError it raised, as a serial loop would.
 */
export async function extractFeaturesPooled(
  jobs: readonly FeatureJob[],
  o: FeatureOptions,
  opts: FeaturePoolOptions = {},
): Promise<Float32Array[]> {
  const n = Math.max(
    1,
    Math.min(opts.workers ?? Math.min(4, availableParallelism()), Math.ceil(jobs.length / 2)),
  );
  if (n <= 1 || jobs.length < (opts.minBatch ?? 8)) return jobs.map((j) => inline(j, o));
  const results: Array<Float32Array | undefined> = new Array(jobs.length);
  const errors: Array<XinzhiError | undefined> = new Array(jobs.length);
  const workers: Worker[] = [];
  let next = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      let done = 0;
      const feed = (w: Worker): void => {
        if (next >= jobs.length) return;
        const i = next++;
        const msg: FeatureJobMessage = { i, job: jobs[i]!, options: o };
        w.postMessage(msg);
      };
      for (let k = 0; k < n; k++) {
        const w = spawn();
        workers.push(w);
        w.on('message', (m: FeatureResultMessage) => {
          if ('features' in m) results[m.i] = m.features;
          else
            errors[m.i] = new XinzhiError(m.error.code, m.error.message, {
              ...(m.error.field === undefined ? {} : { field: m.error.field }),
            });
          done++;
          if (done === jobs.length) resolve();
          else feed(w);
        });
        w.on('error', reject);
        w.on('exit', (code) => {
          if (done < jobs.length) reject(new Error(`feature worker exited with code ${code}`));
        });
        feed(w);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  const bad = errors.findIndex((e) => e !== undefined);
  if (bad >= 0) throw errors[bad]!;
  return results as Float32Array[];
}
