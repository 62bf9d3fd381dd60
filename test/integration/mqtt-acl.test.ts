/**
 * MQTT topic permissions (issue 13, H3) and sessions ending with their rights (M1), with real
 * mqtt.js clients against the embedded broker on free ports.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import type { Role } from '../../src/core/index.js';
import { seedOrgs } from '../../src/server/auth/scope.fixture.js';
import { createApiKey } from '../../src/server/index.js';
import { openSqliteStore } from '../../src/store/index.js';
import { latestValue, type Running, runServer, until } from './helpers.js';

let running: Running | undefined;
const clients: mqtt.MqttClient[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
  await running?.stop();
  running = undefined;
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const connect = async (url: string, opts: mqtt.IClientOptions = {}): Promise<mqtt.MqttClient> => {
  const c = await mqtt.connectAsync(url, { reconnectPeriod: 0, protocolVersion: 4, ...opts });
  clients.push(c);
  return c;
};
/** The granted QoS (128: refused) of each filter, subscribed one at a time. */
async function grants(c: mqtt.MqttClient, filters: string[]): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const f of filters)
    out[f] = await c.subscribeAsync(f, { qos: 1 }).then(
      (g) => g[0]?.qos ?? -1,
      (e: { packet?: { granted?: number[] } }) => e.packet?.granted?.[0] ?? -1,
    );
  return out;
}
/** Resolves when the broker closes the client's connection. */
const closed = (c: mqtt.MqttClient): Promise<void> => new Promise((r) => c.once('close', () => r()));

/** Organisations acme (plant1, plant2) and beta (mill) exist before the server starts. */
async function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'xinzhi-mqtt-acl-'));
  dirs.push(dir);
  const db = join(dir, 'x.db');
  const seed = await openSqliteStore(db);
  await seedOrgs(seed);
  await seed.close();
  running = await runServer({ db });
  const { handle, store } = running;
  const key = async (role: Role, scope: { org?: string; sites?: string[]; asset?: string }) =>
    (await createApiKey(store, { name: role, role, ...scope }, Date.now())).secret;
  const device = await key('device', { org: 'acme', asset: 'plant1/press/line1' });
  const operator = await key('operator', { org: 'acme', sites: ['plant1'] });
  const beta = await key('viewer', { org: 'beta' });
  return { handle, store, device, operator, beta, url: handle.mqtt!.url };
}

