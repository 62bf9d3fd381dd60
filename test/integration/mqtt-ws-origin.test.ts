/**
 * MQTT over WebSocket checks Origin (issue 13, H4): any web page may open a WebSocket to
 * 127.0.0.1, so a browser handshake (it always carries Origin) is refused unless the origin is
 * listed in `mqttWsAllowedOrigins`; devices and Node clients send no Origin and connect as before.
 */
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { latestValue, type Running, runServer } from './helpers.js';

let running: Running | undefined;
const clients: mqtt.MqttClient[] = [];
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.endAsync(true)));
  await running?.stop();
  running = undefined;
});

/** The HTTP status of a WebSocket handshake to `url` sent with `origin`, or 101 when it opens. */
function handshake(url: string, origin?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, 'mqtt', origin === undefined ? {} : { origin });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
    });
    ws.once('error', (e) => {
      if (!/Unexpected server response/.test(e.message)) reject(e);
    });
  });
}

describe('MQTT over WebSocket and Origin', () => {
  it('refuses a browser origin by default, accepts clients without one', async () => {
    running = await runServer({ mqttWsPort: 0 });
    const url = running.handle.mqtt!.wsUrl!;
    expect(await handshake(url, 'http://evil.example')).toBe(403);
    expect(await handshake(url, 'null')).toBe(403);
    expect(await handshake(url, `http://127.0.0.1:${new URL(url).port}`)).toBe(403);
    expect(await handshake(url)).toBe(101);
    // A refused page never reaches the broker: nothing ingested, and a device still gets through.
    const c = await mqtt.connectAsync(url, { reconnectPeriod: 0 });
    clients.push(c);
    await c.publishAsync('xinzhi/v1/hmi/panel/setpoint', JSON.stringify({ value: 7 }), { qos: 1 });
    expect(await latestValue(running.store, 'hmi/panel/setpoint')).toBe(7);
  });

  it('accepts the origins listed in mqttWsAllowedOrigins, and only those', async () => {
    running = await runServer({ mqttWsPort: 0, mqttWsAllowedOrigins: ['https://hmi.example:8443'] });
    const url = running.handle.mqtt!.wsUrl!;
    expect(await handshake(url, 'https://hmi.example:8443')).toBe(101);
    expect(await handshake(url, 'HTTPS://HMI.EXAMPLE:8443')).toBe(101);
    expect(await handshake(url, 'https://hmi.example')).toBe(403);
    expect(await handshake(url, 'http://hmi.example:8443')).toBe(403);
  });
});
