/**
 * Writing loop outputs to nodes of node-opcua's own server started here: the node's data type is
 * kept (Double, Int16, Boolean), values are clamped, only allow-listed nodes are written, writes to
 * one node are rate-limited, a read-only or String node is refused, and a write while the server is
 * down fails as UNAVAILABLE and goes through once the session is back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AttributeIds, type ClientSession, DataType } from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, XinzhiError } from '../../core/index.js';
import { until as waitFor } from '../../core/until.fixture.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import { createIngestBatcher } from '../mqtt/batcher.js';
import { createIngestPipeline } from '../pipeline/create-ingest-pipeline.js';
import { type OpcuaConnector, startOpcuaConnector } from './connector.js';
import { connectReader, freePort, startOpcuaServer, type TestOpcuaServer } from './opcua-server.fixture.js';
import type { OpcuaConnection } from './session.js';
import { asNodeValue } from './write.js';

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-opcua-write-'));
const serverPki = join(dir, 'server-pki');
const options = () => ({ port, pkiFolder: serverPki, machines: 1, perMachine: 1, actuators: true });
let server: TestOpcuaServer;
let port: number;
let t = 1_000_000;
const clock = { now: () => t };
let conn: OpcuaConnector;
let reader: OpcuaConnection;
const store = await openSqliteStore(':memory:');

const LIMITS = { min: 0, max: 100 };
const ALLOWED = [
  'ns=1;s=Act.Valve',
  'ns=1;s=Act.Speed',
  'ns=1;s=Act.Run',
  'ns=1;s=Act.Label',
  'ns=1;s=Act.Locked',
];

async function value(session: ClientSession, nodeId: string): Promise<unknown> {
  return (await session.read({ nodeId, attributeId: AttributeIds.Value })).value.value;
}

async function rejection(p: Promise<unknown>): Promise<XinzhiError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!(e instanceof XinzhiError)) throw new Error(`expected a XinzhiError, got ${String(e)}`);
  return e;
}

const until = <T>(f: () => Promise<T | undefined>, ms = 120_000) => waitFor(f, ms, 200);

beforeAll(async () => {
  port = await freePort();
  server = await startOpcuaServer(options());
  const pipeline = createIngestPipeline({ store, clock, logger: silentLogger });
  conn = await startOpcuaConnector({
    endpoint: server.endpoint,
    pkiFolder: join(dir, 'client'),
    items: [{ nodeId: 'ns=1;s=M0.v0', seriesId: 'plant/m0/v0' }],
    batcher: createIngestBatcher({ pipeline, logger: silentLogger, source: 'opcua' }),
    clock,
    logger: silentLogger,
    writable: ALLOWED,
    minWriteIntervalMs: 1000,
    maxReconnectDelayMs: 1000,
  });
  reader = await connectReader(server, dir);
}, 180_000);
afterAll(async () => {
  await reader?.close();
  await conn?.close();
  await server?.stop();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('OPC UA write-back', () => {
  it('writes in the node data type, clamped to the limits', async () => {
    t += 10_000;
    expect(await conn.write('ns=1;s=Act.Valve', 142.5, LIMITS)).toEqual({ kind: 'written', value: 100 });
    expect(await value(reader.session, 'ns=1;s=Act.Valve')).toBe(100);
    expect(await conn.write('ns=1;s=Act.Speed', 12.6, LIMITS)).toEqual({ kind: 'written', value: 13 });
    expect(await value(reader.session, 'ns=1;s=Act.Speed')).toBe(13);
    expect(await conn.write('ns=1;s=Act.Run', 0.7, { min: 0, max: 1 })).toEqual({
      kind: 'written',
      value: true,
    });
    expect(await value(reader.session, 'ns=1;s=Act.Run')).toBe(true);
    expect(conn.status().writes).toBe(3);
  });

  it('refuses a node not on the allow-list and leaves it unchanged', async () => {
    t += 10_000;
    const before = await value(reader.session, 'ns=1;s=M0.v0');
    const e = await rejection(conn.write('ns=1;s=M0.v0', 5, LIMITS));
    expect(e.code).toBe('FORBIDDEN');
    expect(e.message).toMatch(/not on this connector's writable list/);
    expect(await value(reader.session, 'ns=1;s=M0.v0')).not.toBe(5);
    expect(typeof before).toBe('number');
  });

  it('refuses a String node, a read-only node and a non-finite value, naming the node', async () => {
    t += 10_000;
    const label = await rejection(conn.write('ns=1;s=Act.Label', 1, LIMITS));
    expect(label.code).toBe('BAD_INPUT');
    expect(label.message).toMatch(/Act\.Label.*String/);
    const locked = await rejection(conn.write('ns=1;s=Act.Locked', 1, LIMITS));
    expect(locked.code).toBe('UNAVAILABLE');
    expect(locked.message).toMatch(/Act\.Locked refused the write: Bad/);
    expect((await rejection(conn.write('ns=1;s=Act.Valve', Number.NaN, LIMITS))).code).toBe('BAD_INPUT');
    expect(conn.status().writeFailures).toBeGreaterThanOrEqual(4);
  });

  it('drops a second write to one node within the interval, and writes again after it', async () => {
    t += 10_000;
    expect((await conn.write('ns=1;s=Act.Valve', 10, LIMITS)).kind).toBe('written');
    t += 200;
    expect(await conn.write('ns=1;s=Act.Valve', 20, LIMITS)).toEqual({ kind: 'skipped' });
    expect(await value(reader.session, 'ns=1;s=Act.Valve')).toBe(10);
    t += 1000;
    expect((await conn.write('ns=1;s=Act.Valve', 30, LIMITS)).kind).toBe('written');
    expect(await value(reader.session, 'ns=1;s=Act.Valve')).toBe(30);
  });

  it('reports a write while the server is down and writes again after it restarts', async () => {
    await server.stop();
    await until(async () => (conn.status().connected ? undefined : true));
    t += 10_000;
    const e = await rejection(conn.write('ns=1;s=Act.Valve', 40, LIMITS));
    expect(e.code).toBe('UNAVAILABLE');
    server = await startOpcuaServer(options());
    const written = await until(async () => {
      t += 10_000;
      return conn.write('ns=1;s=Act.Valve', 55, LIMITS).then(
        (r) => r,
        () => undefined,
      );
    });
    expect(written).toEqual({ kind: 'written', value: 55 });
    await reader.close();
    reader = await connectReader(server, dir);
    expect(await value(reader.session, 'ns=1;s=Act.Valve')).toBe(55);
  }, 240_000);
});

describe('asNodeValue', () => {
  it('rounds and saturates integers to their type and refuses non-numeric types', () => {
    expect((asNodeValue(DataType.Int16, 40_000) as { value: number }).value).toBe(32_767);
    expect((asNodeValue(DataType.UInt16, -3) as { value: number }).value).toBe(0);
    expect((asNodeValue(DataType.Byte, 2.5) as { value: number }).value).toBe(3);
    expect(asNodeValue(DataType.String, 1)).toMatch(/String cannot take a loop output/);
    expect(asNodeValue(DataType.DateTime, 1)).toMatch(/DateTime/);
  });
});
