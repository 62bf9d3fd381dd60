/**
 * The OpenAPI document exactly as `GET /api/openapi.json` serves it, produced in-process: the app
 * is built over an empty in-memory store and asked for it, so no server, port or data is needed.
 * The dashboard's client types are generated from this (`npm run api:gen`) and a test compares
 * them with the committed file.
 */
import { manualClock, silentLogger } from '../core/index.js';
import { createIngestPipeline } from '../ingest/index.js';
import { openSqliteStore } from '../store/index.js';
import { createServer } from './app.js';
import { createLiveBus } from './live/bus.js';

export async function openApiDocument(): Promise<Record<string, unknown>> {
  const store = await openSqliteStore(':memory:');
  try {
    const clock = manualClock(0);
    const app = createServer({
      store,
      pipeline: createIngestPipeline({ store, clock, logger: silentLogger }),
      clock,
      logger: silentLogger,
      bus: createLiveBus(),
      auth: { mode: 'none', loopbackOnly: true },
      web: false,
    });
    const res = await app.request('http://localhost/api/openapi.json');
    if (!res.ok) throw new Error(`GET /api/openapi.json answered ${res.status}`);
    return (await res.json()) as Record<string, unknown>;
  } finally {
    await store.close();
  }
}
