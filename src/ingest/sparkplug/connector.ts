/**
 * The Sparkplug B connector: subscribes to `spBv1.0/<group>/#` through a transport, runs each
 * message through the host state (`host.ts`), hands readings and quarantine rows to the group
 * committer (the same cleaning pipeline as MQTT JSON), records births, deaths (stale series) and
 * sequence gaps as events, and publishes rebirth requests. Publishes the host application's
 * retained STATE (Sparkplug 3.0 §5.2) so edge nodes configured with a primary host see it online.
 */
import type { Clock, Logger } from '../../core/index.js';
import type { EventInput } from '../../store/index.js';
import type { IngestBatcher } from '../mqtt/batcher.js';
import { sparkplugCodec } from './decode.js';
import { type SparkplugCounters, SparkplugHost, type SparkplugHostOptions } from './host.js';
import { SPARKPLUG_NAMESPACE } from './topic.js';
import type { SparkplugTransport } from './transport.js';

export interface SparkplugConnectorOptions extends SparkplugHostOptions {
  readonly transport: SparkplugTransport;
  readonly batcher: IngestBatcher;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Where births, deaths and sequence gaps go (the Store's `appendEvent`); omitted: logged only. */
  readonly events?: (e: EventInput) => Promise<unknown>;
  /** Sparkplug group to read; default every group (`+`). */
  readonly group?: string;
  /** Host application id for the STATE topic; default `xinzhi`. */
  readonly hostId?: string;
}

export interface SparkplugStatus {
  readonly connected: boolean;
  readonly counters: Readonly<SparkplugCounters>;
  readonly readings: number;
  readonly quarantined: number;
  /** Non-numeric metrics skipped. */
  readonly skipped: number;
  readonly lastMessageAt: number | null;
  /** Dead edge nodes and devices (`group/edge[/device]`): their series are stale. */
  readonly stale: readonly string[];
  readonly errors: number;
  readonly lastError: string | null;
}

export interface SparkplugConnector {
  readonly host: SparkplugHost;
  status(): SparkplugStatus;
  close(): Promise<void>;
}

/** The NCMD payload that asks an edge node to publish its births again. */
export function rebirthPayload(now: number): Uint8Array {
  return sparkplugCodec.encodePayload({
    timestamp: now,
    metrics: [{ name: 'Node Control/Rebirth', type: 'Boolean', value: true, timestamp: now }],
  });
}

export const stateTopic = (hostId: string): string => `${SPARKPLUG_NAMESPACE}/STATE/${hostId}`;

export async function startSparkplugConnector(
  options: SparkplugConnectorOptions,
): Promise<SparkplugConnector> {
  const { transport, batcher, clock, logger } = options;
  const host = new SparkplugHost(options);
  const hostId = options.hostId ?? 'xinzhi';
  let readings = 0;
  let quarantined = 0;
  let skipped = 0;
  let errors = 0;
  let lastError: string | null = null;
  let lastMessageAt: number | null = null;

  const fail = (err: unknown, what: string, topic: string): void => {
    errors++;
    lastError = `${what}: ${err instanceof Error ? err.message : String(err)}`;
    logger.warn({ err: lastError, topic }, `sparkplug ${what}`);
  };

  const onMessage = async (topic: string, payload: Buffer): Promise<void> => {
    const now = clock.now();
    lastMessageAt = now;
    const out = host.handle(topic, payload, now);
    readings += out.readings.length;
    quarantined += out.quarantine.length;
    skipped += out.skipped;
    for (const e of out.events) {
      if (e.kind === 'sparkplug.seq_gap') logger.warn({ topic, ...e.data }, e.message);
      else logger.info({ topic }, e.message);
      if (options.events)
        await options.events(e).catch((err: unknown) => fail(err, 'event not stored', topic));
    }
    if (out.rebirth) {
      logger.info({ topic: out.rebirth }, 'sparkplug rebirth requested');
      await transport
        .publish(out.rebirth, rebirthPayload(now), { qos: 0 })
        .catch((err: unknown) => fail(err, 'rebirth request not sent', out.rebirth ?? topic));
    }
    if (out.readings.length > 0 || out.quarantine.length > 0)
      await batcher
        .submit(out.readings, out.quarantine)
        .catch((err: unknown) => fail(err, 'message not stored', topic));
  };

  await transport.subscribe(`${SPARKPLUG_NAMESPACE}/${options.group ?? '+'}/#`, onMessage);
  await transport
    .publish(stateTopic(hostId), JSON.stringify({ online: true, timestamp: clock.now() }), {
      retain: true,
      qos: 1,
    })
    .catch((err: unknown) => fail(err, 'STATE not published', stateTopic(hostId)));

  return {
    host,
    status: () => ({
      connected: transport.connected(),
      counters: { ...host.counters },
      readings,
      quarantined,
      skipped,
      lastMessageAt,
      stale: host.staleScopes(),
      errors,
      lastError,
    }),
    async close() {
      await transport
        .publish(stateTopic(hostId), JSON.stringify({ online: false, timestamp: clock.now() }), {
          retain: true,
          qos: 1,
        })
        .catch(() => undefined);
      await batcher.flush();
      await transport.close();
    },
  };
}
