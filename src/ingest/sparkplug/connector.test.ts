/**
 * The connector against real brokers: the embedded aedes broker (over TCP and in-process) and,
 * when reachable, the machine's Mosquitto as the external one. The edge node is a real MQTT client
 * publishing Tahu-encoded payloads; readings end in a real SQLite store through the pipeline.
 */
import { randomBytes } from 'node:crypto';
import mqtt from 'mqtt';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger, systemClock } from '../../core/index.js';
import { until as waitFor } from '../../core/until.fixture.js';
import type { Store } from '../../store/index.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import { createIngestBatcher } from '../mqtt/batcher.js';
import { type EmbeddedBroker, startEmbeddedBroker } from '../mqtt/broker.js';
import { EXTERNAL_MQTT_URL, externalBrokerReachable } from '../mqtt/external-broker.fixture.js';
import { createIngestPipeline } from '../pipeline/create-ingest-pipeline.js';
import { type SparkplugConnector, startSparkplugConnector } from './connector.js';
import { decodeSparkplugPayload } from './decode.js';
import { EdgeNodeSim } from './edge-node.fixture.js';
import { aedesTransport, mqttTransport, type SparkplugTransport } from './transport.js';

const EXTERNAL = EXTERNAL_MQTT_URL;
const externalUp = await externalBrokerReachable();

const until = <T>(f: () => Promise<T | undefined>, ms = 10_000) => waitFor(f, ms, 25);

interface Rig {
  store: Store;
  broker: EmbeddedBroker;
  connector: SparkplugConnector;
  url: string;
  close(): Promise<void>;
}

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function setUp(kind: 'tcp' | 'in-process' | 'external', group: string): Promise<Rig> {
  const store = await openSqliteStore(':memory:');
  const pipeline = createIngestPipeline({ store, clock: systemClock, logger: silentLogger });
  const batcher = createIngestBatcher({ pipeline, logger: silentLogger, source: 'sparkplug' });
  const broker = await startEmbeddedBroker({ batcher, clock: systemClock, logger: silentLogger, port: 0 });
  const url = kind === 'external' ? EXTERNAL : broker.url;
  const transport: SparkplugTransport =
    kind === 'in-process'
      ? aedesTransport(broker.broker)
      : await mqttTransport({ url, clientId: `xinzhi-spb-${randomBytes(4).toString('hex')}` });
  const connector = await startSparkplugConnector({
    transport,
    batcher,
    clock: systemClock,
    logger: silentLogger,
    events: (e) => store.appendEvent(e),
    group,
    hostId: `xinzhi-${group}`,
  });
  return {
    store,
    broker,
    connector,
    url,
    async close() {
      await connector.close();
      if (kind === 'external') {
        // Leave no retained STATE of this run on the shared broker.
        const c = await mqtt.connectAsync(EXTERNAL, { reconnectPeriod: 0 });
        await c.publishAsync(`spBv1.0/STATE/xinzhi-${group}`, '', { retain: true, qos: 1 });
        await c.endAsync();
      }
      await broker.close();
      await store.close();
    },
  };
}

async function scenario(kind: 'tcp' | 'in-process' | 'external'): Promise<void> {
  const group = `g${randomBytes(3).toString('hex')}`;
  rig = await setUp(kind, group);
  const { store, connector } = rig;
  const edge = new EdgeNodeSim(group, 'gw1');
  const client = await mqtt.connectAsync(rig.url, { reconnectPeriod: 0 });
  const commands: Buffer[] = [];
  client.on('message', (_t, p) => commands.push(p));
  await client.subscribeAsync(edge.topic('NCMD'), { qos: 0 });
  try {
    const t0 = Date.now() - 60_000;
    await client.publishAsync(
      edge.topic('NBIRTH'),
      edge.birth(t0, [{ name: 'Supply/Voltage', alias: 1, type: 'Double', value: 230 }]),
    );
    await client.publishAsync(
      edge.topic('DBIRTH', 'press1'),
      edge.payload(
        'DBIRTH',
        [
          {
            name: 'temp',
            alias: 10,
            type: 'Float',
            value: 20,
            properties: { engUnit: { type: 'String', value: 'Cel' } },
          },
        ],
        t0,
      ),
    );
    for (let i = 1; i <= 5; i++)
      await client.publishAsync(
        edge.topic('DDATA', 'press1'),
        edge.payload(
          'DDATA',
          [{ alias: 10, type: 'Float', value: 20 + i, timestamp: t0 + i * 1000 }],
          t0 + i * 1000,
        ),
      );
    // A malformed payload, then an alias no birth declared: quarantined, and a rebirth requested.
    await client.publishAsync(edge.topic('DDATA', 'press1'), Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]));
    await client.publishAsync(
      edge.topic('DDATA', 'press1'),
      edge.payload('DDATA', [{ alias: 77, type: 'Double', value: 1 }], t0 + 9000),
    );
    const series = `${group}/gw1/press1/temp`;
    const pts = await until(async () => {
      if (!(await store.getSeries(series))) return undefined;
      const p = await store.queryPoints(series, { from: t0, to: t0 + 10_000 });
      return p.length === 6 ? p : undefined;
    });
    expect(pts.map((p) => p.value)).toEqual([20, 21, 22, 23, 24, 25]);
    expect((await store.getSeries(series))?.unit).toBe('Cel');
    const rows = await until(async () => {
      const r = await store.listQuarantine({ status: 'open' });
      return r.length >= 2 ? r : undefined;
    });
    expect(rows.map((r) => r.reasons[0]!.code).sort()).toEqual(['INGEST_BAD_PAYLOAD', 'INGEST_BAD_ROW']);
    const cmd = await until(async () => commands[0]);
    const decoded = decodeSparkplugPayload(cmd, 10);
    expect(decoded.ok && decoded.payload.metrics[0]).toMatchObject({
      name: 'Node Control/Rebirth',
      value: true,
    });
    // The node dies: its series are stale, and the event is stored.
    await client.publishAsync(edge.topic('NDEATH'), edge.death(Date.now()));
    await until(async () => (connector.status().stale.length > 0 ? true : undefined));
    expect(connector.status()).toMatchObject({ stale: [`${group}/gw1`], connected: true });
    const events = await store.listEvents({ kind: 'sparkplug.stale' });
    expect(events).toHaveLength(1);
  } finally {
    await client.endAsync(true);
  }
}

describe('Sparkplug B connector', () => {
  it('reads an edge node on the embedded broker over TCP', async () => {
    await scenario('tcp');
  });

  it('reads an edge node on the embedded broker in-process', async () => {
    await scenario('in-process');
  });

  it.skipIf(!externalUp)('reads an edge node on an external broker (Mosquitto)', async () => {
    await scenario('external');
  });
});
