/**
 * Test helper: the HTTP app over a store the way the route tests build it (live bus over the
 * store, an ingest pipeline, a manual clock, silent logs, no auth unless asked) and two ways to
 * call it: `request` gives the raw Response, `call` the status and parsed JSON body.
 */
import { type Clock, manualClock, silentLogger } from '../core/index.js';
import { type CleaningPipeline, createIngestPipeline } from '../ingest/index.js';
import type { Store } from '../store/index.js';
import { type CreateServerOptions, createServer } from './app.js';
import { createLiveBus, type LiveBus } from './live/bus.js';
import { observeStore } from './live/observe-store.js';

type Extra = Partial<Omit<CreateServerOptions, 'store' | 'pipeline' | 'clock' | 'logger' | 'bus'>>;

type ManualClock = ReturnType<typeof manualClock>;

export type TestAppOptions<C extends Clock = ManualClock> = Extra & {
  /** The manual clock's start (default 2024-01-01T00:00Z); ignored when `clock` is given. */
  readonly now?: number;
  /** Default a manual clock at `now`. */
  readonly clock?: C;
  /** Options that need the observed store or the bus, e.g. a loop manager or RUL feed over them. */
  readonly with?: (deps: { store: Store; bus: LiveBus; clock: C }) => Extra;
};

export type Request = (
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Response | Promise<Response>;

export function createTestApp<C extends Clock = ManualClock>(raw: Store, options: TestAppOptions<C> = {}) {
  const { now = Date.UTC(2024, 0, 1), clock: given, with: more, ...extra } = options;
  const clock = (given ?? manualClock(now)) as C;
  const bus = createLiveBus();
  const store = observeStore(raw, bus);
  const pipeline: CleaningPipeline = createIngestPipeline({ store, clock, logger: silentLogger });
  const app = createServer({
    store,
    pipeline,
    clock,
    logger: silentLogger,
    bus,
    auth: { mode: 'none', loopbackOnly: true },
    ...extra,
    ...more?.({ store, bus, clock }),
  });
  /** A JSON request; a string or byte body is sent as it is (malformed JSON, multipart uploads). */
  const request: Request = (method, path, body, headers = {}) =>
    app.request(path, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      ...(body === undefined
        ? {}
        : {
            body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
          }),
    });
  /** `request`, then the status and the JSON body (`{}` when the body is empty). */
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON and narrow it with assertions
  const call = async <T = any>(...args: Parameters<Request>): Promise<{ status: number; body: T }> => {
    const res = await request(...args);
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
  };
  return { app, store, bus, clock, pipeline, request, call };
}
