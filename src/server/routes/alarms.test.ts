import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAlarmService } from '../../analytics/index.js';
import { openSqliteStore, type Store } from '../../store/index.js';
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
});
