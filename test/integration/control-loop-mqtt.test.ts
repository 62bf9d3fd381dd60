/**
 * A control loop live over MQTT with the real server: the demo oven device publishes its temperature
 * to the embedded broker, ingest stores it, the loop reads it from the live bus and publishes its
 * output on the actuator topic, and the oven heats up to a new setpoint. The actuator topic is not
 * ingested as data; a command published there by a client is not either. The loop survives a restart.
 */
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { OVEN_CMD_TOPIC, OVEN_LOOP, startOvenDevice } from '../../src/demo/index.js';
import type { ServerHandle } from '../../src/server/index.js';
import { startTestServer } from '../../src/server/start.fixture.js';
import { openSqliteStore, type Store } from '../../src/store/index.js';

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of open.splice(0).reverse()) await c();
});

async function boot(store: Store): Promise<ServerHandle> {
  const handle = await startTestServer({
    store,
    mqttPort: 0,
  });
  return handle;
}

describe('control loop over MQTT', () => {
  it('runs end to end: oven PV via ingest → PID → actuator topic → oven', async () => {
    const store = await openSqliteStore(':memory:');
    open.push(() => store.close());
    const handle = await boot(store);
    let closed = false;
    open.push(async () => {
      if (!closed) await handle.close();
    });
    const mqttUrl = handle.mqtt?.url ?? '';
    const oven = await startOvenDevice({ brokerUrl: mqttUrl, periodMs: 250 });
    open.push(() => oven.stop());
    const loop = await handle.loops.create({ ...OVEN_LOOP, sampleTimeMs: 250 }, 'test');
    await expect.poll(() => loop.snapshot().status, { timeout: 5000 }).toBe('ok');
    await loop.setSetpoint(115, 'test');
    // The output jumps by Kc·15 = 15 % and reaches the oven over the broker.
    await expect.poll(() => oven.twin.input, { timeout: 5000 }).toBeGreaterThan(54);
    await expect.poll(() => loop.snapshot().pv?.value ?? 0, { timeout: 8000 }).toBeGreaterThan(100.5);

    // A client publishing on the command topic is brokered, not ingested.
    const client = await mqtt.connectAsync(mqttUrl);
    await client.publishAsync(OVEN_CMD_TOPIC, JSON.stringify({ ts: Date.now(), value: 55, unit: '%' }), {
      qos: 1,
    });
    await client.endAsync();
    const series = (await store.listSeries()).map((s) => s.id);
    expect(series).toContain(`${OVEN_LOOP.pvSeries}`);
    expect(series.filter((s) => s.includes('heater') || s.startsWith('cmd'))).toEqual([]);
    expect((await store.listQuarantine({})).length).toBe(0);

    // Restart on the same store: the loop comes back in auto at its setpoint.
    await oven.stop();
    open.pop();
    await handle.close();
    closed = true;
    const again = await boot(store);
    open.push(() => again.close());
    expect(again.loops.require(OVEN_LOOP.id).config).toMatchObject({ mode: 'auto', setpoint: 115 });
    const audit = await again.loops.audit.list(OVEN_LOOP.id);
    expect(audit.map((a) => a.what)).toEqual(['created', 'setpoint']);
  }, 30_000);
});
