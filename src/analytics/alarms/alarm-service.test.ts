import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from '../../store/index.js';
import type { Transition } from './alarm.js';
import { createAlarmService } from './alarm-service.js';
import { createWebhookNotifier } from './webhook.js';

const body = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve) => {
    let s = '';
    req.on('data', (c) => {
      s += c;
    });
    req.on('end', () => resolve(s));
  });

describe('webhook notifier against a local HTTP server', () => {
  const received: unknown[] = [];
  let failuresLeft = 0;
  let rejectAll = false;
  let url = '';
  const server = createServer(async (req, res) => {
    const text = await body(req);
    if (rejectAll) {
      res.writeHead(400).end();
      return;
    }
    if (failuresLeft > 0) {
      failuresLeft--;
      res.writeHead(503).end();
      return;
    }
    received.push({ method: req.method, type: req.headers['content-type'], json: JSON.parse(text) });
    res.writeHead(204).end();
  });
  beforeAll(async () => {
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const t = {
    kind: 'raised',
    notify: true,
    alarm: { key: 's|hi', source: 's', condition: 'hi', severity: 'major' },
  } as unknown as Transition;

  it('POSTs JSON and retries 5xx until it lands', async () => {
    failuresLeft = 2;
    const notify = createWebhookNotifier({ url, retries: 3, sleep: async () => {} });
    const d = await notify(t);
    expect(d).toMatchObject({ ok: true, attempts: 3, status: 204 });
    expect(received.at(-1)).toEqual({
      method: 'POST',
      type: 'application/json',
      json: { type: 'alarm.raised', alarm: t.alarm },
    });
  });
  it('gives up after the retries, and does not retry a 4xx', async () => {
    failuresLeft = 10;
    expect(await createWebhookNotifier({ url, retries: 2, sleep: async () => {} })(t)).toMatchObject({
      ok: false,
      attempts: 3,
      status: 503,
    });
    failuresLeft = 0;
    rejectAll = true;
    expect(await createWebhookNotifier({ url, retries: 5, sleep: async () => {} })(t)).toMatchObject({
      ok: false,
      attempts: 1,
      status: 400,
    });
    rejectAll = false;
  });
  it('reports a refused connection as an error after retrying', async () => {
    const d = await createWebhookNotifier({
      url: 'http://127.0.0.1:1/none',
      retries: 1,
      sleep: async () => {},
    })(t);
    expect(d.ok).toBe(false);
    expect(d.attempts).toBe(2);
    expect(d.error).not.toBeNull();
  });
});

describe('alarm service over the SQLite store', () => {
  let store: Store;
  beforeAll(async () => {
    store = await openSqliteStore(':memory:');
  });
  afterAll(() => store.close());

  it('persists one record per (source, condition), logs events and notifies unless shelved', async () => {
    const sent: string[] = [];
    const svc = createAlarmService({
      store,
      notify: async (t) => {
        sent.push(t.kind);
      },
    });
    const raise = {
      type: 'raise',
      source: 'p/oven/temp',
      condition: 'hi:high',
      severity: 'major',
      message: 'hot',
    } as const;
    await svc.apply({ ...raise, ts: 1000, value: 260 });
    await svc.apply({ ...raise, ts: 2000, value: 265 });
    await svc.apply({ type: 'shelve', key: 'p/oven/temp|hi:high', user: 'op', until: 5000, ts: 2500 });
    await svc.apply({ type: 'clear', source: 'p/oven/temp', condition: 'hi:high', ts: 3000 });
    expect(await svc.list({ open: true })).toHaveLength(1);
    const [a] = await svc.list();
    expect(a).toMatchObject({ state: 'returned-unacknowledged', repeats: 1, value: 265, shelvedBy: 'op' });
    expect(await svc.tick(6000)).toHaveLength(1);
    await svc.apply({ type: 'ack', key: 'p/oven/temp|hi:high', user: 'op', ts: 7000 });
    expect(await svc.list({ open: true })).toHaveLength(0);
    expect(sent).toEqual(['raised', 'repeated', 'shelved', 'unshelved', 'closed']);
    const events = await store.listEvents({ kind: 'alarm.raised' });
    expect(events).toHaveLength(1);
    expect(events[0]?.data).toMatchObject({ key: 'p/oven/temp|hi:high' });
    await expect(svc.apply({ type: 'ack', key: 'nope|x', user: 'op', ts: 1 })).rejects.toThrow(/no alarm/);
  });
});
