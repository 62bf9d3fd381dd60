/**
 * Runs the parsing worker over a file and hands out its batches, ready for `ingestParsed`, in
 * order. The caller closes it (which terminates the worker) when done or on error.
 */
import { Worker } from 'node:worker_threads';
import { XinzhiError } from '../../core/index.js';
import type { RowError } from '../csv/read-csv.js';
import type { ParsedBatch, Rejection } from '../pipeline/create-ingest-pipeline.js';
import type { ParsedReading } from '../pipeline/reading-schema.js';
import type { ParseWorkerInput, WorkerBatchMessage, WorkerMessage } from './worker-protocol.js';

export interface ParallelBatch {
  readonly batch: ParsedBatch;
  readonly errors: RowError[];
  readonly bytesRead: number;
  readonly rows: number;
  /** Tells the worker this batch is consumed (it keeps at most a few ahead). */
  ack(): void;
}

function spawn(input: ParseWorkerInput): Worker {
  const here = import.meta.url;
  // From source (tests, tsx) the worker is TypeScript and needs tsx's loader; from dist it is JS.
  if (!here.endsWith('.ts')) return new Worker(new URL('./parse-worker.js', here), { workerData: input });
  const entry = new URL('./parse-worker.ts', here).href;
  const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData: input });
}

function toBatch(m: WorkerBatchMessage, ids: string[], units: string[]): ParsedBatch {
  const parsed: ParsedReading[] = [];
  for (let i = 0; i < m.n; i++) {
    const k = m.sid[i]!;
    if (k < 0) continue;
    const u = m.unit[i]!;
    parsed.push({
      index: i,
      seriesId: ids[k]!,
      ts: m.ts[i]!,
      value: m.value[i]!,
      unit: u < 0 ? undefined : units[u],
      quality: 0,
    });
  }
  const location = (i: number): string => m.locText.slice(m.locOff[i], m.locOff[i + 1]);
  const rejections: Rejection[] = m.rejections.map((r) => ({
    index: r.index,
    location: location(r.index),
    issues: r.issues,
  }));
  return {
    parsed,
    rejections,
    location,
    raw: (i) => {
      const k = m.rawIdx[i]!;
      return m.rawText.slice(m.rawOff[k], m.rawOff[k + 1]);
    },
    seriesId: (i) => {
      const k = m.sid[i]!;
      return k >= 0 ? ids[k] : undefined;
    },
  };
}

/** A running parsing worker, pulled batch by batch. */
export interface ParallelReader {
  /** True when a batch (or the end, or a failure) is waiting, so `next()` will not block. */
  ready(): boolean;
  /** Batches numbered below `seq` were read elsewhere: the worker skips them, `next()` drops them. */
  skipBelow(seq: number): void;
  /** The next batch in file order, or undefined at the end. */
  next(): Promise<ParallelBatch | undefined>;
  close(): Promise<void>;
}

/**
 * Starts the worker. `onLayout` receives the CSV layout once the worker has read the header.
 */
export function startParallelReader(
  input: ParseWorkerInput,
  onLayout: (m: Extract<WorkerMessage, { type: 'layout' }>) => void,
): ParallelReader {
  const worker = spawn(input);
  const queue: WorkerMessage[] = [];
  let notify: (() => void) | undefined;
  let failure: Error | undefined;
  let finished = false;
  let skip = 0;
  const wake = (): void => {
    notify?.();
    notify = undefined;
  };
  worker.on('message', (m: WorkerMessage) => {
    queue.push(m);
    wake();
  });
  worker.on('error', (e) => {
    failure = e;
    wake();
  });
  worker.on('exit', (code) => {
    if (code !== 0 && !failure && !finished) failure = new Error(`parsing worker exited with code ${code}`);
    wake();
  });
  const ids: string[] = [];
  const units: string[] = [];
  const ack = (): void => worker.postMessage('ack');

  async function next(): Promise<ParallelBatch | undefined> {
    for (;;) {
      if (queue.length === 0) {
        if (failure) throw failure;
        if (finished) return undefined;
        await new Promise<void>((r) => {
          notify = r;
        });
        continue;
      }
      const m = queue.shift()!;
      if (m.type === 'done') {
        finished = true;
        return undefined;
      }
      if (m.type === 'error') {
        finished = true;
        throw new XinzhiError(m.code, m.message, m.field === null ? {} : { field: m.field });
      }
      if (m.type === 'layout') {
        onLayout(m);
        continue;
      }
      // Dictionaries are cumulative: take them even from a batch that is dropped.
      ids.push(...m.newIds);
      units.push(...m.newUnits);
      if (m.seq < skip) {
        ack();
        continue;
      }
      return { batch: toBatch(m, ids, units), errors: m.errors, bytesRead: m.bytesRead, rows: m.rows, ack };
    }
  }

  return {
    ready: () => failure !== undefined || queue.some((m) => m.type !== 'layout'),
    skipBelow(seq) {
      skip = seq;
      worker.postMessage({ skipBelow: seq });
    },
    next,
    async close() {
      finished = true;
      await worker.terminate();
    },
  };
}
