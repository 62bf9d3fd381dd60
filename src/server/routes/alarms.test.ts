import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAlarmService } from '../../analytics/index.js';
import { openSqliteStore, type Store } from '../../store/index.js';
import { createApiKey } from '../auth/api-key.js';
import { createTestApp } from '../test-app.fixture.js';

const T0 = Date.UTC(2024, 0, 1);
let raw: Store;
beforeEach(async () => {
  raw = await openSqliteStore(':memory:');
});
afterEach(() => raw.close());

const setup = () => createTestApp(raw, { now: T0 });

describe('alarm routes', () => {
  it('lists, acknowledges, shelves and unshelves', async () => {
    const { request: call, clock, store } = setup();
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
    // The authenticated principal acknowledges (here the open server); 'ana' is only a comment.
    expect(await acked.json()).toMatchObject({ state: 'acknowledged', ackedBy: 'open' });
    expect((await store.listAudit({ limit: 1 }))[0]).toMatchObject({ comment: 'client-supplied name: ana' });
    const shelved = await (await call('POST', '/api/v1/alarms/shelve', { key, minutes: 30 })).json();
    expect(shelved).toMatchObject({ shelvedBy: 'open' });
    expect((shelved as { shelvedUntil: number }).shelvedUntil).toBeGreaterThan(T0);
    expect(await (await call('POST', '/api/v1/alarms/unshelve', { key })).json()).toMatchObject({
      shelvedUntil: null,
    });
  });
  it('names bad input and unknown alarms', async () => {
    const { request: call } = setup();
    const bad = await call('POST', '/api/v1/alarms/shelve', { key: 'x|y', minutes: -1 });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toMatch(/minutes/);
    expect((await call('POST', '/api/v1/alarms/ack', { key: 'nope|x' })).status).toBe(404);
    expect((await call('GET', '/api/v1/alarms?open=maybe')).status).toBe(400);
  });

  it('computes KPIs from the stored alarm events, for readers only, and names a bad query field', async () => {
    const { call, store } = createTestApp(raw, {
      now: T0 + 3_600_000,
      auth: { mode: 'keys', loopbackOnly: true },
    });
    const alarms = createAlarmService({ store });
    for (let i = 0; i < 3; i++) {
      await alarms.apply({
        type: 'raise',
        source: 'p/a/v',
        condition: 'limit:high',
        severity: 'major',
        message: 'hi',
        ts: T0 + i * 10_000,
      });
      await alarms.apply({
        type: 'clear',
        source: 'p/a/v',
        condition: 'limit:high',
        ts: T0 + i * 10_000 + 5000,
      });
    }
    await alarms.apply({
      type: 'raise',
      source: 'p/b/v',
      condition: 'missing',
      severity: 'major',
      message: 'x',
      ts: T0 - 7_200_000,
    });
    const viewer = await createApiKey(raw, { name: 'v', role: 'viewer' }, T0);
    const device = await createApiKey(raw, { name: 'd', role: 'device', asset: 'p/a' }, T0);
    const as = (k: { secret: string }) => ({ authorization: `Bearer ${k.secret}` });
    const ok = await call(
      'GET',
      `/api/v1/alarms/kpis?from=${T0}&to=${T0 + 3_600_000}`,
      undefined,
      as(viewer),
    );
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      annunciated: 3,
      perHour: 3,
      peak10Min: { count: 3 },
      chattering: [{ key: 'p/a/v|limit:high', maxPerMinute: 3 }],
      topBadActors: [{ key: 'p/a/v|limit:high', count: 3 }],
      standing: [{ key: 'p/b/v|missing', stale: false }],
      meets: { perHour: true, noChattering: false },
    });
    expect((await call('GET', '/api/v1/alarms/kpis', undefined, as(device))).status).toBe(403);
    const bad = await call('GET', '/api/v1/alarms/kpis?from=soon', undefined, as(viewer));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/from/);
    const badConsoles = await call('GET', '/api/v1/alarms/kpis?consoles=0', undefined, as(viewer));
    expect(badConsoles.status).toBe(400);
    expect(JSON.stringify(badConsoles.body)).toMatch(/consoles/);
    const reversed = await call('GET', `/api/v1/alarms/kpis?from=${T0}&to=${T0 - 1}`, undefined, as(viewer));
    expect(reversed.status).toBe(400);
  });
});
