/**
 * `xinzhi connect …` against real peers started here: node-opcua's server, modbus-serial's
 * ServerTCP and the embedded MQTT broker with a simulated Sparkplug edge node.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, systemClock } from '../../../core/index.js';
import { float32Words, startModbusServer } from '../../../ingest/modbus/modbus-server.fixture.js';
import { createIngestBatcher, startEmbeddedBroker } from '../../../ingest/mqtt/index.js';
import {
  freePort,
  startOpcuaServer,
  type TestOpcuaServer,
} from '../../../ingest/opcua/opcua-server.fixture.js';
import { EdgeNodeSim } from '../../../ingest/sparkplug/edge-node.fixture.js';
import { openSqliteStore } from '../../../store/sqlite/index.js';
import { runCli } from '../../run-cli.fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-connect-'));
let opcua: TestOpcuaServer;
beforeAll(async () => {
  opcua = await startOpcuaServer({
    port: await freePort(),
    pkiFolder: join(dir, 'spki'),
    machines: 2,
    perMachine: 20,
  });
}, 180_000);
afterAll(async () => {
  await opcua?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('xinzhi connect', () => {
  it('opcua --browse --json lists variables with node id, path, type and value', async () => {
    const r = await runCli([
      'connect',
      'opcua',
      opcua.endpoint,
      '--browse',
      '--json',
      '--db',
      join(dir, 'a.db'),
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as {
      variables: Array<{ nodeId: string; browsePath: string; dataType: string; value: unknown }>;
    };
    expect(out.variables.find((v) => v.nodeId === 'ns=1;s=M1.v3')).toMatchObject({
      browsePath: 'Objects/Machine1/v3',
      dataType: 'Double',
      value: expect.any(Number),
    });
  }, 120_000);

  it('opcua --subscribe stores through the pipeline into --db', async () => {
    const db = join(dir, 'b.db');
    const r = await runCli([
      'connect',
      'opcua',
      opcua.endpoint,
      '--subscribe',
      'ns=1;s=M0.v1',
      '--series',
      'plant/m0/v1',
      '--subscribe',
      'ns=1;s=Cell.OvenTemp',
      '--series',
      'plant/cell/oven',
      '--sampling-ms',
      '200',
      '--publishing-ms',
      '200',
      '--seconds',
      '2',
      '--db',
      db,
      '--json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { accepted: number; series: string[] };
    expect(out.accepted).toBeGreaterThan(1);
    expect(out.series).toEqual(['plant/cell/oven', 'plant/m0/v1']);
    const store = await openSqliteStore(db);
    expect((await store.latest(['plant/m0/v1'])).size).toBe(1);
    await store.close();
  }, 120_000);

  it('opcua refuses bad arguments and an unreachable endpoint with clear errors', async () => {
    expect((await runCli(['connect', 'opcua', 'http://x', '--browse'])).err).toContain('opc.tcp://');
    expect((await runCli(['connect', 'opcua', opcua.endpoint, '--subscribe', 'i=1'])).err).toContain(
      '--series',
    );
    const port = await freePort();
    const r = await runCli([
      'connect',
      'opcua',
      `opc.tcp://127.0.0.1:${port}`,
      '--browse',
      '--json',
      '--db',
      join(dir, 'c.db'),
    ]);
    expect(r.code).not.toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ error: { code: 'UNAVAILABLE' } });
  }, 120_000);

  it('modbus --once polls a device with a map file', async () => {
    const server = await startModbusServer();
    try {
      const [a, b] = float32Words(231.5);
      server.input.set(0, a).set(1, b);
      const map = join(dir, 'meter.yaml');
      writeFileSync(
        map,
        'registers:\n  - { metric: voltage, table: input, address: 0, type: float32, unit: V }\n',
      );
      const modbus = ['connect', 'modbus', `127.0.0.1:${server.port}`, '--map', map, '--asset'];
      const r = await runCli([...modbus, 'plant/meter', '--once', '--json', '--db', join(dir, 'd.db')]);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out)).toMatchObject({ accepted: 1, series: ['plant/meter/voltage'] });
      writeFileSync(map, 'registers:\n  - { metric: voltage, table: input, address: 0, type: float64 }\n');
      const bad = await runCli([...modbus, 'p/m', '--once']);
      expect(bad.code).toBe(2);
      expect(bad.err).toContain('registers.0.type');
    } finally {
      await server.close();
    }
  }, 60_000);

  it('sparkplug listens on a broker and stores an edge node', async () => {
    const store = await openSqliteStore(':memory:');
    const pipeline = (await import('../../../ingest/index.js')).createIngestPipeline({
      store,
      clock: systemClock,
      logger: silentLogger,
    });
    const broker = await startEmbeddedBroker({
      batcher: createIngestBatcher({ pipeline, logger: silentLogger }),
      clock: systemClock,
      logger: silentLogger,
      port: 0,
    });
    const edge = new EdgeNodeSim('site', 'gw');
    const client = await mqtt.connectAsync(broker.url, { reconnectPeriod: 0 });
    try {
      const run = runCli([
        'connect',
        'sparkplug',
        broker.url,
        '--seconds',
        '2',
        '--json',
        '--db',
        join(dir, 'e.db'),
      ]);
      await new Promise((r) => setTimeout(r, 500));
      const t = Date.now();
      await client.publishAsync(
        edge.topic('NBIRTH'),
        edge.birth(t, [{ name: 'flow', alias: 1, type: 'Double', value: 3.5 }]),
      );
      await client.publishAsync(
        edge.topic('NDATA'),
        edge.payload('NDATA', [{ alias: 1, type: 'Double', value: 3.75 }], t + 1),
      );
      const r = await run;
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out)).toMatchObject({ accepted: 2, series: ['site/gw/flow'] });
    } finally {
      await client.endAsync(true);
      await broker.close();
      await store.close();
    }
  }, 60_000);
});
