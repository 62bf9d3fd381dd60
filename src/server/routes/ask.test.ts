import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tinyAddressModel } from '../../domains/ask/address.fixture.js';
import { ask } from '../../domains/index.js';
import { openSqliteStore, type Store } from '../../store/index.js';
import { createApiKey } from '../auth/api-key.js';
import { createTestApp } from '../test-app.fixture.js';

const T0 = Date.UTC(2026, 11, 5, 1, 30);
let raw: Store;
beforeEach(async () => {
  raw = await openSqliteStore(':memory:');
});
afterEach(() => raw.close());

const tagger = ask.crfAddressTagger(tinyAddressModel());
const setup = (extra: Parameters<typeof createTestApp>[1] = {}) =>
  createTestApp(raw, { now: T0, web: false, ask: { tagger: () => tagger }, ...extra });

describe('ask routes', () => {
  it('parses an order, highlights it and drafts a planner order through the gazetteer', async () => {
    const { call } = setup();
    const r = await call('POST', '/api/v1/ask', {
      text: '明天上午送20箱牛奶到苏州市工业园区星湖街328号',
      now: '2026-12-05T09:30:00+08:00',
    });
    expect(r.status).toBe(200);
    const body = r.body;
    expect(body.result).toMatchObject({
      kind: 'delivery',
      items: [{ goods: '牛奶', quantity: 20, unit: '箱' }],
    });
    expect(body.highlights.some((h: { field: string }) => h.field === 'address')).toBe(true);
    expect(body.order).toMatchObject({ demand: 200, geocode: { precision: 'road', matched: '星湖街' } });
    expect(body.order.window).toEqual([
      Date.parse('2026-12-06T08:00:00+08:00'),
      Date.parse('2026-12-06T12:00:00+08:00'),
    ]);
    expect(body.explanation.join(' ')).toMatch(/counted as 10 kg each/);
  });

  it('drafts a field job for the scheduler', async () => {
    const { call } = setup();
    const r = await call('POST', '/api/v1/ask', {
      text: '周日之前把11号地50亩翻完',
      now: '2026-12-11T08:00:00+08:00',
    });
    expect(r.status).toBe(200);
    expect(r.body.job).toMatchObject({ type: 'till', field: '11号地', hours: 5, latest: '2026-12-13' });
  });

  it('schedules a confirmed field job with the field-operation scheduler', async () => {
    const { call } = setup();
    const r = await call('POST', '/api/v1/ask/field-schedule', {
      from: '2026-12-11',
      jobs: [{ id: 'j1', type: 'till', field: '11号地', hours: 5, latest: '2026-12-13' }],
    });
    expect(r.status).toBe(200);
    expect(r.body.schedule.jobs[0]).toMatchObject({ id: 'j1', state: 'on-time' });
    expect(r.body.explanation[0]).toMatch(/calm, dry days assumed/);
    const bad = await call('POST', '/api/v1/ask/field-schedule', {
      from: '2026-12-11',
      jobs: [{ id: 'j', type: 'dance', hours: 1 }],
    });
    expect(bad.status).toBe(400);
    const none = await call('POST', '/api/v1/ask/field-schedule', { from: 'soon', jobs: [] });
    expect(none.status).toBe(400);
  });

  it('refuses malformed bodies with 400 problems naming the field', async () => {
    const { call, request } = setup();
    for (const body of [
      {},
      { text: '' },
      { text: 'x'.repeat(ask.MAX_INSTRUCTION_CHARS + 1) },
      { text: 'a\u0000b' },
      { text: '送10箱水', now: 'soon' },
      { text: 42 },
    ]) {
      const r = await call('POST', '/api/v1/ask', body);
      expect(r.status, JSON.stringify(body).slice(0, 40)).toBe(400);
    }
    const bad = await request('POST', '/api/v1/ask', '{"text": ');
    expect(bad.status).toBe(400);
    const invalid = await call('POST', '/api/v1/ask', {
      text: '今天天气不错',
      now: '2026-12-05T09:30:00+08:00',
    });
    expect(invalid.status).toBe(200);
    expect(invalid.body.result).toMatchObject({ kind: 'invalid', issue: 'not_instruction' });
  });

  it('needs the plan permission: viewers and devices are refused, operators parse', async () => {
    const { call } = setup({ auth: { mode: 'keys', loopbackOnly: true } });
    const viewer = await createApiKey(raw, { name: 'v', role: 'viewer' }, T0);
    const operator = await createApiKey(raw, { name: 'o', role: 'operator' }, T0);
    const as = (k: { secret: string }) => ({ authorization: `Bearer ${k.secret}` });
    const body = { text: 'Cancel order #A1234', now: '2026-12-08T07:45:00+11:00' };
    expect((await call('POST', '/api/v1/ask', body)).status).toBe(401);
    expect((await call('POST', '/api/v1/ask', body, as(viewer))).status).toBe(403);
    const ok = await call('POST', '/api/v1/ask', body, as(operator));
    expect(ok.status).toBe(200);
    expect(ok.body.result).toMatchObject({ kind: 'delivery', action: 'cancel', target: 'order #A1234' });
    const job = { from: '2026-12-11', jobs: [{ id: 'j1', type: 'scout', hours: 1 }] };
    expect((await call('POST', '/api/v1/ask/field-schedule', job, as(viewer))).status).toBe(403);
  });
});
