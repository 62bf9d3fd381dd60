/**
 * End to end: a fault injected over MQTT (a step after a stable stretch) goes through the embedded
 * broker, the ingest pipeline and the store, is scored by the live monitor, and comes out as an
 * alarm on the HTTP API, as an `alarm.raised` event on the live bus, and as a webhook POST.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import type { XEvent } from '../../src/core/index.js';
import { type Running, runServer, until } from './helpers.js';

let running: Running | undefined;
let hook: Server | undefined;
let client: mqtt.MqttClient | undefined;
afterEach(async () => {
  await client?.endAsync(true);
  await running?.stop();
  await new Promise<void>((r) => (hook ? hook.close(() => r()) : r()));
  running = undefined;
  hook = undefined;
});

const SERIES = 'plant1/line1/pump-01/pressure';
const TOPIC = `xinzhi/v1/${SERIES}`;

describe('alarms from live MQTT ingest', () => {
  it('a step after a stable stretch raises an anomaly alarm visible through the API, SSE bus and webhook', async () => {
    const posted: Array<{ type: string; alarm: { key: string } }> = [];
    hook = createHttpServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString()));
      req.on('end', () => {
        posted.push(JSON.parse(body) as { type: string; alarm: { key: string } });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => hook?.listen(0, '127.0.0.1', () => r()));
    const webhookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;

    running = await runServer({ alarms: { webhookUrl } });
    const { handle } = running;
    const events: XEvent[] = [];
    handle.bus.onEvent((e) => events.push(e));
    client = await mqtt.connectAsync(handle.mqtt!.url, { reconnectPeriod: 0 });

    const t0 = Date.now() - 3 * 3_600_000;
    const value = (i: number) => 5 + 0.05 * Math.sin(i / 20) + ((i * 7919) % 17) / 170 + (i >= 1800 ? 2 : 0);
    for (let b = 0; b < 20; b++) {
      const batch = Array.from({ length: 100 }, (_, k) => {
        const i = b * 100 + k;
        return { ts: t0 + i * 1000, value: value(i), unit: 'bar' };
      });
      await client.publishAsync(TOPIC, JSON.stringify(batch), { qos: 1 });
    }

    const alarm = await until(async () => {
      const res = await fetch(`${handle.url}/api/v1/alarms?open=true&source=${encodeURIComponent(SERIES)}`);
      const body = (await res.json()) as { alarms: Array<{ key: string; raisedAt: number; state: string }> };
      return body.alarms.find((a) => a.key === `${SERIES}|anomaly`);
    }, 10_000);
    // The detector learns the new level and the condition clears after 30 quiet points; the alarm
    // stays open until someone acknowledges it.
    expect(['unacknowledged', 'returned-unacknowledged']).toContain(alarm.state);
    expect(alarm.raisedAt).toBeGreaterThanOrEqual(t0 + 1800 * 1000);
    expect(alarm.raisedAt).toBeLessThan(t0 + 1830 * 1000);
    // Nothing before the step: the stable stretch raised no alarm.
    const all = (await (await fetch(`${handle.url}/api/v1/alarms`)).json()) as { alarms: unknown[] };
    expect(all.alarms).toHaveLength(1);

    expect(
      events.some((e) => e.kind === 'alarm.raised' && (e.data as { key?: string }).key === alarm.key),
    ).toBe(true);
    await until(async () => posted.length > 0, 5000);
    expect(posted[0]).toMatchObject({ type: 'alarm.raised', alarm: { key: alarm.key } });

    // Acknowledge through the API: the record and the event log follow.
    const ack = await fetch(`${handle.url}/api/v1/alarms/ack`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: alarm.key, user: 'ana' }),
    });
    const acked = (await ack.json()) as { state: string; ackedBy: string };
    // The authenticated principal (open first-run access here) acks; a client-sent name is not trusted.
    expect(acked.ackedBy).toBe('open');
    expect(['acknowledged', 'normal']).toContain(acked.state);
    expect(events.some((e) => e.kind === 'alarm.acknowledged' || e.kind === 'alarm.closed')).toBe(true);
  });
});
