/**
 * The OPC UA client against node-opcua's own server started here: 3,000 variables, security off
 * and on (Basic256Sha256 SignAndEncrypt with a user), a server certificate xinzhi does not trust,
 * a wrong password, and a server restart in the middle of a subscription.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUALITY, silentLogger, systemClock } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import { createIngestBatcher } from '../mqtt/batcher.js';
import { createIngestPipeline } from '../pipeline/create-ingest-pipeline.js';
import { browseVariables } from './browse.js';
import { startOpcuaConnector } from './connector.js';
import { freePort, startOpcuaServer, type TestOpcuaServer } from './opcua-server.fixture.js';
import { connectOpcua } from './session.js';

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-opcua-'));
const serverPki = join(dir, 'server-pki');
let server: TestOpcuaServer;
let port: number;

beforeAll(async () => {
  port = await freePort();
  server = await startOpcuaServer({ port, pkiFolder: serverPki });
}, 180_000);
afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function until<T>(f: () => Promise<T | undefined> | T | undefined, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function rig(): Promise<{ store: Store; batcher: ReturnType<typeof createIngestBatcher> }> {
  const store = await openSqliteStore(':memory:');
  const pipeline = createIngestPipeline({ store, clock: systemClock, logger: silentLogger });
  return { store, batcher: createIngestBatcher({ pipeline, logger: silentLogger, source: 'opcua' }) };
}

describe('OPC UA client', () => {
  it('browses 3,000 variables in pages with progress, data types, values and units', async () => {
    const conn = await connectOpcua({
      endpoint: server.endpoint,
      pkiFolder: join(dir, 'c1'),
      logger: silentLogger,
    });
    try {
      const progress: number[] = [];
      const out = await browseVariables(conn.session, {
        pageSize: 50,
        onProgress: (p) => progress.push(p.visited),
      });
      expect(out.truncated).toBe(false);
      const mine = out.variables.filter((v) => v.browsePath.startsWith('Objects/Machine'));
      expect(mine).toHaveLength(3000);
      expect(mine.find((v) => v.nodeId === 'ns=1;s=M5.v7')).toMatchObject({
        browsePath: 'Objects/Machine5/v7',
        dataType: 'Double',
        status: 'Good',
      });
      expect(out.variables.find((v) => v.browsePath === 'Objects/Cell/OvenTemp')).toMatchObject({
        unit: 'Cel',
      });
      expect(progress.length).toBeGreaterThan(1);
      const bounded = await browseVariables(conn.session, { maxNodes: 200 });
      expect(bounded.truncated).toBe(true);
      expect(bounded.variables.length).toBeLessThan(200);
    } finally {
      await conn.close();
    }
  }, 120_000);

  it('subscribes to 3,002 items over SignAndEncrypt with a user, split into subscriptions, Uncertain flagged and Bad quarantined', async () => {
    const { store, batcher } = await rig();
    const items = [
      ...Array.from({ length: 3000 }, (_, i) => ({
        nodeId: `ns=1;s=M${Math.floor(i / 100)}.v${i % 100}`,
        seriesId: `plant/m${Math.floor(i / 100)}/v${i % 100}`,
      })),
      { nodeId: 'ns=1;s=Cell.Uncertain', seriesId: 'plant/cell/uncertain' },
      { nodeId: 'ns=1;s=Cell.Broken', seriesId: 'plant/cell/broken' },
      { nodeId: 'ns=1;s=Nope', seriesId: 'plant/cell/nope' },
    ];
    const c = await startOpcuaConnector({
      endpoint: server.endpoint,
      securityMode: 'SignAndEncrypt',
      securityPolicy: 'Basic256Sha256',
      user: 'op',
      password: 'secret',
      pkiFolder: join(dir, 'c2'),
      trustUnknownServer: true,
      items,
      subscription: { samplingIntervalMs: 250, publishingIntervalMs: 250, maxItemsPerSubscription: 1000 },
      batcher,
      clock: systemClock,
      logger: silentLogger,
    });
    try {
      expect(c.status()).toMatchObject({
        subscriptions: 4,
        items: 3003,
        refused: [{ nodeId: 'ns=1;s=Nope', status: 'BadNodeIdUnknown' }],
      });
      await until(async () => ((await store.latest()).size >= 3001 ? true : undefined));
      const un = await until(async () => {
        const p = await store.queryPoints('plant/cell/uncertain', { from: 0, to: Date.now() + 60_000 });
        return p.length > 0 ? p : undefined;
      });
      expect(un[0]!.quality & QUALITY.UNCERTAIN).toBe(QUALITY.UNCERTAIN);
      expect(await store.getSeries('plant/cell/broken')).toBeUndefined();
      const q = await until(async () => {
        const rows = await store.listQuarantine({ status: 'open' });
        return rows.length > 0 ? rows : undefined;
      });
      expect(q[0]).toMatchObject({ source: 'opcua', location: 'opcua:ns=1;s=Cell.Broken' });
      expect(q[0]!.reasons[0]!.message).toContain('BadSensorFailure');
    } finally {
      await c.close();
      await store.close();
    }
  }, 180_000);

  it('refuses a server certificate it does not trust, naming the folder, and connects once it is trusted', async () => {
    const pki = join(dir, 'c3');
    const attempt = () =>
      connectOpcua({
        endpoint: server.endpoint,
        securityMode: 'SignAndEncrypt',
        pkiFolder: pki,
        connectTimeoutMs: 20_000,
        logger: silentLogger,
      });
    await expect(attempt()).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('rejected'),
    });
    const rejected = readdirSync(join(pki, 'rejected'));
    expect(rejected.length).toBe(1);
    cpSync(join(pki, 'rejected', rejected[0]!), join(pki, 'trusted', 'certs', rejected[0]!));
    rmSync(join(pki, 'rejected', rejected[0]!));
    const conn = await attempt();
    await conn.close();
  }, 120_000);

  it('refuses a wrong password as UNAUTHENTICATED', async () => {
    await expect(
      connectOpcua({
        endpoint: server.endpoint,
        securityMode: 'SignAndEncrypt',
        user: 'op',
        password: 'wrong',
        pkiFolder: join(dir, 'c2'),
        trustUnknownServer: true,
        logger: silentLogger,
      }),
    ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  }, 120_000);

  it('keeps storing after the server restarts mid-subscription', async () => {
    const { store, batcher } = await rig();
    const c = await startOpcuaConnector({
      endpoint: server.endpoint,
      pkiFolder: join(dir, 'c4'),
      items: [{ nodeId: 'ns=1;s=M0.v1', seriesId: 'plant/m0/v1' }],
      subscription: { samplingIntervalMs: 200, publishingIntervalMs: 200 },
      batcher,
      clock: systemClock,
      logger: silentLogger,
      maxReconnectDelayMs: 1000,
    });
    try {
      await until(async () => ((await store.getSeries('plant/m0/v1')) ? true : undefined));
      await server.stop();
      const restartedAt = Date.now();
      server = await startOpcuaServer({ port, pkiFolder: serverPki });
      await until(async () => {
        const p = (await store.latest(['plant/m0/v1'])).get('plant/m0/v1');
        return p && p.ts > restartedAt ? true : undefined;
      }, 120_000);
      expect(c.status().reconnects).toBeGreaterThanOrEqual(1);
    } finally {
      await c.close();
      await store.close();
    }
  }, 300_000);
});
