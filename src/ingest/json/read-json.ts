/**
 * JSON and NDJSON files as batches of readings. NDJSON streams line by line in constant memory;
 * a JSON document (an array of readings, or `{ "readings": [...] }`) must be parsed whole, so it
 * is limited in size and the error says to use NDJSON for larger files.
 */
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { XinzhiError } from '../../core/errors.js';
import { DEFAULT_LIMITS, jsonDepthExceeded } from '../../core/limits.js';
import type { ReadingBatch, RowError } from '../csv/read-csv.js';
import type { RawReading } from '../types.js';
import { type JsonReadingDefaults, objectToReading } from './object-to-reading.js';

export interface ReadJsonOptions extends JsonReadingDefaults {
  readonly name: string;
  readonly batchSize: number;
  /** Deepest nesting accepted (a document, or an NDJSON line); default 32. */
  readonly jsonDepth?: number | undefined;
}

/** A parsed item's text for quarantine; items are depth-checked, the catch is the last line of defence. */
const textOf = (o: unknown): string => {
  try {
    return JSON.stringify(o) ?? 'null';
  } catch {
    return '(unserialisable item)';
  }
};

/** Largest JSON (non-NDJSON) document read into memory. */
export const MAX_JSON_BYTES = 256 * 1024 * 1024;

async function* counted(
  src: AsyncIterable<Buffer | string>,
  onBytes: (n: number) => void,
): AsyncGenerator<Buffer> {
  for await (const chunk of src) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    onBytes(b.length);
    yield b;
  }
}

const parseError = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** NDJSON: one reading (or an array of readings) per line; a bad line is a row error with `file:line`. */
export async function* readNdjson(
  source: AsyncIterable<Buffer | string>,
  opts: ReadJsonOptions,
): AsyncGenerator<ReadingBatch> {
  let bytesRead = 0;
  const lines = createInterface({
    input: Readable.from(counted(source, (n) => (bytesRead += n))),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let readings: RawReading[] = [];
  let errors: RowError[] = [];
  let n = 0;
  let rows = 0;
  for await (const line of lines) {
    n++;
    const text = n === 1 ? line.replace(/^\uFEFF/, '') : line;
    if (text.trim() === '') continue;
    rows++;
    const location = `${opts.name}:${n}`;
    const depth = opts.jsonDepth ?? DEFAULT_LIMITS.jsonDepth;
    if (jsonDepthExceeded(text, depth) >= 0) {
      errors.push({
        location,
        raw: text.slice(0, 64 * 1024),
        code: 'INGEST_LIMIT_EXCEEDED',
        message: `nests arrays/objects deeper than ${depth} levels (limit jsonDepth)`,
      });
      continue;
    }
    let doc: unknown;
    try {
      doc = JSON.parse(text);
    } catch (e) {
      errors.push({
        location,
        raw: text,
        code: 'INGEST_BAD_ROW',
        message: `malformed JSON: ${parseError(e)}`,
      });
      continue;
    }
    if (Array.isArray(doc)) {
      for (let i = 0; i < doc.length; i++)
        readings.push(objectToReading(doc[i], `${location}[${i}]`, textOf(doc[i]), opts));
    } else readings.push(objectToReading(doc, location, text, opts));
    if (readings.length >= opts.batchSize || errors.length >= opts.batchSize) {
      yield { readings, errors, bytesRead, rows };
      readings = [];
      errors = [];
    }
  }
  yield { readings, errors, bytesRead, rows };
}

/** A JSON document: an array of readings or `{ "readings": [...] }`. */
export async function* readJson(
  source: AsyncIterable<Buffer | string>,
  opts: ReadJsonOptions,
): AsyncGenerator<ReadingBatch> {
  const chunks: Buffer[] = [];
  let bytesRead = 0;
  for await (const b of counted(source, (n) => (bytesRead += n))) {
    chunks.push(b);
    if (bytesRead > MAX_JSON_BYTES) {
      throw new XinzhiError(
        'INGEST_BAD_ROW',
        `${opts.name}: JSON documents over ${MAX_JSON_BYTES / 1024 / 1024} MB are not read into memory; use NDJSON (one reading per line) for large files`,
      );
    }
  }
  const text = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const depth = opts.jsonDepth ?? DEFAULT_LIMITS.jsonDepth;
  const deep = jsonDepthExceeded(text, depth);
  if (deep >= 0)
    throw new XinzhiError(
      'INGEST_LIMIT_EXCEEDED',
      `${opts.name}: nests arrays/objects deeper than ${depth} levels (at character ${deep}; limit jsonDepth); nothing was imported`,
      { field: opts.name },
    );
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new XinzhiError(
      'INGEST_BAD_ROW',
      `${opts.name}: not valid JSON (${parseError(e)}); nothing was imported`,
      {
        field: opts.name,
      },
    );
  }
  const list = Array.isArray(doc)
    ? doc
    : typeof doc === 'object' && doc !== null && Array.isArray((doc as { readings?: unknown }).readings)
      ? ((doc as { readings: unknown[] }).readings as unknown[])
      : typeof doc === 'object' && doc !== null
        ? [doc]
        : undefined;
  if (!list) {
    throw new XinzhiError(
      'INGEST_BAD_ROW',
      `${opts.name}: expected an array of readings or { "readings": [...] }`,
    );
  }
  for (let i = 0; i < list.length; i += opts.batchSize) {
    const readings = list
      .slice(i, i + opts.batchSize)
      .map((o, j) => objectToReading(o, `${opts.name}[${i + j}]`, textOf(o), opts));
    yield { readings, errors: [], bytesRead, rows: Math.min(list.length, i + opts.batchSize) };
  }
  if (list.length === 0) yield { readings: [], errors: [], bytesRead, rows: 0 };
}
