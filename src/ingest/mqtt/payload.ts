import type { Issue } from '../../core/index.js';
import type { QuarantineInput } from '../../store/index.js';
import type { RawReading } from '../types.js';
import { DEFAULT_TOPIC_PREFIX, parseTopic } from './topic.js';

/** What one MQTT message becomes: readings for the pipeline and rows for quarantine. */
export interface ParsedMessage {
  readonly readings: RawReading[];
  readonly quarantine: QuarantineInput[];
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
  const one = (item: unknown, where: string, raw: string): void => {
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
    body.forEach((item, i) => {
      one(item, `${topic}[${i}]`, JSON.stringify(item) ?? String(item));
    });
  } else {
    one(body, topic, text);
  }
  return { readings, quarantine };
}
