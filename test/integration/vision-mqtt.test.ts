/**
 * Camera frames over MQTT: a binary JPEG on `xinzhi/v1/<asset>/image` goes through the embedded
 * broker's ACL to the inspection service (stored, classified, alarmed) instead of the reading
 * parser; bytes that are no image are quarantined with the reason; a device may publish frames
 * only for its own asset.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { putCamera } from '../../src/domains/inspection/index.js';
import { registerSurfaceModel, surfaceJpeg } from '../../src/domains/inspection/surface-model.fixture.js';
import { type FrameServer, startFrameServer } from '../../src/ingest/mqtt/frame-url.fixture.js';
import { createApiKey } from '../../src/server/index.js';
import { type Running, runServer, until } from './helpers.js';

let running: Running | undefined;
let frames: FrameServer | undefined;
const clients: mqtt.MqttClient[] = [];
afterEach(async () => {
  await frames?.close();
  frames = undefined;
  for (const c of clients.splice(0)) await c.endAsync(true);
  await running?.stop();
  running = undefined;
});

const CAM = 'plant1/line1/cam1';
const TOPIC = `xinzhi/v1/${CAM}/image`;

async function connect(url: string, password: string): Promise<mqtt.MqttClient> {
  const c = await mqtt.connectAsync(url, { username: 'cam', password, reconnectPeriod: 0 });
  clients.push(c);
  return c;
}

describe('camera images over MQTT', () => {
  it('classifies a frame, raises the defect alarm, quarantines non-images and keeps devices to their asset', async () => {
    running = await runServer({ imagesDir: mkdtempSync(join(tmpdir(), 'xinzhi-mqtt-img-')) });
    const { handle, store } = running;
    await registerSurfaceModel(store, 'surface');
    await putCamera(store, { asset: CAM, model: 'surface', defects: { scratch: 0.5 } });
    const admin = await createApiKey(store, { name: 'admin', role: 'admin' }, Date.now());
    const cam = await createApiKey(store, { name: 'cam1', role: 'device', asset: CAM }, Date.now());
    const other = await createApiKey(
      store,
      { name: 'cam2', role: 'device', asset: 'plant1/line1/cam2' },
      Date.now(),
    );
    const auth = { authorization: `Bearer ${admin.secret}` };

    const c = await connect(handle.mqtt!.url, cam.secret);
    await c.publishAsync(TOPIC, Buffer.from(surfaceJpeg('scratch', 4242)), { qos: 1 });
    // PUBACK came after the image was stored and classified.
    const list = (await (await fetch(`${handle.url}/api/v1/images`, { headers: auth })).json()) as {
      images: Array<{ asset: string; source: string; prediction: { class: string } | null }>;
    };
    expect(list.images).toHaveLength(1);
    expect(list.images[0]).toMatchObject({ asset: CAM, source: 'mqtt', prediction: { class: 'scratch' } });
    const alarms = (await (
      await fetch(`${handle.url}/api/v1/alarms?open=true`, { headers: auth })
    ).json()) as {
      alarms: Array<{ key: string }>;
    };
    expect(alarms.alarms.map((a) => a.key)).toContain(`${CAM}|defect.scratch`);
    expect(await store.getSeries(`${CAM}/image`)).toBeUndefined();

    await c.publishAsync(TOPIC, Buffer.from('{"value": 5}'), { qos: 1 });
    const q = await until(async () => (await store.listQuarantine()).find((r) => r.location === TOPIC));
    expect(JSON.stringify(q.reasons)).toMatch(/not a JPEG or PNG/);

    const o = await connect(handle.mqtt!.url, other.secret);
    const closed = new Promise<void>((r) => o.once('close', () => r()));
    o.publish(TOPIC, Buffer.from(surfaceJpeg('ok', 1)), { qos: 1 });
    await closed;
    const after = (await (await fetch(`${handle.url}/api/v1/images`, { headers: auth })).json()) as {
      images: unknown[];
    };
    expect(after.images).toHaveLength(1);
  }, 60_000);

  it('fetches a frame published as a URL on the camera its own host and quarantines every refusal with its reason', async () => {
    running = await runServer({
      imagesDir: mkdtempSync(join(tmpdir(), 'xinzhi-mqtt-url-')),
      mqttFrameFetchTimeoutMs: 1000,
      limits: { bodyBytes: { images: 256 * 1024 } },
    });
    const { handle, store } = running;
    frames = await startFrameServer(surfaceJpeg('scratch', 4242), 1024 * 1024);
    await registerSurfaceModel(store, 'surface');
    await putCamera(store, { asset: CAM, model: 'surface', defects: { scratch: 0.5 } });
    const admin = await createApiKey(store, { name: 'admin', role: 'admin' }, Date.now());
    const cam = await createApiKey(store, { name: 'cam1', role: 'device', asset: CAM }, Date.now());
    const auth = { authorization: `Bearer ${admin.secret}` };
    const c = await connect(handle.mqtt!.url, cam.secret);

    // The test's client connects from 127.0.0.1, where the frame server listens.
    await c.publishAsync(TOPIC, `${frames.base}/frame.jpg`, { qos: 1 });
    const list = (await (await fetch(`${handle.url}/api/v1/images`, { headers: auth })).json()) as {
      images: Array<{ asset: string; source: string; format: string; prediction: { class: string } | null }>;
    };
    expect(list.images).toHaveLength(1);
    expect(list.images[0]).toMatchObject({
      asset: CAM,
      source: 'mqtt',
      format: 'jpeg',
      prediction: { class: 'scratch' },
    });

    const refused: Array<[string, RegExp]> = [
      [`http://10.255.255.1:${frames.port}/frame.jpg`, /host-mismatch/],
      [`file:///etc/passwd`, /\(scheme\)/],
      [`${frames.base}/redirect`, /redirects are not followed/],
      [`${frames.base}/slow`, /\(timeout\)/],
      [`${frames.base}/big`, /\(too-big\)/],
      [`${frames.base}/text`, /\(not-an-image\)/],
    ];
    for (const [url] of refused) await c.publishAsync(TOPIC, url, { qos: 1 });
    // Each PUBACK followed its quarantine row.
    const rows = (await store.listQuarantine()).filter((r) => r.location === TOPIC);
    expect(rows).toHaveLength(refused.length);
    for (const [url, reason] of refused) {
      const row = rows.find((r) => r.raw.includes(url));
      expect(row, url).toBeDefined();
      expect(JSON.stringify(row!.reasons)).toMatch(reason);
    }
    const after = (await (await fetch(`${handle.url}/api/v1/images`, { headers: auth })).json()) as {
      images: unknown[];
    };
    expect(after.images).toHaveLength(1);
  }, 60_000);
});
