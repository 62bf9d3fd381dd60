/**
 * Worker-thread entry: loads HiGHS once for the thread's lifetime and answers solve requests one
 * at a time. Started by `solveInWorker`; not imported by anything else.
 */
import { parentPort } from 'node:worker_threads';
import type { SolveOptions } from '../options.js';
import type { LinearProgram } from './program.js';
import { Solver } from './solver.js';

export interface WorkerRequest {
  readonly id: number;
  readonly program: LinearProgram;
  readonly options: SolveOptions;
}

const port = parentPort;
if (port) {
  const solver = Solver.load();
  port.on('message', async (req: WorkerRequest) => {
    try {
      const result = (await solver).solve(req.program, req.options);
      port.postMessage({ id: req.id, ok: true, result });
    } catch (e) {
      const err = e as { code?: string; message?: string };
      port.postMessage({
        id: req.id,
        ok: false,
        code: err.code ?? 'SOLVER_FAILURE',
        message: err.message ?? String(e),
      });
    }
  });
}
