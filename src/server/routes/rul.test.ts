import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRun } from '../../analytics/runs/index.js';
import { silentLogger } from '../../core/index.js';
import { createRulFeed, type RulFeed } from '../../domains/maintenance/index.js';
import { openSqliteStore, type PointWrite, type Store } from '../../store/index.js';
import { createLiveBus } from '../live/bus.js';
import { createTestApp } from '../test-app.fixture.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 5, 1);
const FAILURE = T0 + 7 * HOUR;
const A = 'p/hall/line1/mill-1';

let raw: Store;
let feed: RulFeed | undefined;
beforeEach(async () => {
  raw = await openSqliteStore(':memory:');
});
afterEach(async () => {
  await feed?.close();
  feed = undefined;
  await raw.close();
});

async function setup(writesEvents?: () => boolean) {
  const made = createTestApp(raw, {
    now: T0,
    web: false,
    with: ({ store, bus }) => {
      feed = createRulFeed({ store, bus, logger: silentLogger, ...(writesEvents ? { writesEvents } : {}) });
      return { rul: feed };
    },
  });
  const { store, call } = made;
  for (const [metric, unit] of [
    ['vibration', 'mm/s'],
    ['bearing_temp', 'Cel'],
    ['state', '1'],
  ] as const)
    await store.upsertSeries({ assetId: A, metric, unit });
  if (!feed) throw new Error('no RUL feed');
  await feed.start();
  return { store, call: call<Record<string, unknown>>, feed };
}

/**
 * A mill whose bearing wears from T0 + 1 h and fails at T0 + 7 h (the demo's shape: severity grows
 * exponentially, vibration ×8 and bearing +40 K at failure), one sample a minute, running except
 * for a stop at T0 + 3 h (state 2) that the gate must skip.
 */
function telemetry(fromH: number, toH: number): PointWrite[] {
  const tau = (6 * HOUR) / 4;
  const out: PointWrite[] = [];
  for (let t = T0 + fromH * HOUR; t < T0 + toH * HOUR; t += 60_000) {
    const s = t < T0 + HOUR ? 0 : Math.expm1((t - T0 - HOUR) / tau) / Math.expm1(4);
    const wobble = Math.sin(t / 97_000) * 0.02;
    const stopped = t >= T0 + 3 * HOUR && t < T0 + 3 * HOUR + 10 * 60_000;
    out.push({ seriesId: `${A}/state`, ts: t, value: stopped ? 2 : 1 });
    out.push({ seriesId: `${A}/vibration`, ts: t, value: (stopped ? 5 : 1.2) * (1 + 7 * s) + wobble });
    out.push({ seriesId: `${A}/bearing_temp`, ts: t, value: 45 + 40 * s + wobble });
  }
  return out;
}

const mapping = {
  model: { kind: 'health-index', baselineSamples: 10 },
  series: { [`${A}/vibration`]: 'vibration', [`${A}/bearing_temp`]: 'bearing_temp' },
  gate: { seriesId: `${A}/state`, values: [1] },
  bucketMs: 5 * 60_000,
};
const path = `/api/v1/rul/mappings/${encodeURIComponent(A)}`;

