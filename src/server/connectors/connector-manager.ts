/**
 * Runs the connectors declared in the store, each under the lease `connector.<id>` so that in a
 * cluster exactly one node runs it (and another takes it over when that node dies). Keeps what the
 * Connections page shows: state, last value time, error counts and messages per second.
 * OPC UA is loaded only when an OPC UA connector starts (node-opcua takes seconds to load).
 */
import { dirname, join } from 'node:path';
import { type Clock, type Logger, XinzhiError } from '../../core/index.js';
import {
  aedesTransport,
  type CleaningPipeline,
  mqttTransport,
  readRegisterMap,
  type SparkplugTransport,
  startModbusPoller,
  startSparkplugConnector,
} from '../../ingest/index.js';
import { createIngestBatcher, type EmbeddedBroker } from '../../ingest/mqtt/index.js';
import type { Store } from '../../store/index.js';
import type { Leases } from '../cluster/leases.js';
import { type ConnectorSpec, connectorCollection } from './connector-spec.js';

export interface ConnectorStatus {
  readonly id: string;
  readonly kind: string;
  readonly name: string;
  readonly enabled: boolean;
  /** `running` here, `elsewhere` (another node holds it), `starting`, `failed`, `stopped`, `disabled`. */
  readonly state: 'running' | 'elsewhere' | 'starting' | 'failed' | 'stopped' | 'disabled';
  readonly node: string | null;
  readonly lastValueAt: number | null;
  readonly messages: number;
  readonly messagesPerSecond: number;
  readonly readings: number;
  readonly quarantined: number;
  readonly errors: number;
  readonly lastError: string | null;
}

interface Running {
  close(): Promise<void>;
  /** OPC UA connectors: writes a loop output to an allowed node. */
  write?: (nodeId: string, value: number, limits: { min: number; max: number }) => Promise<unknown>;
  sample(): {
    messages: number;
    readings: number;
    quarantined: number;
    errors: number;
    lastValueAt: number | null;
    lastError: string | null;
  };
}

interface Slot {
  spec: ConnectorSpec;
  release: () => Promise<void>;
  running?: Running | undefined;
  state: ConnectorStatus['state'];
  failure: string | null;
  failures: number;
  rate: { at: number; messages: number; perSecond: number };
}

export interface ConnectorManagerDeps {
  readonly store: Store;
  readonly pipeline: CleaningPipeline;
  readonly leases: Leases;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The embedded broker, once started (Sparkplug connectors with `broker: embedded`). */
  readonly broker: () => EmbeddedBroker | undefined;
  /** Where OPC UA certificates live; default `opcua-pki/` beside the database. */
  readonly pkiFolder: string;
  readonly env?: NodeJS.ProcessEnv;
}

export interface ConnectorManager {
  /** Reads the declarations and starts, restarts or stops connectors to match. */
  sync(): Promise<void>;
  statuses(): Promise<ConnectorStatus[]>;
  /**
   * Writes a control loop's output to a node through connector `id` if it runs here: NOT_FOUND
   * (no such connector), BAD_INPUT (not OPC UA), UNAVAILABLE (not running on this node, link
   * down, Bad status) or FORBIDDEN (node not on its writable list).
   */
  writeNode(
    id: string,
    nodeId: string,
    value: number,
    limits: { min: number; max: number },
  ): Promise<unknown>;
  close(): Promise<void>;
}

export const pkiFolderFor = (db: string): string =>
  db === ':memory:' || /^postgres(ql)?:/.test(db)
    ? join(process.cwd(), 'opcua-pki')
    : join(dirname(db), 'opcua-pki');

