/**
 * Deleting a loop over HTTP on the real server: the loop stops, and the retained output it left on
 * its actuator topic is withdrawn from the embedded broker, so a device that reconnects later is not
 * driven by a loop that no longer exists.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { runServer } from './helpers.js';

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of open.splice(0).reverse()) await c();
});

const TOPIC = 'xinzhi/cmd/plant1/oven9/heater';

describe('DELETE /api/v1/control/loops/{id}', () => {
  it('stops the loop and clears its retained output on the embedded broker', async () => {
    const server = await runServer();
    open.push(() => server.stop());
    const { handle } = server;
    // Retained messages are read from the broker's store, not by waiting for deliveries.
    const retained = (): Promise<unknown[]> =>
      new Promise((resolve, reject) => {
        const out: unknown[] = [];
        const broker = handle.mqtt!.broker as unknown as {
          persistence: { createRetainedStream(pattern: string): NodeJS.ReadableStream };
        };
        const s = broker.persistence.createRetainedStream(TOPIC);
        s.on('data', (p: unknown) => out.push(p));
        s.on('end', () => resolve(out));
        s.on('error', reject);
      });

    const created = await fetch(`${handle.url}/api/v1/control/loops`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        id: 'plant1/oven9/TIC-1',
        sampleTimeMs: 100,
        setpoint: 50,
        manualOutput: 37,
        opTopic: TOPIC,
        tuning: { kc: 1 },
      }),
    });
    expect(created.status).toBe(201);
    await expect.poll(async () => (await retained()).length, { timeout: 5000 }).toBe(1);

    const del = await fetch(
      `${handle.url}/api/v1/control/loops/${encodeURIComponent('plant1/oven9/TIC-1')}`,
      {
        method: 'DELETE',
      },
    );
    expect(del.status).toBe(204);
    expect(await retained()).toEqual([]);
    expect(handle.loops.list()).toEqual([]);
  }, 20_000);
});
