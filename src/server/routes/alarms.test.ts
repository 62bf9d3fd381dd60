import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAlarmService } from '../../analytics/index.js';
import { manualClock, silentLogger } from '../../core/index.js';
import { createIngestPipeline } from '../../ingest/index.js';
import { openSqliteStore, type Store } from '../../store/index.js';
import { createServer } from '../app.js';
import { createLiveBus } from '../live/bus.js';
import { observeStore } from '../live/observe-store.js';

const T0 = Date.UTC(2024, 0, 1);
let raw: Store;
beforeEach(async () => {
  raw = await openSqliteStore(':memory:');
});
afterEach(() => raw.close());

function setup() {
  const clock = manualClock(T0);
  const bus = createLiveBus();
  const store = observeStore(raw, bus);
  const pipeline = createIngestPipeline({ store, clock, logger: silentLogger });
  const app = createServer({
    store,
    pipeline,
    clock,
    logger: silentLogger,
    bus,
    auth: { mode: 'none', loopbackOnly: true },
  });
  const call = (method: string, path: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return { call, clock, store };
}

describe('alarm routes', () => {
  it('lists, acknowledges, shelves and unshelves', async () => {
    const { call, clock, store } = setup();
    await createAlarmService({ store }).apply({
      type: 'raise',
      source: 'p/oven/temp',
      condition: 'limit:high',
      severity: 'major',
      message: 'hot',
      value: 260,
      ts: T0,
    });
    const key = 'p/oven/temp|limit:high';
    const list = (await (await call('GET', '/api/v1/alarms?open=true')).json()) as {
      alarms: { key: string }[];
    };
    expect(list.alarms.map((a) => a.key)).toEqual([key]);
    clock.advance(1000);
    const acked = await call('POST', '/api/v1/alarms/ack', { key, user: 'ana' });
    expect(acked.status).toBe(200);
    expect(await acked.json()).toMatchObject({ state: 'acknowledged', ackedBy: 'ana' });
    const shelved = await (await call('POST', '/api/v1/alarms/shelve', { key, minutes: 30 })).json();
    expect(shelved).toMatchObject({ shelvedBy: 'open' });
    expect((shelved as { shelvedUntil: number }).shelvedUntil).toBeGreaterThan(T0);
    expect(await (await call('POST', '/api/v1/alarms/unshelve', { key })).json()).toMatchObject({
      shelvedUntil: null,
    });
  });
  it('names bad input and unknown alarms', async () => {
    const { call } = setup();
    const bad = await call('POST', '/api/v1/alarms/shelve', { key: 'x|y', minutes: -1 });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/minutes/);
    expect((await call('POST', '/api/v1/alarms/ack', { key: 'nope|x' })).status).toBe(404);
    expect((await call('GET', '/api/v1/alarms?open=maybe')).status).toBe(400);
  });
});