export function createConnectorManager(deps: ConnectorManagerDeps): ConnectorManager {
  const { store, pipeline, leases, clock, logger } = deps;
  const slots = new Map<string, Slot>();

  async function start(spec: ConnectorSpec): Promise<Running> {
    const batcher = createIngestBatcher({ pipeline, logger, source: spec.kind });
    if (spec.kind === 'modbus') {
      const poller = startModbusPoller({
        devices: spec.config.devices.map((d) => ({
          ...d,
          map: readRegisterMap(d.map, `connector ${spec.id}`),
        })),
        sink: batcher,
        clock,
        logger,
      });
      return {
        close: async () => {
          await poller.close();
          await batcher.flush();
        },
        sample: () => {
          const s = poller.status();
          const last = s.map((d) => d.lastValueAt ?? 0).reduce((a, b) => Math.max(a, b), 0);
          return {
            messages: s.reduce((n, d) => n + d.requests, 0),
            readings: batcher.stats.accepted,
            quarantined: batcher.stats.quarantined,
            errors: s.reduce((n, d) => n + d.errors, 0),
            lastValueAt: last > 0 ? last : null,
            lastError: s.find((d) => d.lastError)?.lastError ?? null,
          };
        },
      };
    }
    if (spec.kind === 'sparkplug') {
      const c = spec.config;
      const hostId = c.hostId ?? `xinzhi-${spec.id}`;
      let transport: SparkplugTransport;
      if (c.broker === 'embedded') {
        const b = deps.broker();
        if (!b)
          throw new Error(
            'the embedded MQTT broker is off (serve --mqtt-port); give the connector a broker URL',
          );
        transport = aedesTransport(b.broker);
      } else
        transport = await mqttTransport({
          url: c.broker,
          clientId: `${hostId}-${leases.nodeId}`,
          will: {
            topic: `spBv1.0/STATE/${hostId}`,
            payload: JSON.stringify({ online: false, timestamp: clock.now() }),
          },
        });
      const conn = await startSparkplugConnector({
        transport,
        batcher,
        clock,
        logger,
        events: (e) => store.appendEvent(e),
        hostId,
        ...(c.group === undefined ? {} : { group: c.group }),
        ...(c.assetRoot === undefined ? {} : { assetRoot: c.assetRoot }),
      });
      return {
        close: () => conn.close(),
        sample: () => {
          const s = conn.status();
          return {
            messages: s.counters.messages,
            readings: batcher.stats.accepted,
            quarantined: batcher.stats.quarantined,
            errors: s.errors + s.counters.malformed + s.counters.seqGaps,
            lastValueAt: s.lastMessageAt,
            lastError: s.lastError,
          };
        },
      };
    }
    const c = spec.config;
    const op = await import('../../ingest/opcua/index.js');
    const env = deps.env ?? process.env;
    const conn = await op.startOpcuaConnector({
      endpoint: c.endpoint,
      securityMode: c.securityMode,
      ...(c.securityPolicy === undefined ? {} : { securityPolicy: c.securityPolicy }),
      ...(c.user === undefined
        ? {}
        : { user: c.user, password: c.passwordEnv ? (env[c.passwordEnv] ?? '') : '' }),
      pkiFolder: deps.pkiFolder,
      items: c.items,
      writable: c.writable ?? [],
      ...(c.minWriteIntervalMs === undefined ? {} : { minWriteIntervalMs: c.minWriteIntervalMs }),
      subscription: {
        samplingIntervalMs: c.samplingIntervalMs,
        publishingIntervalMs: c.publishingIntervalMs,
        maxItemsPerSubscription: c.maxItemsPerSubscription,
        ...(c.deadband ? { deadband: c.deadband } : {}),
      },
      batcher,
      clock,
      logger,
    });
    return {
      close: () => conn.close(),
      write: (nodeId, value, limits) => conn.write(nodeId, value, limits),
      sample: () => {
        const s = conn.status();
        return {
          messages: s.changes,
          readings: batcher.stats.accepted,
          quarantined: batcher.stats.quarantined,
          errors: s.errors + s.refused.length + s.writeFailures,
          lastValueAt: s.lastValueAt,
          lastError: s.lastError ?? (s.refused[0] ? `${s.refused[0].nodeId}: ${s.refused[0].status}` : null),
        };
      },
    };
  }

  function hold(spec: ConnectorSpec): Slot {
    const slot: Slot = {
      spec,
      release: async () => undefined,
      state: spec.enabled ? 'elsewhere' : 'disabled',
      failure: null,
      failures: 0,
      rate: { at: clock.now(), messages: 0, perSecond: 0 },
    };
    if (!spec.enabled) return slot;
    slot.release = leases.hold(`connector.${spec.id}`, {
      start: async () => {
        slot.state = 'starting';
        try {
          slot.running = await start(spec);
          slot.state = 'running';
          slot.failure = null;
          logger.info({ connector: spec.id, kind: spec.kind }, 'connector started');
        } catch (e) {
          slot.state = 'failed';
          slot.failures++;
          slot.failure = e instanceof Error ? e.message : String(e);
          logger.warn(
            { connector: spec.id, err: slot.failure },
            'connector failed to start; retried on the next sync',
          );
        }
      },
      stop: async () => {
        const r = slot.running;
        slot.running = undefined;
        slot.state = 'elsewhere';
        await r
          ?.close()
          .catch((err: unknown) => logger.warn({ connector: spec.id, err }, 'connector close failed'));
      },
    });
    return slot;
  }

  let syncing: Promise<void> = Promise.resolve();
  const doSync = async (): Promise<void> => {
    const docs = await connectorCollection.list(store);
    const want = new Map(docs.map((d) => [d.key, d.doc]));
    for (const [id, slot] of slots) {
      const spec = want.get(id);
      if (!spec || spec.updatedAt !== slot.spec.updatedAt) {
        slots.delete(id);
        await slot.release();
      } else if (slot.state === 'failed' && slot.spec.enabled) {
        // Retry a connector that failed to start (server down at the time), keeping the lease.
        slots.delete(id);
        await slot.release();
      }
    }
    for (const [id, spec] of want) if (!slots.has(id)) slots.set(id, hold(spec));
  };

  const timer = setInterval(
    () => void manager.sync().catch((err: unknown) => logger.warn({ err }, 'connectors: sync failed')),
    30_000,
  );
  timer.unref();

  const manager: ConnectorManager = {
    sync() {
      syncing = syncing.then(doSync, doSync);
      return syncing;
    },
    async statuses() {
      const holders = await leases.holders().catch(() => ({}) as Record<string, string>);
      const now = clock.now();
      return [...slots.values()]
        .map((slot): ConnectorStatus => {
          const s = slot.running?.sample();
          if (s) {
            const dt = (now - slot.rate.at) / 1000;
            if (dt >= 1) {
              slot.rate = {
                at: now,
                messages: s.messages,
                perSecond: Math.max(0, (s.messages - slot.rate.messages) / dt),
              };
            }
          }
          return {
            id: slot.spec.id,
            kind: slot.spec.kind,
            name: slot.spec.name ?? slot.spec.id,
            enabled: slot.spec.enabled,
            state: slot.state,
            node: holders[`connector.${slot.spec.id}`] ?? null,
            lastValueAt: s?.lastValueAt ?? null,
            messages: s?.messages ?? 0,
            messagesPerSecond: Math.round(slot.rate.perSecond * 10) / 10,
            readings: s?.readings ?? 0,
            quarantined: s?.quarantined ?? 0,
            errors: (s?.errors ?? 0) + slot.failures,
            lastError: s?.lastError ?? slot.failure,
          };
        })
        .sort((a, b) => a.id.localeCompare(b.id));
    },
    async writeNode(id, nodeId, value, limits) {
      const slot = slots.get(id);
      if (!slot) throw new XinzhiError('NOT_FOUND', `no connector '${id}'`, { field: 'opNode.connector' });
      if (slot.spec.kind !== 'opcua')
        throw new XinzhiError('BAD_INPUT', `connector '${id}' is ${slot.spec.kind}, not opcua`, {
          field: 'opNode.connector',
        });
      const write = slot.running?.write;
      if (!write)
        throw new XinzhiError(
          'UNAVAILABLE',
          `connector '${id}' is ${slot.state} on this node; ${nodeId} not written`,
          {
            field: 'opNode.connector',
          },
        );
      return write(nodeId, value, limits);
    },
    async close() {
      clearInterval(timer);
      await syncing.catch(() => undefined);
      for (const slot of slots.values()) await slot.release();
      slots.clear();
    },
  };
  return manager;
}
