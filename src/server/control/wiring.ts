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

export function createLoopManager(o: {
  store: Store;
  bus: LiveBus;
  clock: Clock;
  logger: Logger;
  getBroker: () => Aedes | undefined;
  /** In a cluster: outputs also go out on NATS (see the header). */
  publishCmd?: CmdPublisher;
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
    opSink: (cfg) => brokerOpSink(o.getBroker, cfg, o.publishCmd),
    ...(o.hold ? { hold: o.hold } : {}),
  });
}
