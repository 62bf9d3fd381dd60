/**
 * Wires control loops into a running server: the PV of a loop is the live feed of its series (points
 * reach the bus after they are stored, so a loop acts only on data that was accepted and kept), and
 * the OP is published as `{ts, value, unit}` on the loop's actuator topic of the embedded broker.
 *
 * Actuator topics live outside the `xinzhi/v1/` data prefix (default `xinzhi/cmd/<asset>/<name>`), so
 * the embedded broker and an external subscriber (filter `xinzhi/v1/#`) never ingest commands as data.
 * They are published retained, so a device that reconnects gets the current output at once.
 *
 * In a cluster (`serve --nats-url`) the loop runs on whichever node holds its lease, so the output is
 * also published on NATS (`publishCmd`), as the subject NATS's MQTT listener maps the topic to:
 * devices subscribed there get it from any holder. Core NATS does not keep it retained; a device
 * that reconnects gets the next output one loop period later.
 *
 * A loop with an `opNode` also writes its output to that OPC UA node through the named connector
 * (`NodeWrite`, the connector manager's `writeNode`): clamped to the loop's current output limits,
 * in the node's data type, rate-limited, and only if the connector's declaration lists the node as
 * writable. A failed write rejects, so the loop shows `op-failed` and audits the outage; the next
 * sample writes again, which is the retry once the link is back. A deleted loop leaves the node at
 * its last value: the safe state of a machine is the PLC's to decide, not a write from here.
 */
import type { Aedes } from 'aedes';
import {
  type LoopConfig,
  LoopManager,
  type LoopManagerDeps,
  type OpSink,
  type PvSource,
  realTimer,
  type Timer,
} from '../../control/index.js';
import { type Clock, type Logger, XinzhiError } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import type { LiveBus } from '../live/bus.js';

export const CMD_PREFIX = 'xinzhi/cmd/';

/** The live points of one series as a loop's PV source. */
export function busPvSource(bus: LiveBus, seriesId: string): PvSource {
  return {
    subscribe(listener) {
      return bus.onPoints((points) => {
        for (const p of points) if (p.seriesId === seriesId) listener({ ts: p.ts, value: p.value });
      });
    },
  };
}

/** Publishes a command on the cluster's NATS (the subject of an MQTT topic). */
export type CmdPublisher = (topic: string, payload: Uint8Array) => Promise<void>;

/**
 * Publishes a loop's output on its topic through the broker `getBroker` returns and, in a cluster,
 * on NATS: it fails only when neither is there.
 */
export function brokerOpSink(
  getBroker: () => Aedes | undefined,
  config: LoopConfig,
  publishCmd?: CmdPublisher,
): OpSink {
  const topic = config.opTopic;
  const publish = async (payload: Buffer): Promise<void> => {
    const broker = getBroker();
    if ((!broker && !publishCmd) || !topic)
      throw new XinzhiError('UNAVAILABLE', `no MQTT broker to publish ${topic ?? '(no topic)'} on`, {
        field: 'opTopic',
      });
    if (publishCmd) await publishCmd(topic, payload);
    if (broker)
      await new Promise<void>((resolve, reject) => {
        broker.publish({ cmd: 'publish', topic, payload, qos: 0, retain: true, dup: false }, (err) =>
          err ? reject(err) : resolve(),
        );
      });
  };
  return {
    write(value, ts) {
      return publish(Buffer.from(JSON.stringify({ ts, value, unit: config.opUnit })));
    },
    // An empty retained message deletes the retained output (MQTT 3.1.1 §3.3.1.3).
    retire: () => (getBroker() || publishCmd ? publish(Buffer.alloc(0)) : undefined),
  };
}

/** Writes a value to a node through a connector (the connector manager's `writeNode`). */
export type NodeWrite = (
  connector: string,
  nodeId: string,
  value: number,
  limits: { readonly min: number; readonly max: number },
) => Promise<unknown>;

/** Writes a loop's output to its `opNode`, clamped to the loop's limits as they are now. */
export function nodeOpSink(write: NodeWrite, current: () => LoopConfig): OpSink {
  return {
    async write(value) {
      const cfg = current();
      if (!cfg.opNode) return;
      await write(cfg.opNode.connector, cfg.opNode.nodeId, value, {
        min: cfg.limits.outMin,
        max: cfg.limits.outMax,
      });
    },
  };
}

/** Both sinks: a write fails when either fails (the loop reports it); retire is the topic's. */
export function bothSinks(a: OpSink, b: OpSink): OpSink {
  return {
    async write(value, ts) {
      const out = await Promise.allSettled([a.write(value, ts), b.write(value, ts)]);
      const bad = out.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (bad) throw bad.reason;
    },
    retire: () => a.retire?.(),
  };
}

export function createLoopManager(o: {
  store: Store;
  bus: LiveBus;
  clock: Clock;
  logger: Logger;
  getBroker: () => Aedes | undefined;
  /** In a cluster: outputs also go out on NATS (see the header). */
  publishCmd?: CmdPublisher;
  /** Writes loop outputs to OPC UA nodes (loops with an `opNode`). */
  writeNode?: NodeWrite;
  timer?: Timer;
  /** Runs a loop only while its cluster lease is held (`LoopManagerDeps.hold`); default always. */
  hold?: LoopManagerDeps['hold'];
}): LoopManager {
  return new LoopManager({
    store: o.store,
    clock: o.clock,
    timer: o.timer ?? realTimer,
    logger: o.logger,
    pvSource: (series) => busPvSource(o.bus, series),
    opSink: (cfg, current) => {
      const noNodeWriter: NodeWrite = () =>
        Promise.reject(
          new XinzhiError('UNAVAILABLE', 'this server runs no connectors to write OPC UA nodes', {
            field: 'opNode',
          }),
        );
      const node = cfg.opNode ? nodeOpSink(o.writeNode ?? noNodeWriter, current) : undefined;
      const topic = cfg.opTopic ? brokerOpSink(o.getBroker, cfg, o.publishCmd) : undefined;
      return topic && node ? bothSinks(topic, node) : (node ?? topic ?? { write: () => undefined });
    },
    ...(o.hold ? { hold: o.hold } : {}),
  });
}
