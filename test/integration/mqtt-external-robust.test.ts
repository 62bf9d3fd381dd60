/**
 * C2: through an external broker (the machine's Mosquitto), a message that once killed the server
 * on every redelivery is quarantined and acknowledged once; a restart with the same persistent
 * session gets nothing back, and normal readings keep flowing.
 */
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import mqtt from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { EXTERNAL_MQTT_URL, externalBrokerReachable } from '../../src/ingest/mqtt/external-broker.fixture.js';
import { latestValue, type Running, runServer, sleep, until } from './helpers.js';

const URL = EXTERNAL_MQTT_URL;
const run = randomBytes(4).toString('hex');
const clientId = `xinzhi-robust-${run}`;
const db = `/tmp/xinzhi-robust-${run}.db`;

const reachable = await externalBrokerReachable();

describe.skipIf(!reachable)('external subscriber under hostile messages', () => {
  let running: Running | undefined;
  afterAll(async () => {
    await running?.stop();
    const c = await mqtt.connectAsync(URL, { clientId, clean: true, reconnectPeriod: 0 });
    await c.endAsync();
    for (const f of ['', '-wal', '-shm']) await rm(`${db}${f}`, { force: true });
  });

  it('quarantines and acknowledges a 6000-deep message once; a restart does not see it again', async () => {
    const opts = {
      db,
      mqttPort: false as const,
      mqttUrl: URL,
      mqttTopic: `xinzhi/v1/r${run}/#`,
      mqttClientId: clientId,
    };
    running = await runServer(opts);
    const device = await mqtt.connectAsync(URL, { reconnectPeriod: 0 });
    const topic = `xinzhi/v1/r${run}/a/b`;
    await device.publishAsync(topic, `${'['.repeat(6000)}${']'.repeat(6000)}`, { qos: 1 });
    await device.publishAsync(topic, '{"broken', { qos: 1 });
    await device.publishAsync(topic, JSON.stringify({ ts: Date.now() - 1000, value: 8.25 }), { qos: 1 });
    await until(async () => (await latestValue(running!.store, `r${run}/a/b`)) === 8.25);
    const rows = (await running.store.listQuarantine({ status: 'open' })).filter((r) => r.location === topic);
    expect(rows.map((r) => r.reasons[0]?.code).sort()).toEqual([
      'INGEST_BAD_PAYLOAD',
      'INGEST_LIMIT_EXCEEDED',
    ]);
    await running.stop();
    running = undefined;

    // Same persistent session: anything not acknowledged would be redelivered now.
    running = await runServer(opts);
    await device.publishAsync(topic, JSON.stringify({ ts: Date.now() - 500, value: 9.5 }), { qos: 1 });
    await until(async () => (await latestValue(running!.store, `r${run}/a/b`)) === 9.5);
    await sleep(200);
    const again = (await running.store.listQuarantine({ status: 'open' })).filter(
      (r) => r.location === topic,
    );
    expect(again).toHaveLength(2);
    await device.endAsync(true);
  });
});
