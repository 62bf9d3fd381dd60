/**
 * Ingest from a NATS JetStream stream, shared by several xinzhi nodes.
 *
 * Devices publish readings on `xinzhi.v1.<site>.….<metric>` over NATS, or over MQTT to NATS's MQTT
 * listener (the topic `xinzhi/v1/…` becomes that same subject). On start the node makes sure a
 * stream captures those subjects and that a durable pull consumer exists; every node started with
 * the same durable name pulls from that one consumer, so JetStream hands each message to one node.
 *
 * A message is acknowledged only after its readings (or its quarantine row) are committed: the
 * group-commit batcher resolves after the transaction. A failed commit is nak'ed with a delay, so
 * the message comes back (to this or another node) once the store may have recovered; a node that
 * dies holding messages never acks them and JetStream redelivers them after `ack_wait`. Writes are
 * idempotent (same series, time and value count as a duplicate), so a redelivery never doubles a
 * point. Messages the parser cannot read become quarantine rows naming the subject and are acked:
 * a poison message must not come back forever.
 */
import {
  AckPolicy,
  DeliverPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  type JsMsg,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import { type Clock, DEFAULT_LIMITS, type Limits, type Logger, XinzhiError } from '../../core/index.js';
import type { QuarantineInput } from '../../store/index.js';
import type { IngestBatcher } from '../mqtt/batcher.js';
import { type ParsedMessage, parseMqttMessage, unreadableMessage } from '../mqtt/payload.js';
import { DEFAULT_TOPIC_PREFIX } from '../mqtt/topic.js';
import type { RawReading } from '../types.js';
import { connectNats, redactUrl } from './connect.js';
import { DEFAULT_NATS_SUBJECT, subjectToTopic } from './subject.js';

export interface NatsConsumerOptions {
  /** `nats://host:4222` (or `tls://…`); `user:password@` in the URL is used to log in. */
  readonly url: string;
  readonly batcher: IngestBatcher;
  readonly clock: Clock;
  readonly logger: Logger;
  /** JetStream stream, created if missing; default `xinzhi`. */
  readonly stream?: string;
  /** Subjects the stream captures and the consumer filters on; default `xinzhi.v1.>`. */
  readonly subject?: string;
  /** Durable consumer shared by every node of the cluster; default `xinzhi-ingest`. */
  readonly durable?: string;
  /** Topic prefix stripped before reading asset and metric; default `xinzhi/v1/`. */
  readonly topicPrefix?: string;
  readonly importId?: number | null;
  readonly limits?: Pick<Limits, 'jsonDepth' | 'mqttPayloadBytes'>;
  /** How long JetStream waits for an ack before redelivering (set when the consumer is created); default 30 s. */
  readonly ackWaitMs?: number;
  /** Messages pulled ahead per node; default 1,000. */
  readonly maxMessages?: number;
  /** Delay before a message whose commit failed is redelivered; default 5 s. */
  readonly nakDelayMs?: number;
  /** How long to wait for the first connection; default 10 s. */
  readonly connectTimeoutMs?: number;
}

export interface NatsConsumerStats {
  /** Messages received (redeliveries included). */
  received: number;
  /** Messages acknowledged after their commit. */
  acked: number;
  /** Messages nak'ed because their commit failed. */
  naked: number;
  /** Received messages that had been delivered before (to this or another node). */
  redelivered: number;
}

export interface NatsConsumer {
  readonly stats: NatsConsumerStats;
  /** Stops pulling, commits and acknowledges what was received, then closes the connection. */
  close(): Promise<void>;
}

const isApiError = (e: unknown, code: number): boolean => e instanceof JetStreamApiError && e.code === code;

/** A reading whose location names the subject, not the topic the parser was given. */
class SubjectReading implements RawReading {
  constructor(
    private readonly r: RawReading,
    private readonly topic: string,
    private readonly subject: string,
  ) {}
  get seriesId(): string {
    return this.r.seriesId;
  }
  get ts(): unknown {
    return this.r.ts;
  }
  get value(): unknown {
    return this.r.value;
  }
  get unit(): string | undefined {
    return this.r.unit;
  }
  get location(): string {
    return atSubject(this.r.location, this.topic, this.subject);
  }
  get raw(): string {
    return this.r.raw;
  }
}

/** `topic[3]` → `subject[3]`: quarantine rows and errors name what the operator can see on NATS. */
const atSubject = (location: string, topic: string, subject: string): string =>
  location.startsWith(topic) ? subject + location.slice(topic.length) : subject;

/** Parses one message exactly like the MQTT connector, relabelled with its subject. */
export function parseNatsMessage(
  subject: string,
  payload: Uint8Array,
  receivedAt: number,
  options: { prefix?: string; importId?: number | null; limits?: NatsConsumerOptions['limits'] } = {},
): ParsedMessage {
  const importId = options.importId ?? null;
  const topic = subjectToTopic(subject);
  let parsed: ParsedMessage;
  if (topic === undefined)
    parsed = unreadableMessage(
      subject,
      payload,
      receivedAt,
      importId,
      new Error(`subject '${subject}' has an empty token or a '/' inside a token`),
    );
  else {
    try {
      parsed = parseMqttMessage(topic, payload, receivedAt, {
        prefix: options.prefix ?? DEFAULT_TOPIC_PREFIX,
        importId,
        limits: options.limits ?? DEFAULT_LIMITS,
      });
    } catch (e) {
      parsed = unreadableMessage(subject, payload, receivedAt, importId, e);
    }
  }
  const t = topic ?? subject;
  return {
    readings: parsed.readings.map((r) => new SubjectReading(r, t, subject)),
    quarantine: parsed.quarantine.map(
      (q): QuarantineInput => ({ ...q, source: 'nats', location: atSubject(q.location, t, subject) }),
    ),
  };
}

/** Connects (failing with `NATS_UNREACHABLE`), ensures stream and consumer, and starts pulling. */
export async function startNatsConsumer(options: NatsConsumerOptions): Promise<NatsConsumer> {
  const stream = options.stream ?? 'xinzhi';
  const subject = options.subject ?? DEFAULT_NATS_SUBJECT;
  const durable = options.durable ?? 'xinzhi-ingest';
  const nakDelayMs = options.nakDelayMs ?? 5000;
  const { batcher, clock, logger } = options;
  const nc = await connectNats(options.url, {
    name: `xinzhi ${durable}`,
    ...(options.connectTimeoutMs === undefined ? {} : { timeoutMs: options.connectTimeoutMs }),
  });
  const stats: NatsConsumerStats = { received: 0, acked: 0, naked: 0, redelivered: 0 };
  try {
    const jsm = await jetstreamManager(nc);
    try {
      const info = await jsm.streams.info(stream);
      if (!info.config.subjects?.includes(subject))
        await jsm.streams.update(stream, { subjects: [...(info.config.subjects ?? []), subject] });
    } catch (e) {
      if (!isApiError(e, JetStreamApiCodes.StreamNotFound)) throw e;
      // A work queue: a message leaves the stream once a node has committed and acknowledged it.
      await jsm.streams.add({
        name: stream,
        subjects: [subject],
        retention: RetentionPolicy.Workqueue,
        storage: StorageType.File,
      });
      logger.info({ stream, subject }, 'nats: stream created');
    }
    try {
      const existing = await jsm.consumers.info(stream, durable);
      // The shared consumer keeps the filter it was created with; say so rather than silently ignore.
      if (existing.config.filter_subject !== undefined && existing.config.filter_subject !== subject)
        logger.warn(
          { durable, filter: existing.config.filter_subject, subject },
          'nats: the durable consumer exists with another filter subject; it keeps its own',
        );
    } catch (e) {
      if (!isApiError(e, JetStreamApiCodes.ConsumerNotFound)) throw e;
      await jsm.consumers.add(stream, {
        durable_name: durable,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        filter_subject: subject,
        ack_wait: (options.ackWaitMs ?? 30_000) * 1_000_000,
        max_ack_pending: 20_000,
      });
      logger.info({ stream, durable }, 'nats: durable consumer created');
    }
  } catch (e) {
    await nc.close();
    if (e instanceof XinzhiError) throw e;
    throw new XinzhiError(
      'NATS_JETSTREAM',
      `NATS at ${redactUrl(options.url)}: cannot set up stream '${stream}' and consumer '${durable}': ${(e as Error).message}`,
      { field: '--nats-stream', cause: e },
    );
  }

  const consumer = await jetstream(nc).consumers.get(stream, durable);
  const messages = await consumer.consume({ max_messages: options.maxMessages ?? 1000 });
  const inFlight = new Set<Promise<void>>();

  const handle = (m: JsMsg): Promise<void> => {
    stats.received++;
    if (m.redelivered) stats.redelivered++;
    const parsed = parseNatsMessage(m.subject, m.data, clock.now(), {
      prefix: options.topicPrefix ?? DEFAULT_TOPIC_PREFIX,
      importId: options.importId ?? null,
      limits: options.limits ?? DEFAULT_LIMITS,
    });
    return batcher.submit(parsed.readings, parsed.quarantine).then(
      () => {
        try {
          m.ack();
          stats.acked++;
        } catch (err) {
          // Connection gone: JetStream redelivers after ack_wait, and the rewrite is a duplicate.
          logger.warn({ err: (err as Error).message, subject: m.subject }, 'nats ack failed');
        }
      },
      (err: unknown) => {
        logger.error({ err, subject: m.subject }, 'nats message not stored; redelivery requested');
        try {
          m.nak(nakDelayMs);
          stats.naked++;
        } catch {
          // Connection gone: redelivered after ack_wait anyway.
        }
      },
    );
  };

  const loop = (async () => {
    for await (const m of messages) {
      const p = handle(m);
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
  })().catch((err: unknown) => logger.error({ err }, 'nats consumer stopped'));
  logger.info({ url: redactUrl(options.url), stream, subject, durable }, 'nats consumer started');

  let closing: Promise<void> | undefined;
  return {
    stats,
    close() {
      closing ??= (async () => {
        // Stop pulling; messages already received are committed and acked before the connection
        // goes. Prefetched messages never handed out are redelivered after ack_wait.
        await messages.close();
        await loop;
        await batcher.flush();
        await Promise.all(inFlight);
        await nc.drain().catch(() => nc.close());
      })();
      return closing;
    },
  };
}
