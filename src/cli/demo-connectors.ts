/**
 * The demo's machines that do not speak MQTT: an OPC UA lathe and a Modbus TCP energy meter,
 * started beside the server on free loopback ports and declared as connectors in the store, so
 * the server's own connectors read them (Connections page) like real ones. Started in the
 * background after the demo goes live: node-opcua takes seconds to load and initialise.
 */
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from '../core/index.js';
import { DEMO_METER_MAP, MODBUS_METER_ASSET, startDemoModbusMeter } from '../demo/modbus-meter.js';
import { OPCUA_MACHINE_ASSET, startDemoOpcuaMachine } from '../demo/opcua-machine.js';
import { registerMapSchema } from '../ingest/modbus/index.js';
import { type ConnectorManager, type ConnectorSpec, connectorCollection } from '../server/index.js';
import type { Store } from '../store/index.js';

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

export interface DemoConnectors {
  stop(): Promise<void>;
}

export async function startDemoConnectors(
  store: Store,
  connectors: ConnectorManager | undefined,
  logger: Logger,
): Promise<DemoConnectors> {
  const stops: Array<() => Promise<void>> = [];
  const now = Date.now();
  try {
    const meter = await startDemoModbusMeter(await freePort());
    stops.push(meter.stop);
    const modbus: ConnectorSpec = {
      id: 'demo-meter',
      kind: 'modbus',
      name: 'Main energy meter (Modbus TCP)',
      enabled: true,
      updatedAt: now,
      config: {
        devices: [
          {
            host: '127.0.0.1',
            port: meter.port,
            unitId: 1,
            asset: MODBUS_METER_ASSET,
            map: registerMapSchema.parse(DEMO_METER_MAP),
            timeoutMs: 1000,
            retries: 2,
            minGapMs: 0,
          },
        ],
      },
    };
    await connectorCollection.put(store, modbus.id, modbus);
    await connectors?.sync();
    const lathe = await startDemoOpcuaMachine(
      await freePort(),
      join(tmpdir(), 'xinzhi-demo-opcua-server-pki'),
    );
    stops.push(lathe.stop);
    const opcua: ConnectorSpec = {
      id: 'demo-lathe',
      kind: 'opcua',
      name: 'Lathe 07 (OPC UA)',
      enabled: true,
      updatedAt: now,
      config: {
        endpoint: lathe.endpoint,
        securityMode: 'None',
        items: lathe.nodes.map((n) => ({
          nodeId: n.nodeId,
          seriesId: `${OPCUA_MACHINE_ASSET}/${n.metric}`,
          ...(n.unit ? { unit: n.unit } : {}),
        })),
        samplingIntervalMs: 1000,
        publishingIntervalMs: 1000,
        maxItemsPerSubscription: 1000,
        writable: [],
        minWriteIntervalMs: 500,
      },
    };
    await connectorCollection.put(store, opcua.id, opcua);
    await connectors?.sync();
    logger.info(
      { opcua: lathe.endpoint, modbus: meter.port },
      'demo: OPC UA lathe and Modbus meter connected',
    );
  } catch (e) {
    logger.warn({ err: (e as Error).message }, 'demo: OPC UA / Modbus machines not started');
  }
  return {
    async stop() {
      for (const s of stops.reverse()) await s().catch(() => undefined);
    },
  };
}
