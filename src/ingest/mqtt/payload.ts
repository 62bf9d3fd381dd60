import type { Issue } from '../../core/index.js';
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
    return JSON.stringify(this.item) ?? String(this.item);
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
}

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
  const importId = options.importId ?? null;
  const text = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8');
  const quarantineOf = (issues: Issue[], raw: string, seriesId: string | null): QuarantineInput => ({
    importId,
    source: 'mqtt',
    location: topic,
    raw: raw.length > MAX_RAW ? raw.slice(0, MAX_RAW) : raw,
    reasons: issues,
    seriesId,
    ts: receivedAt,
  });

  const target = parseTopic(topic, options.prefix ?? DEFAULT_TOPIC_PREFIX);
  if (!target.ok) return { readings: [], quarantine: [quarantineOf([target.issue], text, null)] };
  const { seriesId } = target.value;

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
    const raw = i < 0 ? text : (JSON.stringify(item) ?? String(item));
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
