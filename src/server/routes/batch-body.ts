/**
 * Reads the body of an HTTP batch (a JSON array or object, or NDJSON) into `RawReading`s. Envelope
 * problems (not JSON, wrong top-level type) fail the request; problems of single items (not an
 * object, no series, unknown fields) become quarantine rows naming `body[i].field`, so one bad item
 * never sinks the batch.
 */
import { DEFAULT_LIMITS, type Issue, jsonDepthExceeded, XinzhiError } from '../../core/index.js';
import type { RawReading } from '../../ingest/types.js';

const KNOWN = new Set(['series', 'asset', 'metric', 'ts', 'value', 'unit']);

export interface BatchItems {
  readonly readings: RawReading[];
  readonly rejected: Array<{ location: string; raw: string; issues: Issue[]; seriesId: string | null }>;
}

/** A JSON value's text for quarantine; items are depth-checked, the catch is the last line of defence. */
const textOf = (item: unknown): string => {
  try {
    return JSON.stringify(item) ?? 'null';
  } catch {
    return '(unserialisable item)';
  }
};

export function parseBatchBody(
  text: string,
  format: 'json' | 'ndjson',
  now: number,
  jsonDepth: number = DEFAULT_LIMITS.jsonDepth,
): BatchItems {
  const out: BatchItems = { readings: [], rejected: [] };
  if (format === 'json') {
    // Depth before parsing: the items are re-serialised and walked, recursively.
    const deep = jsonDepthExceeded(text, jsonDepth);
    if (deep >= 0)
      throw new XinzhiError(
        'BAD_INPUT',
        `request body nests arrays/objects deeper than ${jsonDepth} levels (at character ${deep}; limit jsonDepth); send an array of reading objects`,
        { field: '(body)' },
      );
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (e) {
      throw new XinzhiError('BAD_INPUT', `request body is not valid JSON: ${(e as Error).message}`, {
        field: '(body)',
      });
    }
    const items = Array.isArray(body) ? body : [body];
    if (!Array.isArray(body) && (typeof body !== 'object' || body === null))
      throw new XinzhiError(
        'BAD_INPUT',
        'request body must be a JSON array of readings or one reading object',
        {
          field: '(body)',
        },
      );
    for (let i = 0; i < items.length; i++) readItem(items[i], `body[${i}]`, textOf(items[i]), now, out);
    return out;
  }
  const lines = text.split(/\r?\n/);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const where = `line ${i + 1}`;
    if (jsonDepthExceeded(line, jsonDepth) >= 0) {
      out.rejected.push({
        location: where,
        raw: line.slice(0, 64 * 1024),
        seriesId: null,
        issues: [
          {
            code: 'INGEST_LIMIT_EXCEEDED',
            message: `${where} nests arrays/objects deeper than ${jsonDepth} levels (limit jsonDepth)`,
            where,
          },
        ],
      });
      return;
    }
    let item: unknown;
    try {
      item = JSON.parse(line);
    } catch {
      out.rejected.push({
        location: where,
        raw: line,
        seriesId: null,
        issues: [{ code: 'INGEST_BAD_ROW', message: `${where} is not valid JSON`, where }],
      });
      return;
    }
    readItem(item, where, line, now, out);
  });
  return out;
}

function readItem(item: unknown, where: string, raw: string, now: number, out: BatchItems): void {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    out.rejected.push({
      location: where,
      raw,
      seriesId: null,
      issues: [
        { code: 'INGEST_BAD_ROW', message: `${where} must be an object {series, ts, value, unit}`, where },
      ],
    });
    return;
  }
  const o = item as Record<string, unknown>;
  const issues: Issue[] = [];
  for (const k of Object.keys(o))
    if (!KNOWN.has(k))
      issues.push({
        code: 'INGEST_BAD_ROW',
        message: `unknown field '${k}' (allowed: ${[...KNOWN].join(', ')})`,
        where: `${where}.${k}`,
      });
  let seriesId: string | null = null;
  if (typeof o['series'] === 'string' && o['series'] !== '') seriesId = o['series'];
  else if (o['series'] !== undefined)
    issues.push({
      code: 'INGEST_BAD_ROW',
      message: "'series' must be a non-empty string",
      where: `${where}.series`,
    });
  else if (typeof o['asset'] === 'string' && typeof o['metric'] === 'string' && o['asset'] && o['metric'])
    seriesId = `${o['asset']}/${o['metric']}`;
  else
    issues.push({
      code: 'INGEST_BAD_ROW',
      message: "give 'series' (e.g. plant1/m3/temp) or both 'asset' and 'metric' as strings",
      where: `${where}.series`,
    });
  if (o['unit'] !== undefined && typeof o['unit'] !== 'string')
    issues.push({
      code: 'INGEST_BAD_UNIT',
      message: "'unit' must be a UCUM code string",
      where: `${where}.unit`,
    });
  if (issues.length > 0 || seriesId === null) {
    out.rejected.push({ location: where, raw, seriesId, issues });
    return;
  }
  out.readings.push({
    seriesId,
    ts: o['ts'] === undefined || o['ts'] === null ? now : o['ts'],
    value: o['value'],
    unit: o['unit'] as string | undefined,
    location: where,
    raw,
  });
}
