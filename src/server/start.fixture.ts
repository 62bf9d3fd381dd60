/**
 * Test and benchmark helper: `startServer` the way they run it, quiet, with the real cleaning
 * pipeline on the wall clock and an HTTP port the OS picks. Everything given overrides these; the
 * store stays the caller's to close.
 */
import { silentLogger } from '../core/index.js';
import { createIngestPipeline } from '../ingest/index.js';
import type { Store } from '../store/index.js';
import { type ServerHandle, type StartServerOptions, startServer } from './start.js';

export function startTestServer(
  options: Partial<StartServerOptions> & { readonly store: Store },
): Promise<ServerHandle> {
  return startServer({
    logger: silentLogger,
    createPipeline: (s) =>
      createIngestPipeline({ store: s, clock: { now: () => Date.now() }, logger: silentLogger }),
    port: 0,
    ...options,
  });
}
