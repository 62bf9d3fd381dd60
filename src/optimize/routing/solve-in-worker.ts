/**
 * Runs the hybrid genetic search in a worker thread so a server or CLI stays responsive. From the
 * compiled package the worker is `hgs-worker.js`; from sources (tsx, vitest) it is the `.ts` file
 * loaded through tsx.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { XinzhiError } from '../../core/index.js';
import type { HgsOptions } from './options.js';
import type { RoutingInstance, SolveResult } from './types.js';

const require = createRequire(import.meta.url);

/** URL of tsx's ESM register API (only needed when running from the TypeScript sources). */
function tsxApi(): string {
  const pkgPath = require.resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>;
  };
  return pathToFileURL(join(dirname(pkgPath), pkg.exports['./esm/api']!.import.default)).href;
}

export type WorkerOptions = Partial<Omit<HgsOptions, 'onImprovement'>> & {
  readonly onImprovement?: (cost: number, elapsedS: number) => void;
};

export function solveInWorker(instance: RoutingInstance, options: WorkerOptions = {}): Promise<SolveResult> {
  const js = new URL('./hgs-worker.js', import.meta.url);
  const ts = new URL('./hgs-worker.ts', import.meta.url);
  const compiled = existsSync(fileURLToPath(js));
  const { onImprovement, ...plain } = options;
  const workerData = { instance, options: plain };
  const worker = compiled
    ? new Worker(js, { workerData })
    : new Worker(
        `import(${JSON.stringify(tsxApi())}).then((m) => { m.register(); return import(${JSON.stringify(ts.href)}); });`,
        { eval: true, workerData },
      );
  return new Promise((resolve, reject) => {
    worker.on('message', (m: { type: string; cost?: number; elapsedS?: number; result?: SolveResult }) => {
      if (m.type === 'improvement') onImprovement?.(m.cost!, m.elapsedS!);
      else if (m.type === 'result') {
        resolve(m.result!);
        void worker.terminate();
      }
    });
    worker.on('error', (e) =>
      reject(new XinzhiError('SOLVER_FAILURE', `routing worker failed: ${e.message}`, { cause: e })),
    );
    worker.on('exit', (code) => {
      if (code !== 0) reject(new XinzhiError('SOLVER_FAILURE', `routing worker exited with code ${code}`));
    });
  });
}
