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
import { DEFAULT_FEATURES, extractFeatures, type FeatureOptions } from './features.js';
import { encodePng } from './synthetic.js';

export type { FeatureJob } from './feature-protocol.js';

export interface FeaturePoolOptions {
  /** Worker threads; default the machine's parallelism, at most 4. 1 runs on the calling thread. */
  readonly workers?: number;
  /** Fewer images than this run on the calling thread. Default 8. */
  readonly minBatch?: number;
}

const IN_FLIGHT = 3;

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

/** Worker threads kept for several batches (the eval; a long-running caller). */
export interface FeaturePool {
  readonly size: number;
  /** The feature vector of every job, in job order; batches run one after another. */
  extract(jobs: readonly FeatureJob[], o: FeatureOptions): Promise<Float32Array[]>;
  /** Waits until every worker has loaded its code (so timing a batch leaves start-up out). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

export function createFeaturePool(size: number): FeaturePool {
  const workers = Array.from({ length: Math.max(1, size) }, spawn);
  type Batch = {
    jobs: readonly FeatureJob[];
    o: FeatureOptions;
    next: number;
    done: number;
    results: Array<Float32Array | undefined>;
    errors: Array<XinzhiError | undefined>;
    resolve: () => void;
    reject: (e: Error) => void;
  };
  let current: Batch | undefined;
  let failure: Error | undefined;
  let closing = false;
  const feed = (w: Worker): void => {
    const b = current;
    if (!b || b.next >= b.jobs.length) return;
    const i = b.next++;
    const msg: FeatureJobMessage = { i, job: b.jobs[i]!, options: b.o };
    w.postMessage(msg);
  };
  const fail = (e: Error): void => {
    failure ??= e;
    current?.reject(e);
  };
  for (const w of workers) {
    w.on('message', (m: FeatureResultMessage) => {
      const b = current;
      if (!b) return;
      if ('features' in m) b.results[m.i] = m.features;
      else
        b.errors[m.i] = new XinzhiError(m.error.code, m.error.message, {
          ...(m.error.field === undefined ? {} : { field: m.error.field }),
        });
      b.done++;
      if (b.done === b.jobs.length) b.resolve();
      else feed(w);
    });
    w.on('error', fail);
    w.on('exit', (code) => {
      if (!closing) fail(new Error(`feature worker exited with code ${code}`));
    });
  }
  let chain: Promise<unknown> = Promise.resolve();
  const run = (jobs: readonly FeatureJob[], o: FeatureOptions): Promise<Float32Array[]> =>
    new Promise<void>((resolve, reject) => {
      if (failure) {
        reject(failure);
        return;
      }
      current = {
        jobs,
        o,
        next: 0,
        done: 0,
        results: new Array(jobs.length),
        errors: new Array(jobs.length),
        resolve,
        reject,
      };
      if (jobs.length === 0) resolve();
      // A few jobs in flight per worker, so a worker never idles waiting for the main thread to
      // be scheduled (on a loaded machine that wait is long).
      else for (let k = 0; k < IN_FLIGHT; k++) for (const w of workers) feed(w);
    }).then(() => {
      const b = current!;
      current = undefined;
      const bad = b.errors.findIndex((e) => e !== undefined);
      if (bad >= 0) throw b.errors[bad]!;
      return b.results as Float32Array[];
    });
  return {
    size: workers.length,
    extract(jobs, o) {
      const r = chain.then(() => run(jobs, o));
      chain = r.catch(() => undefined);
      return r;
    },
    async ready() {
      // A tiny PNG per worker: returns once each has loaded its modules.
      const tiny = encodePng({ width: 16, height: 16, data: new Uint8Array(16 * 16 * 4).fill(128) });
      await this.extract(
        workers.map((_, i) => ({ bytes: tiny, field: `warm-up ${i}` })),
        DEFAULT_FEATURES,
      );
    },
    async close() {
      closing = true;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/**
 * The feature vector of every job, in job order, on a pool started for this batch. The first
 * failing job (in job order) is thrown as the XinzhiError it raised, as a serial loop would.
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
  const pool = createFeaturePool(n);
  try {
    return await pool.extract(jobs, o);
  } finally {
    await pool.close();
  }
}
