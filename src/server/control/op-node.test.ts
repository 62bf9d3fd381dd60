/**
 * A control loop driving a node of node-opcua's own server started here, end to end: the loop
 * manager's output goes through the connector manager's `writeNode` to the connector declared in the
 * store, which writes only its allow-listed node. A server restart makes the loop `op-failed` (and
 * audited), and the output arrives again once the session is back.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AttributeIds } from 'node-opcua';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Timer } from '../../control/index.js';
import { silentLogger, systemClock } from '../../core/index.js';
import { until as waitFor } from '../../core/until.fixture.js';
import { createIngestPipeline } from '../../ingest/index.js';
import {
  connectReader,
  freePort,
  startOpcuaServer,
  type TestOpcuaServer,
} from '../../ingest/opcua/opcua-server.fixture.js';
import type { OpcuaConnection } from '../../ingest/opcua/session.js';
import { openSqliteStore, type Store } from '../../store/index.js';
import { createLocalLeases } from '../cluster/leases.js';
import { type ConnectorManager, createConnectorManager } from '../connectors/connector-manager.js';
import { type ConnectorSpec, connectorCollection } from '../connectors/connector-spec.js';
import { createLiveBus } from '../live/bus.js';
import { createLoopManager } from './wiring.js';

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-opnode-'));
const serverPki = join(dir, 'server-pki');
let port: number;
let server: TestOpcuaServer;
let store: Store;
let connectors: ConnectorManager;
let reader: OpcuaConnection;
const options = () => ({ port, pkiFolder: serverPki, machines: 1, perMachine: 1, actuators: true });

/** Ticks only when the test says so: each `tick()` runs one sample of every loop. */
const ticks = new Set<() => void>();
const manualTimer: Timer = {
  every(_ms, fn) {
    ticks.add(fn);
    return () => ticks.delete(fn);
  },
};
const tick = () => {
  for (const f of ticks) f();
};

const until = <T>(f: () => Promise<T | undefined>, ms = 120_000) => waitFor(f, ms, 300);

const valveValue = async (): Promise<unknown> =>
  (await reader.session.read({ nodeId: 'ns=1;s=Act.Valve', attributeId: AttributeIds.Value })).value.value;

beforeAll(async () => {
  port = await freePort();
  server = await startOpcuaServer(options());
  store = await openSqliteStore(':memory:');
  const spec: ConnectorSpec = {
    id: 'press-plc',
    kind: 'opcua',
    enabled: true,
    updatedAt: 1,
    config: {
      endpoint: server.endpoint,
      securityMode: 'None',
      items: [{ nodeId: 'ns=1;s=M0.v0', seriesId: 'plant1/press/v0' }],
      samplingIntervalMs: 1000,
      publishingIntervalMs: 1000,
      maxItemsPerSubscription: 1000,
      writable: ['ns=1;s=Act.Valve'],
      minWriteIntervalMs: 0,
    },
  };
  await connectorCollection.put(store, spec.id, spec);
  connectors = createConnectorManager({
    store,
    pipeline: createIngestPipeline({ store, clock: systemClock, logger: silentLogger }),
    leases: createLocalLeases('node-1'),
    clock: systemClock,
    logger: silentLogger,
    broker: () => undefined,
    pkiFolder: join(dir, 'client'),
  });
  await connectors.sync();
  await until(async () => ((await connectors.statuses())[0]?.state === 'running' ? true : undefined));
  reader = await connectReader(server, dir);
}, 180_000);
afterAll(async () => {
  await reader?.close();
  await connectors?.close();
  await server?.stop();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('loop output written to an OPC UA node', () => {
  it('arrives at the node; a server restart is reported and the output arrives again after it', async () => {
    const loops = createLoopManager({
      store,
      bus: createLiveBus(),
      clock: systemClock,
      logger: silentLogger,
      getBroker: () => undefined,
      timer: manualTimer,
      writeNode: (id, nodeId, value, limits) => connectors.writeNode(id, nodeId, value, limits),
    });
    const loop = await loops.create(
      {
        id: 'plant1/press/TIC-7',
        sampleTimeMs: 1000,
        setpoint: 50,
        manualOutput: 37.5,
        tuning: { kc: 1 },
        opNode: { connector: 'press-plc', nodeId: 'ns=1;s=Act.Valve' },
      },
      'test',
    );
    try {
      tick();
      expect(await until(async () => ((await valveValue()) === 37.5 ? true : undefined))).toBe(true);

      await server.stop();
      await until(async () => {
        tick();
        await new Promise((r) => setTimeout(r, 50));
        return loop.snapshot().opError !== null ? true : undefined;
      });
      expect(loop.snapshot().status).toBe('op-failed');
      expect(loop.snapshot().opError).toMatch(/not written|link is down/);

      await loop.setManualOutput(62, 'test');
      server = await startOpcuaServer(options());
      await until(async () => {
        tick();
        await new Promise((r) => setTimeout(r, 50));
        return loop.snapshot().opError === null ? true : undefined;
      });
      await reader.close();
      reader = await connectReader(server, dir);
      expect(await valveValue()).toBe(62);
      const what = (await loops.audit.list(loop.id)).map((e) => e.what);
      expect(what).toContain('op-failed');
      expect(what.at(-1)).toBe('op-restored');
    } finally {
      loops.stopAll();
    }
  }, 300_000);
});
