/**
 * Worker-thread entry: receives { instance, options }, posts { type: 'improvement' } messages and
 * finally { type: 'result' }. Typed arrays cross the thread boundary by structured clone.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { solveHgs } from './hgs.js';
import type { HgsOptions } from './options.js';
import type { RoutingInstance } from './types.js';

const data = workerData as { instance: RoutingInstance; options: Partial<HgsOptions> };
if (parentPort) {
  const port = parentPort;
  const result = solveHgs(data.instance, {
    ...data.options,
    onImprovement: (cost, elapsedS) => port.postMessage({ type: 'improvement', cost, elapsedS }),
  });
  port.postMessage({ type: 'result', result });
}
