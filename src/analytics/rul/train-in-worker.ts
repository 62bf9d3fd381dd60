/**
 * Runs `trainFromText` in a worker thread (training is CPU-bound for seconds to minutes), so the
 * process stays responsive. From the compiled package the worker is `train-worker.js`; from
 * sources (tsx, vitest) the `.ts` file loaded through tsx, as the routing worker does.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type ErrorCode, XinzhiError } from '../../core/index.js';
import type { TrainTextOptions, TrainTextProgress, TrainTextResult } from './train-text.js';

const require = createRequire(import.meta.url);

function tsxApi(): string {
  const pkgPath = require.resolve('tsx/package.json');
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as {
    exports: Record<string, { import: { default: string } }>;
  };
  return pathToFileURL(join(dirname(pkgPath), pkg.exports['./esm/api']!.import.default)).href;
}

type Message =
  | { type: 'round'; progress: TrainTextProgress }
  | { type: 'result'; result: TrainTextResult }
  | {
      type: 'error';
      error: { code: string; message: string; field?: string; context?: Record<string, unknown> };
    };

export function trainInWorker(
  text: string,
  fileName: string,
  options: TrainTextOptions,
  hooks: { onRound?: (p: TrainTextProgress) => void; signal?: AbortSignal } = {},
): Promise<TrainTextResult> {
  const js = new URL('./train-worker.js', import.meta.url);
  const ts = new URL('./train-worker.ts', import.meta.url);
  const workerData = { text, fileName, options };
  const worker = existsSync(fileURLToPath(js))
    ? new Worker(js, { workerData })
    : new Worker(
        `import(${JSON.stringify(tsxApi())}).then((m) => { m.register(); return import(${JSON.stringify(ts.href)}); });`,
        { eval: true, workerData },
      );
  return new Promise((resolve, reject) => {
    let settled = false;
    const done = (f: () => void) => {
      if (settled) return;
      settled = true;
      hooks.signal?.removeEventListener('abort', onAbort);
      f();
      void worker.terminate();
    };
    const onAbort = () =>
      done(() => reject(hooks.signal?.reason ?? new XinzhiError('CONFLICT', 'training was stopped')));
    if (hooks.signal?.aborted) onAbort();
    hooks.signal?.addEventListener('abort', onAbort);
    worker.on('message', (m: Message) => {
      if (m.type === 'round') hooks.onRound?.(m.progress);
      else if (m.type === 'result') done(() => resolve(m.result));
      else
        done(() =>
          reject(
            new XinzhiError(m.error.code as ErrorCode, m.error.message, {
              ...(m.error.field === undefined ? {} : { field: m.error.field }),
              ...(m.error.context ? { context: m.error.context } : {}),
            }),
          ),
        );
    });
    worker.on('error', (e) =>
      done(() => reject(new XinzhiError('INTERNAL', `training worker failed: ${e.message}`, { cause: e }))),
    );
    worker.on('exit', (code) => {
      if (code !== 0)
        done(() => reject(new XinzhiError('INTERNAL', `training worker exited with code ${code}`)));
    });
  });
}
