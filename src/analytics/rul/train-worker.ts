/**
 * Worker-thread entry of `trainInWorker`: receives { text, fileName, options }, posts
 * { type: 'round' } messages (every 10th round and the last) and finally { type: 'result' } or
 * { type: 'error' } with the error's code, message and field.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { XinzhiError } from '../../core/index.js';
import { type TrainTextOptions, trainFromText } from './train-text.js';

const data = workerData as { text: string; fileName: string; options: TrainTextOptions };
if (parentPort) {
  const port = parentPort;
  trainFromText(data.text, data.fileName, data.options, (p) => {
    if (p.round % 10 === 0 || p.round === p.rounds) port.postMessage({ type: 'round', progress: p });
  }).then(
    (r) => port.postMessage({ type: 'result', result: r }),
    (e: unknown) =>
      port.postMessage({
        type: 'error',
        error:
          e instanceof XinzhiError
            ? { code: e.code, message: e.message, field: e.field, context: e.context }
            : { code: 'INTERNAL', message: (e as Error).message ?? String(e) },
      }),
  );
}
