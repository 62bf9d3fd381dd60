/**
 * How the Sparkplug host reaches a broker: an MQTT client (mqtt.js) for an external broker or the
 * embedded one over TCP, or in-process on the embedded aedes broker (no socket, no credentials).
 * Both deliver messages in arrival order and hold back at most `maxInFlight` unfinished handlers,
 * so a slow store slows the broker down instead of filling memory.
 */
import type { Aedes } from 'aedes';
import mqtt from 'mqtt';
import { XinzhiError } from '../../core/index.js';
import { redact } from '../mqtt/subscriber.js';

export type MessageHandler = (topic: string, payload: Buffer) => Promise<void>;

export interface SparkplugTransport {
  subscribe(filter: string, onMessage: MessageHandler): Promise<void>;
  publish(
    topic: string,
    payload: Uint8Array | string,
    options?: { retain?: boolean; qos?: 0 | 1 },
  ): Promise<void>;
  /** Whether the broker is reachable now. */
  connected(): boolean;
  close(): Promise<void>;
}

/** Calls `ack` now while fewer than `max` handlers run, else when one of them finishes. */
function gate(max: number): (run: () => Promise<void>, ack: () => void) => void {
  let inFlight = 0;
  const waiting: Array<() => void> = [];
  return (run, ack) => {
    inFlight++;
    if (inFlight <= max) ack();
    else waiting.push(ack);
    void run().finally(() => {
      inFlight--;
      waiting.shift()?.();
    });
  };
}

export interface MqttTransportOptions {
  readonly url: string;
  readonly clientId: string;
  readonly username?: string;
  readonly password?: string;
  /** Last will (Sparkplug host STATE offline), published by the broker if the connection drops. */
  readonly will?: { readonly topic: string; readonly payload: string };
  readonly connectTimeoutMs?: number;
  readonly reconnectPeriodMs?: number;
  readonly maxInFlight?: number;
}

/** Connects, failing with `MQTT_UNREACHABLE` when the broker does not answer in time. */
export async function mqttTransport(options: MqttTransportOptions): Promise<SparkplugTransport> {
  const client = mqtt.connect(options.url, {
    clientId: options.clientId,
    clean: true,
    protocolVersion: 4,
    reconnectPeriod: options.reconnectPeriodMs ?? 1000,
    connectTimeout: options.connectTimeoutMs ?? 10_000,
    resubscribe: true,
    ...(options.username === undefined ? {} : { username: options.username }),
    ...(options.password === undefined ? {} : { password: options.password }),
    ...(options.will
      ? {
          will: {
            topic: options.will.topic,
            payload: Buffer.from(options.will.payload),
            qos: 1,
            retain: true,
          },
        }
      : {}),
  });
  const handlers: Array<{ filter: string; fn: MessageHandler }> = [];
  const pass = gate(options.maxInFlight ?? 64);
  client.handleMessage = (packet, callback) => {
    if (packet.cmd !== 'publish') {
      callback();
      return;
    }
    const topic = packet.topic;
    const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
    const fn = handlers.find((h) => matches(h.filter, topic))?.fn;
    if (!fn) {
      callback();
      return;
    }
    pass(
      () => fn(topic, payload),
      () => callback(),
    );
  };
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      client.end(true);
      reject(
        new XinzhiError('MQTT_UNREACHABLE', `cannot connect to MQTT broker ${redact(options.url)}`, {
          field: 'url',
        }),
      );
    }, options.connectTimeoutMs ?? 10_000);
    client.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return {
    async subscribe(filter, onMessage) {
      handlers.push({ filter, fn: onMessage });
      await client.subscribeAsync(filter, { qos: 1 });
    },
    async publish(topic, payload, opts = {}) {
      await client.publishAsync(topic, Buffer.from(payload), {
        qos: opts.qos ?? 0,
        retain: opts.retain ?? false,
      });
    },
    connected: () => client.connected,
    async close() {
      await client.endAsync();
    },
  };
}

/** In-process on the embedded broker: subscriptions and publishes skip the network and the ACL. */
export function aedesTransport(broker: Aedes, maxInFlight = 64): SparkplugTransport {
  const subs: Array<{
    filter: string;
    fn: (packet: { topic: string; payload: Buffer | string }, cb: () => void) => void;
  }> = [];
  const pass = gate(maxInFlight);
  return {
    subscribe(filter, onMessage) {
      const fn = (packet: { topic: string; payload: Buffer | string }, cb: () => void): void => {
        const payload = Buffer.isBuffer(packet.payload) ? packet.payload : Buffer.from(packet.payload);
        pass(() => onMessage(packet.topic, payload), cb);
      };
      subs.push({ filter, fn });
      return new Promise((resolve) => broker.subscribe(filter, fn as never, () => resolve()));
    },
    publish(topic, payload, opts = {}) {
      return new Promise((resolve, reject) =>
        broker.publish(
          {
            cmd: 'publish',
            topic,
            payload: Buffer.from(payload),
            qos: opts.qos ?? 0,
            retain: opts.retain ?? false,
            dup: false,
          },
          (err) => (err ? reject(err) : resolve()),
        ),
      );
    },
    connected: () => !broker.closed,
    async close() {
      await Promise.all(
        subs.map(
          (s) => new Promise<void>((resolve) => broker.unsubscribe(s.filter, s.fn as never, () => resolve())),
        ),
      );
    },
  };
}

/** MQTT topic filter matching (`+` one level, `#` the rest). */
export function matches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}
