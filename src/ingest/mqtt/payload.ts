import { DEFAULT_LIMITS, decodeUtf8, type Issue, jsonDepthExceeded, type Limits } from '../../core/index.js';
import type { QuarantineInput } from '../../store/index.js';
import type { RawReading } from '../types.js';
import { DEFAULT_TOPIC_PREFIX, parseTopic } from './topic.js';

/** What one MQTT message becomes: readings for the pipeline and rows for quarantine. */
export interface ParsedMessage {
  readonly readings: RawReading[];
  readonly quarantine: QuarantineInput[];
}

/**
 * A reading from one item of a JSON array payload. Its location (`topic[i]`) and verbatim text
 * (the item re-serialised) are built only when asked for (an error, quarantine): at 100,000
 * readings/s, a string and a `JSON.stringify` per item that is almost never read were most of the
 * MQTT layer's time.
 */
class ArrayItemReading implements RawReading {
  constructor(
    readonly seriesId: string,
    readonly ts: unknown,
    readonly value: unknown,
    readonly unit: string | undefined,
    private readonly topic: string,
    private readonly i: number,
    private readonly item: unknown,
  ) {}

  get location(): string {
    return `${this.topic}[${this.i}]`;
  }

  get raw(): string {
    return safeStringify(this.item);
  }

  /** Own enumerable fields for JSON and test equality, as a plain reading has. */
  toJSON(): RawReading {
    return {
      seriesId: this.seriesId,
      ts: this.ts,
      value: this.value,
      unit: this.unit,
      location: this.location,
      raw: this.raw,
    };
  }
}

/** Longest verbatim payload kept in quarantine; longer ones are cut (the reason says so). */
const MAX_RAW = 64 * 1024;

export interface ParseMessageOptions {
  readonly prefix?: string;
  readonly importId?: number | null;
  /** Payload size and JSON depth limits; default `DEFAULT_LIMITS`. */
  readonly limits?: Pick<Limits, 'jsonDepth' | 'mqttPayloadBytes'>;
}

/**
 * JSON text of a parsed item for quarantine. Items are depth-checked before parsing, so this does
 * not recurse far; the catch is the last line of defence, because it runs lazily (in the pipeline,
 * outside any per-message guard) and an exception there would fail a whole batch.
 */
function safeStringify(item: unknown): string {
  try {
    return JSON.stringify(item) ?? 'null';
  } catch {
    return '(unserialisable item)';
  }
}

/** Text of a payload for quarantine and messages whatever its bytes (invalid UTF-8 becomes U+FFFD). */
const lossyText = (payload: Uint8Array, max: number): string =>
  Buffer.from(payload.buffer, payload.byteOffset, Math.min(payload.byteLength, max)).toString('utf8');

/**
 * Turns an MQTT message into `RawReading`s. Accepted payloads: a JSON object
 * `{ "ts": ms|ISO, "value": n, "unit": "UCUM" }` (`ts` optional: receive time), an array of
 * such objects, or a bare number (value at receive time). Validation of the values themselves
 * (timestamps, numbers, units) is the pipeline's job; this only checks the shape, and anything it
 * cannot read goes to quarantine with the topic named. It never throws.
 *
 * @example parseMqttMessage('xinzhi/v1/s1/boiler/temp', Buffer.from('{"value":71.5,"unit":"Cel"}'), Date.now())
 */
export function parseMqttMessage(
  topic: string,
  payload: Uint8Array,
  receivedAt: number,
  options: ParseMessageOptions = {},
): ParsedMessage {
  try {
    return parse(topic, payload, receivedAt, options);
  } catch (e) {
    return unreadableMessage(topic, payload, receivedAt, options.importId ?? null, e);
  }
}

/**
 * The quarantine row of a message that failed in an unexpected way. Whatever a message does, it
 * ends as a quarantine row (and an acknowledgement), never as an exception in the broker or
 * subscriber that would stop the process or make the broker redeliver it forever.
 */
export function unreadableMessage(
  topic: unknown,
  payload: unknown,
  receivedAt: number,
  importId: number | null,
  error: unknown,
): ParsedMessage {
  let raw = '';
  try {
    if (payload instanceof Uint8Array) raw = lossyText(payload, MAX_RAW);
  } catch {
    // Keep the row without its text.
  }
  let reason = 'unknown error';
  try {
    reason = error instanceof Error ? error.message : String(error);
  } catch {
    // An error whose message cannot be read: keep the generic reason.
  }
  const where = typeof topic === 'string' ? topic : '(no topic)';
  return {
    readings: [],
    quarantine: [
      {
        importId,
        source: 'mqtt',
        location: where,
        raw,
        reasons: [
          {
            code: 'INGEST_BAD_PAYLOAD',
            message: `message on '${where}' could not be read: ${reason}`,
            where,
          },
        ],
        seriesId: null,
        ts: receivedAt,
      },
    ],
  };
}

