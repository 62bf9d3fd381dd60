/**
 * Nothing a client sends over MQTT can stop the embedded broker (issue 13, C1 and M3): a deeply
 * nested payload, an oversized packet or a flood of retained topics ends as a quarantine row, a
 * closed connection or an unretained message, and the broker keeps serving.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { latestValue, mqttClients, type Running, runServer, until } from './helpers.js';

let running: Running | undefined;
const clients = mqttClients();
const { connect } = clients;
afterEach(async () => {
  await clients.endAll();
  await running?.stop();
  running = undefined;
});

describe('embedded broker under hostile messages', () => {
  it('C1: a 6000-deep JSON array is acknowledged, quarantined, and the next reading is stored', async () => {
    running = await runServer();
    const { handle, store } = running;
    const c = await connect(handle.mqtt!.url);
    const topic = 'xinzhi/v1/a/b';
    // publishAsync resolves on PUBACK for QoS 1.
    await c.publishAsync(topic, `${'['.repeat(6000)}${']'.repeat(6000)}`, { qos: 1 });
    const rows = await store.listQuarantine({ status: 'open' });
    const row = rows.find((r) => r.location === topic);
    expect(row?.reasons[0]?.code).toBe('INGEST_LIMIT_EXCEEDED');
    expect(row?.reasons[0]?.message).toContain(topic);
    expect(row?.reasons[0]?.message).toContain('jsonDepth');
    await c.publishAsync(topic, JSON.stringify({ ts: Date.now() - 1000, value: 4.5 }), { qos: 1 });
    expect(await latestValue(store, 'a/b')).toBe(4.5);
    const health = await fetch(`${handle.url}/api/v1/health`);
    expect(health.status).toBe(200);
  });

  it('closes a connection announcing a packet over the size limit and keeps serving others', async () => {
    running = await runServer({ limits: { mqttPacketBytes: 10_000 } });
    const { handle, store } = running;
    const big = await connect(handle.mqtt!.url);
    const closed = new Promise<void>((r) => big.once('close', () => r()));
    big.publish('xinzhi/v1/a/big', 'x'.repeat(20_000), { qos: 1 });
    await closed;
    const ok = await connect(handle.mqtt!.url);
    await ok.publishAsync('xinzhi/v1/a/small', '7', { qos: 1 });
    expect(await latestValue(store, 'a/small')).toBe(7);
    expect(await latestValue(store, 'a/big')).toBeUndefined();
  });

  it('keeps at most mqttRetainedPerClient retained topics per client, still delivering the rest', async () => {
    running = await runServer({ limits: { mqttRetainedPerClient: 3 } });
    const { handle } = running;
    const pub = await connect(handle.mqtt!.url, { clientId: 'retainer' });
    for (let i = 0; i < 5; i++)
      await pub.publishAsync(`plant/notes/n${i}`, `note ${i}`, { qos: 1, retain: true });
    const sub = await connect(handle.mqtt!.url);
    const got = new Set<string>();
    sub.on('message', (t) => got.add(t));
    await sub.subscribeAsync('plant/notes/#', { qos: 1 });
    await until(async () => got.size >= 3);
    // A round trip through the broker, so any further retained message would have arrived.
    await sub.publishAsync('plant/notes/marker', 'm', { qos: 1 });
    await until(async () => got.has('plant/notes/marker'));
    expect([...got].filter((t) => t !== 'plant/notes/marker').sort()).toEqual([
      'plant/notes/n0',
      'plant/notes/n1',
      'plant/notes/n2',
    ]);
  });
});
