import { Worker } from 'node:worker_threads';
import { isErrorCode, XinzhiError } from '../../core/index.js';
import type { SolveOptions } from '../options.js';
import type { LinearProgram } from './program.js';
import type { SolveResult } from './solve-result.js';

interface Pending {
  readonly resolve: (r: SolveResult) => void;
  readonly reject: (e: Error) => void;
  readonly timer: NodeJS.Timeout | undefined;
}

/**
 * Seconds allowed beyond a solve's own time limit before the worker is terminated: HiGHS checks
 * its clock between iterations, so a well-behaved solve never needs this; it guards the server
 * against a stuck one.
 */
const GRACE_SECONDS = 10;

/**
 * A worker thread that owns one HiGHS runtime (loaded once) and solves requests in order, so the
 * caller's event loop never blocks. The worker is unreferenced while idle: it does not keep the
 * process alive.
 */
export class SolverWorker {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  solve(program: LinearProgram, options: SolveOptions = {}): Promise<SolveResult> {
    const w = this.ensure();
    const id = this.nextId++;
    return new Promise<SolveResult>((resolve, reject) => {
      const limit = options.timeLimit;
      const timer =
        limit !== undefined && Number.isFinite(limit)
          ? setTimeout(
              () => this.kill(new XinzhiError('TIMEOUT', `solve exceeded its ${limit} s time limit`)),
              (limit + GRACE_SECONDS) * 1000,
            )
          : undefined;
      this.pending.set(id, { resolve, reject, timer });
      w.ref();
      w.postMessage({ id, program, options });
    });
  }

  /** Stops the thread; pending solves are rejected. */
  async close(): Promise<void> {
    const w = this.worker;
    this.kill(new XinzhiError('SOLVER_FAILURE', 'solver worker closed'));
    if (w) await w.terminate();
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    // Under tsx/vitest this module is TypeScript; the built package ships the .js file.
    const isTs = import.meta.url.endsWith('.ts');
    const url = new URL(isTs ? './solver-worker.ts' : './solver-worker.js', import.meta.url);
    const w = isTs
      ? new Worker(
          "import('tsx/esm/api').then((t) => { t.register(); return import(require('node:worker_threads').workerData); })",
          { eval: true, workerData: url.href },
        )
      : new Worker(url);
    w.on(
      'message',
      (msg: { id: number; ok: boolean; result?: SolveResult; code?: string; message?: string }) => {
        const p = this.pending.get(msg.id);
        if (!p) return;
        this.pending.delete(msg.id);
        if (p.timer) clearTimeout(p.timer);
        if (msg.ok && msg.result) p.resolve(msg.result);
        else
          p.reject(
            new XinzhiError(
              isErrorCode(msg.code) ? msg.code : 'SOLVER_FAILURE',
              msg.message ?? 'solve failed',
            ),
          );
        if (this.pending.size === 0) w.unref();
      },
    );
    w.on('error', (e) =>
      this.kill(new XinzhiError('SOLVER_FAILURE', `solver worker failed: ${e.message}`, { cause: e })),
    );
    w.on('exit', () => {
      if (this.worker === w) this.worker = undefined;
    });
    w.unref();
    this.worker = w;
    return w;
  }

  private kill(reason: Error): void {
    const w = this.worker;
    this.worker = undefined;
    for (const [, p] of this.pending) {
      if (p.timer) clearTimeout(p.timer);
      p.reject(reason);
    }
    this.pending.clear();
    if (w) void w.terminate();
  }
}

let shared: SolverWorker | undefined;

/**
 * Solves on the process's shared solver worker (created on first use).
 *
 * @example
 *   const result = await solveInWorker(program, { timeLimit: 30 });
 */
export function solveInWorker(program: LinearProgram, options: SolveOptions = {}): Promise<SolveResult> {
  shared ??= new SolverWorker();
  return shared.solve(program, options);
}
