/** Shared setup for integration tests: a real server on free ports over an in-memory or file store. */
import mqtt from 'mqtt';
import type { ServerHandle, StartServerOptions } from '../../src/server/index.js';
import { startTestServer } from '../../src/server/start.fixture.js';
import { openSqliteStore, type Store } from '../../src/store/index.js';

export interface Running {
  readonly handle: ServerHandle;
  readonly store: Store;
  stop(): Promise<void>;
}

export async function runServer(
  overrides: Partial<StartServerOptions> & { db?: string; wrap?: (s: Store) => Store } = {},
): Promise<Running> {
  const raw = await openSqliteStore(overrides.db ?? ':memory:');
  const store = overrides.wrap ? overrides.wrap(raw) : raw;
  const handle = await startTestServer({
    store,
    mqttPort: 0,
    ...overrides,
  });
  return {
    handle,
    store: raw,
    async stop() {
      await handle.close();
      await raw.close();
    },
  };
}

/** Polls until `fn` returns a truthy value or the timeout passes. */
export async function until<T>(
  fn: () => Promise<T | undefined | false>,
  timeoutMs = 5000,
  everyMs = 20,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** MQTT clients a test opens (no reconnecting), all ended by `endAll` after it. */
export function mqttClients(): {
  connect(url: string, opts?: mqtt.IClientOptions): Promise<mqtt.MqttClient>;
  endAll(): Promise<void>;
} {
  const clients: mqtt.MqttClient[] = [];
  return {
    async connect(url, opts = {}) {
      const c = await mqtt.connectAsync(url, { reconnectPeriod: 0, ...opts });
      clients.push(c);
      return c;
    },
    async endAll() {
      await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
    },
  };
}

/** The latest value of a series, or undefined while the series does not exist yet. */
export async function latestValue(store: Store, id: string): Promise<number | undefined> {
  if (!(await store.getSeries(id))) return undefined;
  return (await store.latest([id])).get(id)?.value;
}
