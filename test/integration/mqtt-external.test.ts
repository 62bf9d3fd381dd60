/**
 * The external-broker path against the real Mosquitto on 127.0.0.1:1883 (present on these machines
 * and in CI). Each run uses its own topic prefix and client ids, so runs never see each other.
 */
import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTERNAL_MQTT_URL, externalBrokerReachable } from '../../src/ingest/mqtt/external-broker.fixture.js';
import { latestValue, type Running, runServer, until } from './helpers.js';

const URL = EXTERNAL_MQTT_URL;
const run = randomBytes(4).toString('hex');
const clientId = `xinzhi-test-${run}`;

const reachable = await externalBrokerReachable();

describe.skipIf(!reachable)('external broker (Mosquitto) subscriber', () => {
  let running: Running;
  let device: mqtt.MqttClient;
  beforeAll(async () => {
    running = await runServer({
      mqttPort: false,
      mqttUrl: URL,
      mqttTopic: `xinzhi/v1/t${run}/#`,
      mqttClientId: clientId,
    });
    device = await mqtt.connectAsync(URL, { reconnectPeriod: 0 });
  });
  afterAll(async () => {
    await device?.endAsync(true);
    await running?.stop();
    // Drop the persistent session this run created on the broker.
    const c = await mqtt.connectAsync(URL, { clientId, clean: true, reconnectPeriod: 0 });
    await c.endAsync();
  });

  it('ingests QoS 1 and QoS 0 messages published to Mosquitto', async () => {
    const t0 = Date.now() - 10_000;
    await device.publishAsync(
      `xinzhi/v1/t${run}/line1/pump/flow`,
      JSON.stringify({ ts: t0, value: 12.5, unit: 'L/min' }),
      { qos: 1 },
    );
    await device.publishAsync(
      `xinzhi/v1/t${run}/line1/pump/flow`,
      JSON.stringify([{ ts: t0 + 1000, value: 13 }]),
      { qos: 0 },
    );
    const series = `t${run}/line1/pump/flow`;
    const points = await until(async () => {
      if (!(await running.store.getSeries(series))) return undefined;
      const p = await running.store.queryPoints(series, { from: t0, to: t0 + 2000 });
      return p.length === 2 ? p : undefined;
    });
    expect(points.map((p) => p.value)).toEqual([12.5, 13]);
  });

  it('quarantines a malformed message naming the topic and keeps ingesting', async () => {
    const topic = `xinzhi/v1/t${run}/line1/pump/pressure`;
    await device.publishAsync(topic, '{broken', { qos: 1 });
    await device.publishAsync(topic, JSON.stringify({ ts: Date.now(), value: 3.2, unit: 'bar' }), { qos: 1 });
    const rows = await until(async () => {
      const r = await running.store.listQuarantine({ status: 'open' });
      return r.some((x) => x.location === topic) ? r : undefined;
    });
    expect(rows.find((x) => x.location === topic)?.reasons[0]?.message).toContain(topic);
    await until(async () => (await latestValue(running.store, `t${run}/line1/pump/pressure`)) !== undefined);
  });

  it('spreads a shared subscription over several connections and commits their messages together', async () => {
    const { createIngestBatcher, startMqttSubscriber } = await import('../../src/ingest/mqtt/index.js');
    const { createIngestPipeline } = await import('../../src/ingest/index.js');
    const { silentLogger } = await import('../../src/core/index.js');
    const store = running.store;
    const pipeline = createIngestPipeline({ store, clock: { now: () => Date.now() }, logger: silentLogger });
    const batcher = createIngestBatcher({ pipeline, logger: silentLogger });
    const sub = await startMqttSubscriber({
      url: URL,
      batcher,
      clock: { now: () => Date.now() },
      logger: silentLogger,
      topic: `xinzhi/v1/s${run}/#`,
      clientId: `${clientId}-shared`,
      connections: 3,
    });
    try {
      const t0 = Date.now() - 60_000;
      await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          device.publishAsync(`xinzhi/v1/s${run}/d${i % 6}/v`, JSON.stringify({ ts: t0 + i, value: i }), {
            qos: 1,
          }),
        ),
      );
      await until(async () => batcher.stats.messages >= 60);
      await new Promise((r) => setTimeout(r, 200));
      expect(batcher.stats.accepted).toBe(60);
      // Each message went to exactly one of the three connections.
      expect(batcher.stats.messages).toBe(60);
    } finally {
      await sub.close();
      for (let i = 0; i < 3; i++) {
        const c = await mqtt.connectAsync(URL, {
          clientId: `${clientId}-shared-${i}`,
          clean: true,
          protocolVersion: 5,
          reconnectPeriod: 0,
        });
        await c.endAsync();
      }
    }
  });

  it('receives messages published while it was down (persistent session, QoS 1)', async () => {
    await running.handle.close();
    const t0 = Date.now() - 5000;
    await device.publishAsync(`xinzhi/v1/t${run}/offline/v`, JSON.stringify({ ts: t0, value: 1 }), {
      qos: 1,
    });
    const store = running.store;
    const { startTestServer } = await import('../../src/server/start.fixture.js');
    const handle = await startTestServer({
      store,
      mqttPort: false,
      mqttUrl: URL,
      mqttTopic: `xinzhi/v1/t${run}/#`,
      mqttClientId: clientId,
    });
    running = {
      handle,
      store,
      stop: async () => {
        await handle.close();
        await store.close();
      },
    };
    await until(async () => (await latestValue(store, `t${run}/offline/v`)) !== undefined);
  });
});