describe('RUL on the live feed', () => {
  it('updates RUL and band as points are stored, suggests a safe stop and raises one alarm before failure', async () => {
    const { store, call, feed } = await setup();
    expect((await call('PUT', path, mapping)).status).toBe(200);
    const pts = telemetry(0, 6.5);
    // stored in ingest-sized batches, as MQTT or HTTP ingest would
    for (let i = 0; i < pts.length; i += 90) await store.writePoints(pts.slice(i, i + 90));
    await feed.idle();

    const one = await call('GET', `/api/v1/rul/status/${encodeURIComponent(A)}`);
    expect(one.status).toBe(200);
    expect(one.body['state']).toBe('alarm');
    const cur = one.body['current'] as {
      ts: number;
      rulMs: number;
      lowMs: number;
      highMs: number;
      latestSafeStop: number;
    };
    expect(cur.rulMs).toBeLessThan(2 * HOUR);
    expect(cur.lowMs).toBeLessThanOrEqual(cur.rulMs);
    expect(cur.latestSafeStop).toBeLessThan(FAILURE);
    const history = one.body['history'] as Array<{ ts: number; rulMs: number | null }>;
    expect(history.length).toBeGreaterThan(50);
    expect(history[0]!.rulMs).toBeNull(); // healthy at first: unbounded
    expect(history.map((h) => h.ts)).toEqual([...history.map((h) => h.ts)].sort((a, b) => a - b));

    const alarms = await raw.listEvents({ kind: 'rul.alarm' });
    expect(alarms).toHaveLength(1);
    expect(alarms[0]!.assetId).toBe(A);
    expect(alarms[0]!.ts).toBeLessThan(FAILURE - HOUR);

    const list = await call('GET', '/api/v1/rul/status');
    expect((list.body['assets'] as Array<{ assetId: string }>).map((a) => a.assetId)).toEqual([A]);
  });

  it('replays stored history when a mapping is put, and does not repeat its alarm on a restart', async () => {
    const { store, call, feed } = await setup();
    await store.writePoints(telemetry(0, 6.5));
    const put = await call('PUT', path, mapping);
    expect(put.status).toBe(200);
    await feed.idle();
    expect(feed.status(A)?.state).toBe('alarm');
    expect(await raw.listEvents({ kind: 'rul.alarm' })).toHaveLength(1);
    // a second put restarts the monitor: same history, the stored alarm is not appended again
    await call('PUT', path, { ...mapping, alarmBelowMs: 2 * HOUR });
    await feed.idle();
    expect(feed.status(A)?.state).toBe('alarm');
    expect(await raw.listEvents({ kind: 'rul.alarm' })).toHaveLength(1);
    // a fresh feed over the same store (server restart) picks the mapping up from the store
    const again = createRulFeed({ store, bus: createLiveBus(), logger: silentLogger });
    await again.start();
    await again.idle();
    expect(again.status(A)?.current?.alarm).toBe(true);
    await again.close();
    expect(await raw.listEvents({ kind: 'rul.alarm' })).toHaveLength(1);
  });

  it('a node not holding the rul lease follows the machine but leaves its events to the holder', async () => {
    const { store, call, feed } = await setup(() => false);
    expect((await call('PUT', path, mapping)).status).toBe(200);
    const pts = telemetry(0, 6.5);
    for (let i = 0; i < pts.length; i += 90) await store.writePoints(pts.slice(i, i + 90));
    await feed.idle();
    expect(feed.status(A)?.state).toBe('alarm');
    expect(await raw.listEvents({ kind: 'rul.alarm' })).toEqual([]);
  });

  it('reports a healthy machine as healthy, with no safe stop and no alarm', async () => {
    const { store, call, feed } = await setup();
    await call('PUT', path, mapping);
    await store.writePoints(telemetry(0, 1));
    await feed.idle();
    const s = (await call('GET', '/api/v1/rul/status')).body['assets'] as Array<Record<string, unknown>>;
    expect(s[0]!['state']).toBe('healthy');
    expect((s[0]!['current'] as { rulMs: null; latestSafeStop: null }).latestSafeStop).toBeNull();
    expect(await raw.listEvents({ kind: 'rul.alarm' })).toHaveLength(0);
  });

  it('rejects bad mappings naming the field, 404s unknown assets, deletes', async () => {
    const { call } = await setup();
    const noSeries = await call('PUT', path, { ...mapping, series: {} });
    expect(noSeries.status).toBe(400);
    expect(JSON.stringify(noSeries.body)).toContain('series');
    const badKind = await call('PUT', path, { ...mapping, model: { kind: 'magic' } });
    expect(badKind.status).toBe(400);
    expect(JSON.stringify(badKind.body)).toContain('model');
    const badBucket = await call('PUT', path, { ...mapping, bucketMs: -5 });
    expect(badBucket.status).toBe(400);
    expect(JSON.stringify(badBucket.body)).toContain('bucketMs');
    expect((await call('PUT', path, '{not json')).status).toBe(400);
    expect((await call('GET', '/api/v1/rul/status/nope')).status).toBe(404);
    expect((await call('DELETE', '/api/v1/rul/mappings/nope')).status).toBe(404);

    // a registered model that does not exist: stored, reported as an error state
    const reg = await call('PUT', path, { ...mapping, model: { kind: 'registry', name: 'missing' } });
    expect(reg.status).toBe(200);
    expect(reg.body['state']).toBe('error');
    expect(String(reg.body['error'])).toContain('missing');
    expect(((await call('GET', '/api/v1/rul/mappings')).body['mappings'] as unknown[]).length).toBe(1);
    expect((await call('DELETE', path)).status).toBe(200);
    expect((await call('GET', '/api/v1/rul/status')).body['assets']).toEqual([]);
  });
});

describe('model registry writes', () => {
  it('registers, promotes and rolls back through the API', async () => {
    const { store, call } = await setup();
    const ids: string[] = [];
    for (const rmse of [12, 11]) {
      const run = await startRun(store, { kind: 'rul', config: { rmse }, data: { fingerprint: 'f' } });
      await run.finish({ evaluation: { rmse }, model: { w: rmse } });
      ids.push(run.id);
    }
    const r1 = await call('POST', '/api/v1/models/m1/versions', { runId: ids[0] });
    expect(r1.status).toBe(200);
    await call('POST', '/api/v1/models/m1/versions', { runId: ids[1] });
    expect((await call('POST', '/api/v1/models/m1/promote', { version: 1 })).body['production']).toBe(1);
    expect((await call('POST', '/api/v1/models/m1/promote', { version: 2 })).body['production']).toBe(2);
    expect((await call('POST', '/api/v1/models/m1/rollback')).body['production']).toBe(1);
    const missing = await call('POST', '/api/v1/models/m1/promote', { version: 9 });
    expect(missing.status).toBe(404);
    const bad = await call('POST', '/api/v1/models/m1/promote', { version: 'two' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('version');
    expect((await call('POST', '/api/v1/models/m1/versions', { runId: 'run-nope' })).status).toBe(404);
  });
});
