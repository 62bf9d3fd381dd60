/**
 * Subscribes to an external broker (Mosquitto, EMQX, HiveMQ…) and ingests what arrives.
 *
 * QoS 1 durability: mqtt.js sends the PUBACK of an incoming QoS 1 publish only after
 * `client.handleMessage(packet, callback)` calls back (lib/handlers/publish.js), for MQTT 3.1.1
 * and 5 alike, so the override below calls back after the group commit. A failed commit does not
 * acknowledge: the connection is dropped and, because the session is persistent (`clean: false`
 * with a stable client id), the broker redelivers after the automatic reconnect.
 *
 * mqtt.js handles one incoming packet at a time per connection, so one subscriber is bounded by
 * commit latency; `connections > 1` spreads a shared subscription (`$share/<group>/<filter>`, MQTT 5
 * and Mosquitto ≥ 1.6) over several connections whose messages are committed together.
 */
import { randomBytes } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import { type Clock, DEFAULT_LIMITS, type Limits, type Logger, XinzhiError } from '../../core/index.js';
import type { IngestBatcher } from './batcher.js';
import { type ParsedMessage, parseMqttMessage, unreadableMessage } from './payload.js';
import { DEFAULT_TOPIC_PREFIX } from './topic.js';

export interface MqttSubscriberOptions {
  /** `mqtt://host:1883`, `mqtts://…`, `ws://…`; credentials may be in the URL. */
  readonly url: string;
  readonly batcher: IngestBatcher;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Topic filter; default `xinzhi/v1/#`. */
  readonly topic?: string;
  /** Prefix stripped before reading asset and metric; default `xinzhi/v1/`. */
  readonly topicPrefix?: string;
  /**
   * Client id of the persistent session, so the broker keeps QoS 1 messages while xinzhi is down;
   * default `xinzhi-ingest`. Give each xinzhi instance its own.
   */
  readonly clientId?: string;
  /** Parallel connections sharing the subscription; default 1. */
  readonly connections?: number;
  /** Shared-subscription group used when `connections > 1`; default `xinzhi`. */
  readonly shareGroup?: string;
  readonly importId?: number | null;
  /** How long to wait for the first connection; default 10,000 ms. */
  readonly connectTimeoutMs?: number;
  readonly reconnectPeriodMs?: number;
  /** Payload size and JSON depth limits; default `DEFAULT_LIMITS`. */
  readonly limits?: Pick<Limits, 'jsonDepth' | 'mqttPayloadBytes'>;
  /** PEM CA certificate(s) to trust for `mqtts://`/`wss://` instead of the well-known public CAs (a private CA). */
  readonly ca?: string | Buffer;
}

export interface MqttSubscriber {
  readonly clients: readonly MqttClient[];
  close(): Promise<void>;
}

/** Connects (failing with `MQTT_UNREACHABLE` if the first connection does not succeed) and subscribes. */
export async function startMqttSubscriber(options: MqttSubscriberOptions): Promise<MqttSubscriber> {
  const filter = options.topic ?? `${DEFAULT_TOPIC_PREFIX}#`;
  const prefix = options.topicPrefix ?? DEFAULT_TOPIC_PREFIX;
  const n = Math.max(1, options.connections ?? 1);
  const baseId = options.clientId ?? 'xinzhi-ingest';
  const subscription = n > 1 ? `$share/${options.shareGroup ?? 'xinzhi'}/${filter}` : filter;
  const { batcher, clock, logger } = options;

  const connectOne = async (i: number): Promise<MqttClient> => {
    const client = mqtt.connect(options.url, {
      clientId: n > 1 ? `${baseId}-${i}` : baseId,
      clean: false,
      protocolVersion: n > 1 ? 5 : 4,
      reconnectPeriod: options.reconnectPeriodMs ?? 1000,
      connectTimeout: options.connectTimeoutMs ?? 10_000,
      resubscribe: true,
      ...(options.ca === undefined ? {} : { ca: options.ca }),
    });
    client.handleMessage = (packet, callback) => {
      if (packet.cmd !== 'publish') {
        callback();
        return;
      }
      // A throw here would escape into mqtt.js and, unacknowledged, come back after every restart:
      // any failure to read a message becomes a quarantine row that is stored and acknowledged.
      const now = clock.now();
      let parsed: ParsedMessage;
      try {
        parsed = parseMqttMessage(packet.topic, packet.payload as Buffer, now, {
          prefix,
          importId: options.importId ?? null,
          limits: options.limits ?? DEFAULT_LIMITS,
        });
      } catch (e) {
        parsed = unreadableMessage(packet.topic, packet.payload, now, options.importId ?? null, e);
      }
      batcher
        .submit(parsed.readings, parsed.quarantine)
        .then(
          () => callback(),
          (err: unknown) => {
            // Not acknowledged: drop the connection so the broker redelivers after reconnecting.
            logger.error(
              { err, topic: packet.topic },
              'mqtt message not stored; reconnecting for redelivery',
            );
            client.stream.destroy();
          },
        )
        .catch((err: unknown) => logger.error({ err, topic: packet.topic }, 'mqtt acknowledgement failed'));
    };
    client.on('error', (err) => logger.warn({ err: err.message, url: options.url }, 'mqtt subscriber error'));
    client.on('reconnect', () => logger.info({ url: options.url }, 'mqtt subscriber reconnecting'));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        client.end(true);
        reject(
          new XinzhiError('MQTT_UNREACHABLE', `cannot connect to MQTT broker ${redact(options.url)}`, {
            field: '--mqtt-url',
          }),
        );
      }, options.connectTimeoutMs ?? 10_000);
      client.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    const granted = await client.subscribeAsync(subscription, { qos: 1 });
    const bad = granted.find((g) => g.qos === 128);
    if (bad) {
      await client.endAsync(true);
      throw new XinzhiError('MQTT_SUBSCRIBE_REFUSED', `broker refused subscription to '${subscription}'`, {
        field: '--mqtt-topic',
      });
    }
    logger.info({ url: redact(options.url), topic: subscription }, 'mqtt subscriber connected');
    return client;
  };

  const clients: MqttClient[] = [];
  try {
    for (let i = 0; i < n; i++) clients.push(await connectOne(i));
  } catch (e) {
    await Promise.all(clients.map((c) => c.endAsync(true)));
    throw e;
  }
  return {
    clients,
    async close() {
      // Stop taking new messages first, then write what was received; unacked messages stay
      // with the broker's persistent session.
      await Promise.all(clients.map((c) => c.endAsync(false)));
      await batcher.flush();
    },
  };
}

/** Hides a password in a broker URL for logs and errors. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

/** A random client id suffix, for tests and one-off subscribers. */
export const randomClientId = (prefix = 'xinzhi'): string => `${prefix}-${randomBytes(4).toString('hex')}`;
