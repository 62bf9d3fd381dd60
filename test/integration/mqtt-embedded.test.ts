import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { isXinzhiError } from '../../src/core/index.js';
import type { Store } from '../../src/store/index.js';
import { latestValue, mqttClients, type Running, runServer, sleep, until } from './helpers.js';

let running: Running | undefined;
const clients = mqttClients();
const { connect } = clients;
afterEach(async () => {
  await clients.endAll();
  await running?.stop();
  running = undefined;
});
const T0 = Date.now() - 60_000;

describe('embedded MQTT broker', () => {
  it('ingests objects, arrays and bare numbers (QoS 1 and 0), queryable over HTTP', async () => {
    running = await runServer();
    const { handle, store } = running;
    const c = await connect(handle.mqtt!.url);
    await c.publishAsync(
      'xinzhi/v1/plant1/press/line1/m3/temp',
      JSON.stringify({ ts: T0, value: 20.5, unit: 'Cel' }),
      { qos: 1 },
    );
    await c.publishAsync(
      'xinzhi/v1/plant1/press/line1/m3/temp',
      JSON.stringify([
        { ts: T0 + 1000, value: 21 },
        { ts: new Date(T0 + 2000).toISOString(), value: 71.6, unit: '[degF]' },
      ]),
      { qos: 1 },
    );
    await c.publishAsync('xinzhi/v1/plant1/press/line1/m3/rpm', '1500', { qos: 1 });
    await c.publishAsync('xinzhi/v1/plant1/press/line1/m3/qos0', JSON.stringify({ ts: T0, value: 7 }), {
      qos: 0,
    });

    const res = await fetch(`${handle.url}/api/v1/points?series=plant1/press/line1/m3/temp&from=${T0 - 1}`);
    const body = (await res.json()) as { points: Array<{ ts: number; value: number }> };
    expect(body.points.map((p) => p.ts)).toEqual([T0, T0 + 1000, T0 + 2000]);
    expect(body.points[2]?.value).toBeCloseTo(22, 6);
    expect((await store.latest(['plant1/press/line1/m3/rpm'])).get('plant1/press/line1/m3/rpm')?.value).toBe(
      1500,
    );
    await until(async () => (await latestValue(store, 'plant1/press/line1/m3/qos0')) !== undefined);
  });

  it('quarantines malformed payloads and topics with the topic named, without disconnecting the client', async () => {
    running = await runServer();
    const { handle, store } = running;
    const c = await connect(handle.mqtt!.url);
    let closed = false;
    c.on('close', () => {
      closed = true;
    });
    await c.publishAsync('xinzhi/v1/site/boiler/temp', 'not json at all', { qos: 1 });
    await c.publishAsync('xinzhi/v1/site/boiler/temp', '{"ts":"never","value":1}', { qos: 1 });
    await c.publishAsync('xinzhi/v1/justmetric', '1', { qos: 1 });
    await c.publishAsync('xinzhi/v1/site/boiler/temp', Buffer.from([0xff, 0xfe, 0x00]), { qos: 1 });
    await c.publishAsync('xinzhi/v1/site/boiler/temp', JSON.stringify({ ts: T0, value: 80 }), { qos: 1 });
    expect(closed).toBe(false);
    const rows = await store.listQuarantine({ status: 'open' });
    expect(rows.map((r) => r.location).sort()).toEqual([
      'xinzhi/v1/justmetric',
      'xinzhi/v1/site/boiler/temp',
      'xinzhi/v1/site/boiler/temp',
      'xinzhi/v1/site/boiler/temp',
    ]);
    for (const r of rows) expect(r.source).toBe('mqtt');
    expect(
      (await store.queryPoints('site/boiler/temp', { from: 0, to: Date.now() })).map((p) => p.value),
    ).toEqual([80]);
  });

  it('survives arbitrary payloads and topics: no crash or disconnect, earlier data intact (property)', async () => {
    running = await runServer();
    const { handle, store } = running;
    const c = await connect(handle.mqtt!.url);
    let closed = false;
    c.on('close', () => {
      closed = true;
    });
    await c.publishAsync(
      'xinzhi/v1/p/a/v',
      JSON.stringify([
        { ts: T0, value: 1 },
        { ts: T0 + 1, value: 2 },
      ]),
      { qos: 1 },
    );
    const level = fc.stringMatching(/^[a-z0-9_-]{0,6}$/);
    await fc.assert(
      fc.asyncProperty(
        fc.array(level, { minLength: 0, maxLength: 4 }).map((l) => `xinzhi/v1/${l.join('/')}`),
        fc.oneof(
          fc.uint8Array({ maxLength: 100 }).map((b) => Buffer.from(b)),
          fc.json().map((j) => Buffer.from(j)),
          fc
            .array(fc.record({ ts: fc.oneof(fc.integer(), fc.string()), value: fc.anything() }), {
              maxLength: 4,
            })
            .map((a) => Buffer.from(JSON.stringify(a))),
        ),
        async (topic, payload) => {
          await c.publishAsync(topic, payload, { qos: 1 });
        },
      ),
      { numRuns: 80 },
    );
    expect(closed).toBe(false);
    expect((await store.queryPoints('p/a/v', { from: T0, to: T0 + 2 })).map((p) => p.value)).toEqual([1, 2]);
  });

  it('acknowledges QoS 1 only after the points are committed', async () => {
    let committedAt = 0;
    running = await runServer({
      wrap: (s: Store) =>
        new Proxy(s, {
          get(target, prop) {
            if (prop === 'commitIngest')
              return async (batch: Parameters<Store['commitIngest']>[0]) => {
                await sleep(150); // a slow disk
                const r = await target.commitIngest(batch);
                committedAt = performance.now();
                return r;
              };
            const v: unknown = Reflect.get(target, prop, target);
            return typeof v === 'function' ? v.bind(target) : v;
          },
        }),
    });
    const { handle, store } = running;
    const c = await connect(handle.mqtt!.url);
    for (let i = 0; i < 3; i++) {
      const sent = performance.now();
      await c.publishAsync('xinzhi/v1/s/a/v', JSON.stringify({ ts: T0 + i, value: i }), { qos: 1 });
      const acked = performance.now();
      expect(committedAt).toBeGreaterThan(sent);
      expect(committedAt).toBeLessThanOrEqual(acked);
      // Stored the moment the ack arrives: no polling.
      expect((await store.queryPoints('s/a/v', { from: T0, to: T0 + 10 })).length).toBe(i + 1);
    }
  });

  it('accepts MQTT over WebSocket', async () => {
    running = await runServer({ mqttWsPort: 0 });
    const { handle, store } = running;
    expect(handle.mqtt?.wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/mqtt$/);
    const c = await connect(handle.mqtt!.wsUrl!);
    await c.publishAsync('xinzhi/v1/hmi/panel/setpoint', JSON.stringify({ ts: T0, value: 42 }), { qos: 1 });
    expect(await latestValue(store, 'hmi/panel/setpoint')).toBe(42);
  });

  it('passes other topics through as a normal broker', async () => {
    running = await runServer();
    const { handle, store } = running;
    const sub = await connect(handle.mqtt!.url);
    const pub = await connect(handle.mqtt!.url);
    await sub.subscribeAsync('cmd/#', { qos: 1 });
    const got = new Promise<string>((r) => sub.once('message', (_t, m) => r(m.toString())));
    await pub.publishAsync('cmd/line1/start', 'go', { qos: 1 });
    expect(await got).toBe('go');
    expect(await store.listQuarantine()).toEqual([]);
  });

  it('requires a key as MQTT password once keys exist; a viewer key may connect but not publish', async () => {
    running = await runServer();
    const { handle, store } = running;
    const { createApiKey } = await import('../../src/server/index.js');
    const op = await createApiKey(store, { name: 'gw', role: 'operator' }, Date.now());
    const viewer = await createApiKey(store, { name: 'v', role: 'viewer' }, Date.now());
    await expect(connect(handle.mqtt!.url)).rejects.toThrow();
    await expect(connect(handle.mqtt!.url, { username: 'x', password: 'xz_wrong' })).rejects.toThrow();
    const v = await connect(handle.mqtt!.url, { username: 'x', password: viewer.secret });
    const refused = new Promise<void>((r) => v.once('close', () => r()));
    v.publish('xinzhi/v1/s/a/w', '5', { qos: 1 });
    await refused;
    expect(await store.getSeries('s/a/w')).toBeUndefined();
    const c = await connect(handle.mqtt!.url, { username: 'gw', password: op.secret });
    await c.publishAsync('xinzhi/v1/s/a/v', '5', { qos: 1 });
    expect((await store.latest(['s/a/v'])).get('s/a/v')?.value).toBe(5);
  });

  it('fails with PORT_IN_USE naming the flag when the MQTT port is taken', async () => {
    const first = await runServer();
    try {
      const err = await runServer({ mqttPort: first.handle.mqtt!.port }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isXinzhiError(err) && err.code).toBe('PORT_IN_USE');
      expect((err as Error).message).toContain('--mqtt-port');
    } finally {
      await first.stop();
    }
  });
});
