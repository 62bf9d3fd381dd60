/**
 * Worker-thread entry of the feature pool (feature-pool.ts): decodes an image (from a file or from
 * bytes) and extracts its feature vector with the very same code the main thread runs, so a
 * prediction made from these features is the one a serial run makes. One job at a time; the
 * vector goes back transferred, an error as its code, message and field.
 */
import { parentPort } from 'node:worker_threads';
import { isXinzhiError } from '../../core/index.js';
import { readImageFile } from './dataset.js';
import { decodeImage } from './decode.js';
import type { FeatureJobMessage, FeatureResultMessage } from './feature-protocol.js';
import { extractFeatures } from './features.js';

const port = parentPort!;
port.on('message', (m: FeatureJobMessage) => {
  let out: FeatureResultMessage;
  try {
    const img = 'path' in m.job ? readImageFile(m.job.path) : decodeImage(m.job.bytes, m.job.field);
    const features = extractFeatures(img, m.options);
    out = { i: m.i, features };
    port.postMessage(out, [features.buffer as ArrayBuffer]);
    return;
  } catch (e) {
    out = {
      i: m.i,
      error: {
        code: isXinzhiError(e) ? e.code : 'INTERNAL',
        message: (e as Error).message,
        ...(isXinzhiError(e) && e.field !== undefined ? { field: e.field } : {}),
      },
    };
  }
  port.postMessage(out);
});
