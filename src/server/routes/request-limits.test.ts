/**
 * Issue 13 over HTTP: bad items of a batch are rejected one by one (M4), bodies are limited per
 * route (M3), deep JSON is a 400 (low), new series per request are capped (H2), and a large batch
 * yields to the event loop so `/health` answers while it is being written (M7).
 */
import { describe, expect, it } from 'vitest';
import { resolveLimits } from '../../core/index.js';
import { openSqliteStore, type Store } from '../../store/index.js';
import { createTestApp } from '../test-app.fixture.js';

const T0 = Date.UTC(2023, 11, 31, 23);
const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;

describe('HTTP bodies that used to hurt', () => {
  it('M4: one bad id quarantines only its readings; the response lists each problem', async () => {
    const { call, store } = createTestApp(await openSqliteStore(':memory:'));
    const res = await call('POST', '/api/v1/points', [
      { series: 'p1/m1/temp', ts: T0, value: 1 },
      { series: 'p1/m1/+', ts: T0, value: 2 },
      { series: 'p1/#/x', ts: T0, value: 3 },
      { series: 'xss/m1/<img src=x onerror=alert(1)>', ts: T0, value: 4 },
      { series: 'p1/m1/temp', ts: T0 + 1000, value: 5 },
    ]);
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(2);
    expect(res.body.quarantined).toBe(3);
    expect(res.body.rejections.map((r: { location: string }) => r.location)).toEqual([
      'body[1]',
      'body[2]',
      'body[3]',
    ]);
    expect(res.body.rejections[2].issues[0].message).toContain("'<'");
    expect((await store.listSeries()).map((s) => s.id)).toEqual(['p1/m1/temp']);
  });

  it('answers deeply nested JSON with a 400 naming the limit, on batches and every other route', async () => {
    const { call } = createTestApp(await openSqliteStore(':memory:'));
    for (const [path, body] of [
      ['/api/v1/points', deep(6000)],
      ['/api/v1/events', `{"kind":"note","message":"m","data":{"x":${deep(6000)}}}`],
      ['/api/v1/series/a/b', `{"description":${deep(6000)}}`],
    ] as const) {
      const res = await call(path.includes('series') ? 'PATCH' : 'POST', path, body);
      expect(res.status, path).toBe(400);
      expect(res.body.detail, path).toContain('jsonDepth');
    }
    const nd = await call('POST', '/api/v1/points', `${deep(100)}\n{"series":"a/b","ts":${T0},"value":1}\n`, {
      'content-type': 'application/x-ndjson',
    });
    expect(nd.status).toBe(200);
    expect(nd.body.accepted).toBe(1);
    expect(nd.body.rejections[0].issues[0].code).toBe('INGEST_LIMIT_EXCEEDED');
  });

  it('refuses a body that is not valid UTF-8 instead of storing U+FFFD in ids', async () => {
    const { app, store } = createTestApp(await openSqliteStore(':memory:'));
    const body = Buffer.concat([
      Buffer.from('[{"series":"a/b'),
      Buffer.from([0xff]),
      Buffer.from(`","ts":${T0},"value":1}]`),
    ]);
    const res = await app.request('/api/v1/points', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { detail: string }).detail).toContain('not valid UTF-8');
    expect(await store.listSeries()).toEqual([]);
  });

  it('limits bodies per route with a 413 naming the limit; events are no longer stored at any size', async () => {
    const { call, store } = createTestApp(await openSqliteStore(':memory:'));
    const big = await call('POST', '/api/v1/events', {
      kind: 'note',
      message: 'm',
      data: { x: 'y'.repeat(100_000) },
    });
    expect(big.status).toBe(413);
    expect(big.body.detail).toContain('bodyBytes.events');
    expect(await store.listEvents({ limit: 10 })).toEqual([]);
    const ok = await call('POST', '/api/v1/events', { kind: 'note', message: 'm', data: { x: 'y' } });
    expect(ok.status).toBe(201);
    const other = await call('PATCH', '/api/v1/series/a/b', { description: 'd'.repeat(2 * 1024 * 1024) });
    expect(other.status).toBe(413);
    expect(other.body.detail).toContain('bodyBytes.other');
    const small = createTestApp(await openSqliteStore(':memory:'), {
      limits: resolveLimits({ bodyBytes: { points: 1000 } }),
    });
    const pts = await small.call('POST', '/api/v1/points', [
      { series: 'a/b', ts: T0, value: 'x'.repeat(2000) },
    ]);
    expect(pts.status).toBe(413);
    expect(pts.body.detail).toContain('bodyBytes.points');
  });

  it('H2: caps the series one request may create; the rest are quarantined naming the limit', async () => {
    const { call, store } = createTestApp(await openSqliteStore(':memory:'), {
      limits: resolveLimits({ newSeriesPerRequest: 3 }),
    });
    await call('POST', '/api/v1/points', [{ series: 'a/old', ts: T0, value: 1 }]);
    const res = await call(
      'POST',
      '/api/v1/points',
      ['old', 'n1', 'n2', 'n3', 'n4', 'n5'].map((m, i) => ({ series: `a/${m}`, ts: T0 + i, value: i })),
    );
    expect(res.body.accepted).toBe(4);
    expect(res.body.rejections.map((r: { location: string }) => r.location)).toEqual(['body[4]', 'body[5]']);
    expect(res.body.rejections[0].issues[0].message).toContain('newSeriesPerRequest');
    expect((await store.listSeries()).length).toBe(4);
  });

  it('M7: /health answers while a large batch is still being written', async () => {
    const raw = await openSqliteStore(':memory:');
    const log: string[] = [];
    let health: Promise<unknown> | undefined;
    let app: ReturnType<typeof createTestApp>;
    const store = new Proxy(raw, {
      get(target, prop) {
        const v: unknown = Reflect.get(target, prop, target);
        if (prop === 'commitIngest')
          return async (...args: unknown[]) => {
            const r = await (v as (...a: unknown[]) => Promise<unknown>).apply(target, args);
            log.push('commit');
            // A macrotask, as a request on a socket or a loop's timer is: it runs only when the
            // batch gives the event loop a turn.
            if (log.length === 1)
              setImmediate(() => {
                log.push('turn');
                health = Promise.resolve(app.request('GET', '/api/v1/health')).then((res) => {
                  log.push(`health ${res.status}`);
                });
              });
            return r;
          };
        return typeof v === 'function' ? v.bind(target) : v;
      },
    }) as Store;
    app = createTestApp(store, { limits: resolveLimits({ sliceReadings: 1000 }) });
    const readings = Array.from({ length: 10_000 }, (_, i) => ({
      series: 'big/m/v',
      ts: T0 - i * 1000,
      value: i,
    }));
    const res = await app.call('POST', '/api/v1/points', readings);
    log.push('batch done');
    await health;
    expect(res.body.accepted).toBe(10_000);
    expect(log.filter((x) => x === 'commit').length).toBe(10);
    const h = log.findIndex((x) => x.startsWith('health'));
    expect(log[h]).toBe('health 200');
    // The loop got its turn, and /health its answer, long before the last slice was committed.
    expect(log.indexOf('turn')).toBeLessThan(3);
    expect(h).toBeLessThan(log.lastIndexOf('commit'));
  });
});
