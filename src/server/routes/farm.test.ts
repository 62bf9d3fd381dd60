import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock, silentLogger } from '../../core/index.js';
import {
  NORTH_FIELD_NOW,
  NORTH_FIELD_PARAMS,
  seedNorthField,
} from '../../domains/agriculture/store-fed/north-field.fixture.js';
import { createIngestPipeline } from '../../ingest/index.js';
import { openSqliteStore, type Store } from '../../store/index.js';
import { createServer } from '../app.js';
import { createLiveBus } from '../live/bus.js';
import { observeStore } from '../live/observe-store.js';

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field below
type Json = any;
const NOW = NORTH_FIELD_NOW;
let raw: Store;
beforeEach(async () => {
  raw = await openSqliteStore(':memory:');
  await seedNorthField(raw);
});
afterEach(async () => {
  await raw.close();
});

function app(store: Store) {
  const bus = createLiveBus();
  const s = observeStore(store, bus);
  const clock = manualClock(NOW);
  return createServer({
    store: s,
    pipeline: createIngestPipeline({ store: s, clock, logger: silentLogger }),
    clock,
    logger: silentLogger,
    bus,
    auth: { mode: 'none', loopbackOnly: true },
    web: false,
  });
}

const params = NORTH_FIELD_PARAMS;

describe('farm API', () => {
  it('stores settings, then serves the water balance, schedule, degree days and alarms', async () => {
    const a = app(raw);
    const q = '?field=farm%2Fnorth';
    const bad = await a.request(`/api/v1/farm/field/params${q}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...params, soil: 'moon-dust' }),
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Json).detail).toContain('soil');
    const put = await a.request(`/api/v1/farm/field/params${q}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(params),
    });
    expect(put.status).toBe(200);
    const list = (await (await a.request('/api/v1/farm/fields')).json()) as Json;
    expect(list.fields).toEqual([
      { id: 'farm/north', name: 'North', crop: 'barley', zones: ['farm/north/zone-1'] },
    ]);

    const check = (await (
      await a.request(`/api/v1/farm/field/pest-check${q}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
      })
    ).json()) as Json;
    expect(check.raised).toHaveLength(1);
    const res = await a.request(`/api/v1/farm/field${q}&method=greedy&days=5`);
    expect(res.status).toBe(200);
    const f = (await res.json()) as Json;
    expect(f.today).toBe('2026-06-21');
    expect(f.history).toHaveLength(14);
    // Humidity, radiation and wind absent: each ET0 day names the FAO-56 procedures used.
    expect(f.history[0].estimated).toHaveLength(3);
    // 24 % against 36 % FC over 0.3 m is 36 mm depleted (RAW ≈ 37 mm with p = 0.55 on 67.5 mm TAW).
    expect(f.history.at(-1).taw).toBeCloseTo(67.5, 6);
    expect(f.plan).toHaveLength(5);
    expect(f.schedule.events.length).toBeGreaterThan(0);
    expect(f.schedule.calendar).toBeDefined();
    expect(f.degreeDays.models[0].cumulative).toBeCloseTo(240, 6);
    expect(f.degreeDays.models[0].thresholds[0].degreeDays).toBeCloseTo(170, 6);
    expect(f.alarms).toHaveLength(1);
    expect(f.alarms[0].severity).toBe('critical');
  });

  it('names unknown fields and bad query values', async () => {
    const a = app(raw);
    expect((await a.request('/api/v1/farm/field?field=farm%2Fnone')).status).toBe(404);
    expect((await a.request('/api/v1/farm/field?field=farm%2Fnorth&days=0')).status).toBe(400);
    const doc = (await (await a.request('/api/openapi.json')).json()) as Json;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/farm/fields', '/api/v1/farm/field', '/api/v1/farm/field/params']),
    );
  });
});
