import { VirtualScheduler } from '../../control/index.js';
import { silentLogger } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { createTestApp } from '../test-app.fixture.js';
import { createLoopManager, type NodeWrite } from './wiring.js';

export interface LoopAppOptions {
  /** Where the virtual scheduler starts. */
  readonly t0: number;
  readonly authMode?: 'none' | 'keys';
  /** How loop outputs reach OPC UA nodes; default none wired. */
  readonly writeNode?: NodeWrite;
}

/**
 * The test app with a loop manager whose clock and timer are one virtual scheduler, so a test
 * advances loop time by hand; no MQTT broker.
 */
export function createLoopTestApp(raw: Store, options: LoopAppOptions) {
  const { t0, authMode = 'none', writeNode } = options;
  const sched = new VirtualScheduler(t0);
  let loops: ReturnType<typeof createLoopManager> | undefined;
  const app = createTestApp(raw, {
    clock: sched,
    auth: { mode: authMode, loopbackOnly: true },
    with: ({ store, bus }) => {
      loops = createLoopManager({
        store,
        bus,
        clock: sched,
        logger: silentLogger,
        getBroker: () => undefined,
        timer: sched,
        ...(writeNode ? { writeNode } : {}),
      });
      return { loops };
    },
  });
  if (!loops) throw new Error('no loop manager');
  return { ...app, sched, loops };
}