describe('MQTT topic permissions', () => {
  it('a device publishes only under its asset; outside it the broker drops the client, stores nothing, and stays up', async () => {
    const { handle, store, device, url } = await setup();
    const c = await connect(url, { username: 'press', password: device });
    await c.publishAsync('xinzhi/v1/plant1/press/line1/temp', '20', { qos: 1 });
    expect(await latestValue(store, 'plant1/press/line1/temp')).toBe(20);
    const gone = closed(c);
    c.publish('xinzhi/v1/plant1/oven/temp', '99', { qos: 1 });
    await gone;
    expect(await store.getSeries('plant1/oven/temp')).toBeUndefined();
    const other = await connect(url, { username: 'press', password: device });
    const gone2 = closed(other);
    other.publish('xinzhi/v1/mill/roller/temp', '1', { qos: 0 });
    other.publish('plain/topic', 'x', { qos: 0 });
    await gone2;
    expect(await store.getSeries('mill/roller/temp')).toBeUndefined();
    expect((await fetch(`${handle.url}/api/v1/health`)).status).toBe(200);
  });

  it('clients never write xinzhi/cmd/ (retained or not); only the server does', async () => {
    const { handle, operator, url } = await setup();
    const op = await connect(url, { username: 'op', password: operator });
    const gone = closed(op);
    op.publish('xinzhi/cmd/plant1/oven/heater', '100', { qos: 1, retain: true });
    await gone;
    // A new subscriber gets retained messages first: the first message must be the server's marker.
    const sub = await connect(url, { username: 'op', password: operator });
    const first = new Promise<string>((r) => sub.once('message', (t) => r(t)));
    const granted = await sub.subscribeAsync('xinzhi/cmd/plant1/#', { qos: 1 });
    expect(granted[0]?.qos).toBe(1);
    handle.mqtt!.broker.publish(
      {
        cmd: 'publish',
        topic: 'xinzhi/cmd/plant1/oven/marker',
        payload: Buffer.from('m'),
        qos: 0,
        retain: false,
        dup: false,
      },
      () => undefined,
    );
    expect(await first).toBe('xinzhi/cmd/plant1/oven/marker');
  });

  it('a retained reading is stored but not retained', async () => {
    const { store, device, operator, url } = await setup();
    const dev = await connect(url, { username: 'press', password: device });
    await dev.publishAsync('xinzhi/v1/plant1/press/line1/rpm', '1500', { qos: 1, retain: true });
    expect(await latestValue(store, 'plant1/press/line1/rpm')).toBe(1500);
    const sub = await connect(url, { username: 'op', password: operator });
    const first = new Promise<string>((r) => sub.once('message', (t) => r(t)));
    await sub.subscribeAsync('xinzhi/v1/plant1/#', { qos: 0 });
    await dev.publishAsync('xinzhi/v1/plant1/press/line1/marker', '1', { qos: 1 });
    expect(await first).toBe('xinzhi/v1/plant1/press/line1/marker');
  });

  it('refuses #, $SYS/#, +/… and other scopes with granted QoS 128; in-scope filters are granted', async () => {
    const { device, operator, beta, url } = await setup();
    const op = await connect(url, { username: 'op', password: operator });
    expect(
      await grants(op, [
        '#',
        '$SYS/#',
        '+/v1/#',
        'xinzhi/v1/+/press/#',
        'xinzhi/v1/mill/#',
        'xinzhi/v1/plant2/#',
        'xinzhi/v1/plant1/#',
        'xinzhi/cmd/plant1/oven/+',
      ]),
    ).toEqual({
      '#': 128,
      '$SYS/#': 128,
      '+/v1/#': 128,
      'xinzhi/v1/+/press/#': 128,
      'xinzhi/v1/mill/#': 128,
      'xinzhi/v1/plant2/#': 128,
      'xinzhi/v1/plant1/#': 1,
      'xinzhi/cmd/plant1/oven/+': 1,
    });
    expect(op.connected).toBe(true);
    const dev = await connect(url, { username: 'press', password: device });
    const dg = await grants(dev, [
      'xinzhi/cmd/plant1/press/line1/#',
      'xinzhi/cmd/plant1/press/line1',
      'xinzhi/cmd/plant1/#',
      'xinzhi/cmd/plant1/press/line2/#',
      'xinzhi/v1/plant1/press/line1/#',
    ]);
    expect(Object.values(dg)).toEqual([1, 1, 128, 128, 128]);
    const b = await connect(url, { username: 'b', password: beta });
    expect(await grants(b, ['xinzhi/v1/plant1/#', 'xinzhi/v1/mill/#'])).toEqual({
      'xinzhi/v1/plant1/#': 128,
      'xinzhi/v1/mill/#': 1,
    });
  });

  it('a client id belongs to its credential: no takeover while connected, nor afterwards by another key', async () => {
    const { device, operator, url } = await setup();
    const owner = await connect(url, {
      clientId: 'press-1',
      clean: false,
      username: 'press',
      password: device,
    });
    await expect(connect(url, { clientId: 'press-1', username: 'op', password: operator })).rejects.toThrow();
    expect(owner.connected).toBe(true);
    await owner.publishAsync('xinzhi/v1/plant1/press/line1/temp', '21', { qos: 1 });
    await owner.endAsync();
    await expect(connect(url, { clientId: 'press-1', username: 'op', password: operator })).rejects.toThrow();
    const again = await connect(url, { clientId: 'press-1', username: 'press', password: device });
    expect(again.connected).toBe(true);
    // A clean session leaves no binding: once it is gone, another key may use the id.
    const tmp = await connect(url, { clientId: 'tmp-1', username: 'press', password: device });
    await tmp.endAsync();
    expect((await connect(url, { clientId: 'tmp-1', username: 'op', password: operator })).connected).toBe(
      true,
    );
  });
});

describe('MQTT sessions end when rights end', () => {
  it('revoking a key over HTTP disconnects its MQTT clients at once', async () => {
    const { handle, store, device, url } = await setup();
    const admin = await createApiKey(store, { name: 'root', role: 'admin' }, Date.now());
    const dev = await connect(url, { username: 'press', password: device });
    const keys = (await (
      await fetch(`${handle.url}/api/v1/keys`, { headers: { authorization: `Bearer ${admin.secret}` } })
    ).json()) as { keys: { id: number; role: string }[] };
    const id = keys.keys.find((k) => k.role === 'device')?.id;
    const gone = closed(dev);
    const res = await fetch(`${handle.url}/api/v1/keys/${id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${admin.secret}` },
    });
    expect(res.status).toBe(200);
    await gone;
    await expect(connect(url, { username: 'press', password: device })).rejects.toThrow();
  });

  it('creating the first key ends first-run mode: anonymous clients are disconnected', async () => {
    running = await runServer();
    const { handle } = running;
    const anon = await connect(handle.mqtt!.url);
    await anon.publishAsync('xinzhi/v1/s/a/v', '1', { qos: 1 });
    const gone = closed(anon);
    const res = await fetch(`${handle.url}/api/v1/keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'root', role: 'admin' }),
    });
    expect(res.status).toBe(201);
    await gone;
    await expect(connect(handle.mqtt!.url)).rejects.toThrow();
  });

  it('a key revoked by another process (the CLI) is found by the periodic sweep', async () => {
    const { store, device, url } = await setup();
    const dev = await connect(url, { username: 'press', password: device });
    const gone = closed(dev);
    const k = (await store.listApiKeys()).find((x) => x.role === 'device');
    await store.revokeApiKey(k!.id);
    await until(async () => !dev.connected, 15_000);
    await gone;
  });
});