function parse(
  topic: string,
  payload: Uint8Array,
  receivedAt: number,
  options: ParseMessageOptions,
): ParsedMessage {
  const importId = options.importId ?? null;
  const limits = options.limits ?? DEFAULT_LIMITS;
  const quarantineOf = (issues: Issue[], raw: string, seriesId: string | null): QuarantineInput => ({
    importId,
    source: 'mqtt',
    location: topic,
    raw: raw.length > MAX_RAW ? raw.slice(0, MAX_RAW) : raw,
    reasons: issues,
    seriesId,
    ts: receivedAt,
  });
  const refuse = (code: string, message: string, seriesId: string | null): ParsedMessage => ({
    readings: [],
    quarantine: [quarantineOf([{ code, message, where: topic }], lossyText(payload, MAX_RAW), seriesId)],
  });

  const target = parseTopic(topic, options.prefix ?? DEFAULT_TOPIC_PREFIX);
  if (!target.ok)
    return { readings: [], quarantine: [quarantineOf([target.issue], lossyText(payload, MAX_RAW), null)] };
  const { seriesId } = target.value;

  // Size, encoding and depth are checked before any work proportional to the content.
  if (payload.byteLength > limits.mqttPayloadBytes)
    return refuse(
      'INGEST_LIMIT_EXCEEDED',
      `payload on '${topic}' is ${payload.byteLength} bytes, over the limit of ${limits.mqttPayloadBytes} (mqttPayloadBytes, --max-mqtt-payload); split it into several messages`,
      seriesId,
    );
  const text = decodeUtf8(payload);
  if (text === undefined)
    return refuse('INGEST_BAD_PAYLOAD', `payload on '${topic}' is not valid UTF-8`, seriesId);
  const deep = jsonDepthExceeded(text, limits.jsonDepth);
  if (deep >= 0)
    return refuse(
      'INGEST_LIMIT_EXCEEDED',
      `payload on '${topic}' nests arrays/objects deeper than ${limits.jsonDepth} levels (jsonDepth, at character ${deep}); send {"ts":…, "value":…, "unit":…} or an array of them`,
      seriesId,
    );

  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
    return {
      readings: [],
      quarantine: [
        quarantineOf(
          [
            {
              code: 'INGEST_BAD_PAYLOAD',
              message: `payload on '${topic}' is not JSON or a number: '${shown}'; send {"ts":…, "value":…, "unit":…}, an array of them, or a bare number`,
              where: topic,
            },
          ],
          text,
          seriesId,
        ),
      ],
    };
  }

  const readings: RawReading[] = [];
  const quarantine: QuarantineInput[] = [];
  // `i` is the item's index in an array payload, -1 for a single object or number.
  const one = (item: unknown, i: number): void => {
    if (i >= 0 && typeof item === 'object' && item !== null && !Array.isArray(item)) {
      // The common case of an array payload, checked without building its location and text.
      const o = item as Record<string, unknown>;
      const unit = o['unit'];
      if ('value' in o && (unit === undefined || typeof unit === 'string')) {
        const ts = o['ts'] === undefined || o['ts'] === null ? receivedAt : o['ts'];
        readings.push(new ArrayItemReading(seriesId, ts, o['value'], unit, topic, i, item));
        return;
      }
    }
    const where = i < 0 ? topic : `${topic}[${i}]`;
    const raw = i < 0 ? text : safeStringify(item);
    if (typeof item === 'number') {
      readings.push({ seriesId, ts: receivedAt, value: item, location: where, raw });
      return;
    }
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      quarantine.push(
        quarantineOf(
          [
            {
              code: 'INGEST_BAD_PAYLOAD',
              message: `${where}: expected an object {"ts","value","unit"} or a number, got ${Array.isArray(item) ? 'an array' : item === null ? 'null' : typeof item}`,
              where,
            },
          ],
          raw,
          seriesId,
        ),
      );
      return;
    }
    const o = item as Record<string, unknown>;
    if (!('value' in o)) {
      quarantine.push(
        quarantineOf(
          [{ code: 'INGEST_BAD_VALUE', message: `${where}: missing field 'value'`, where: `${where}.value` }],
          raw,
          seriesId,
        ),
      );
      return;
    }
    const unit = o['unit'];
    if (unit !== undefined && typeof unit !== 'string') {
      quarantine.push(
        quarantineOf(
          [
            {
              code: 'INGEST_BAD_UNIT',
              message: `${where}: 'unit' must be a UCUM code string`,
              where: `${where}.unit`,
            },
          ],
          raw,
          seriesId,
        ),
      );
      return;
    }
    readings.push({
      seriesId,
      ts: o['ts'] === undefined || o['ts'] === null ? receivedAt : o['ts'],
      value: o['value'],
      unit,
      location: where,
      raw,
    });
  };

  if (Array.isArray(body)) {
    for (let i = 0; i < body.length; i++) one(body[i], i);
  } else {
    one(body, -1);
  }
  return { readings, quarantine };
}
