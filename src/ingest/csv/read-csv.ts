/**
 * Streams a CSV file as batches of raw readings, in constant memory: csv-parse pulls from the
 * source only as fast as the consumer (the pipeline writing each batch) takes batches, so a 1 GB
 * file never sits in memory. Malformed records (bad quoting, wrong field count) come back as row
 * errors with `file:line`, never as an exception, so one bad line cannot sink an import.
 */
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { XinzhiError } from '../../core/index.js';
import type { RawReading } from '../types.js';
import { type ColumnMapping, type CsvLayout, resolveLayout } from './column-mapping.js';
import { type Dialect, sniffDialect } from './sniff-dialect.js';

export interface RowError {
  readonly location: string;
  readonly raw: string;
  readonly code: string;
  readonly message: string;
}

export interface ReadingBatch {
  readonly readings: RawReading[];
  readonly errors: RowError[];
  /** Bytes consumed from the source so far. */
  readonly bytesRead: number;
  /** Data lines seen so far (the header excluded). */
  readonly rows: number;
}

export interface ReadCsvOptions {
  /** File name used in locations (`name:line`). */
  readonly name: string;
  readonly asset?: string | undefined;
  readonly mapping?: ColumnMapping | undefined;
  /** Overrides sniffing. */
  readonly delimiter?: string | undefined;
  readonly decimal?: '.' | ',' | undefined;
  readonly batchSize: number;
  /** Called with the layout and dialect once the header is read (e.g. to keep them for resubmission). */
  readonly onLayout?: ((layout: CsvLayout, dialect: Dialect, header: readonly string[]) => void) | undefined;
}

const SNIFF_BYTES = 64 * 1024;

/** Rewrites a day-first dotted date (`31.12.2024 23:00[:00]`, common in European exports) to ISO. */
function dayFirst(s: string): string {
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?)?$/.exec(s.trim());
  if (!m) return s;
  const p2 = (x: string | undefined): string => (x ?? '0').padStart(2, '0');
  return `${m[3]}-${p2(m[2])}-${p2(m[1])}T${p2(m[4])}:${p2(m[5])}:${p2(m[6])}`;
}

/** Turns one record into readings by the layout (shared with quarantine resubmission). */
export function recordToReadings(
  rec: readonly string[],
  layout: CsvLayout,
  decimal: '.' | ',',
  location: string,
  raw: string,
  out: RawReading[],
): void {
  const rawTs = rec[layout.time] ?? '';
  const ts = rawTs.length > 8 && rawTs.charCodeAt(2) === 46 /* . */ ? dayFirst(rawTs) : rawTs;
  const num = decimal === ',' ? (v: string) => v.replace(',', '.') : (v: string) => v;
  if (layout.kind === 'wide') {
    for (const c of layout.columns) {
      const v = rec[c.index];
      // An empty cell in a wide file means "no reading for this series at this time".
      if (v === undefined || v === '') continue;
      out.push({ seriesId: c.seriesId, ts, value: num(v), unit: c.unit, location, raw });
    }
    return;
  }
  let seriesId: string;
  if (layout.series !== undefined) {
    const s = (rec[layout.series] ?? '').trim();
    seriesId = !s.includes('/') && layout.defaultAsset ? `${layout.defaultAsset}/${s}` : s;
  } else {
    const a = layout.asset === undefined ? layout.defaultAsset : rec[layout.asset]?.trim();
    seriesId = `${a ?? ''}/${(rec[layout.metric!] ?? '').trim()}`;
  }
  const unit = layout.unit === undefined ? undefined : rec[layout.unit]?.trim() || undefined;
  out.push({ seriesId, ts, value: num(rec[layout.value] ?? ''), unit, location, raw });
}

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

/**
 * Reads CSV from `source` (a file stream, an upload) and yields batches of about `batchSize`
 * readings plus the row errors met on the way.
 *
 * @example
 * for await (const b of readCsv(createReadStream('plant.csv'), { name: 'plant.csv', asset: 'p1/m1', batchSize: 5000 }))
 *   await pipeline.ingest(b.readings, ctx);
 */
export async function* readCsv(
  source: AsyncIterable<Buffer | string>,
  opts: ReadCsvOptions,
): AsyncGenerator<ReadingBatch> {
  let bytesRead = 0;
  const it = counted(source, (n) => {
    bytesRead += n;
  })[Symbol.asyncIterator]();

  // Peek at the head for the dialect, then replay it in front of the rest.
  const head: Buffer[] = [];
  let headLen = 0;
  let done = false;
  while (headLen < SNIFF_BYTES) {
    const r = await it.next();
    if (r.done) {
      done = true;
      break;
    }
    head.push(r.value);
    headLen += r.value.length;
  }
  const sample = Buffer.concat(head).subarray(0, SNIFF_BYTES);
  if (sample.includes(0)) {
    throw new XinzhiError('INGEST_BAD_ROW', `${opts.name}: not a text CSV file (it contains NUL bytes)`, {
      field: opts.name,
    });
  }
  const sniffed = sniffDialect(sample.toString('utf8'));
  const dialect: Dialect = {
    delimiter: opts.delimiter ?? sniffed.delimiter,
    decimal: opts.decimal ?? sniffed.decimal,
  };

  async function* replay(): AsyncGenerator<Buffer> {
    yield* head;
    if (done) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }

  const errors: RowError[] = [];
  const parser = parse({
    delimiter: dialect.delimiter,
    bom: true,
    info: true,
    raw: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (err, raw) => {
      const text = raw ?? '';
      const end = (err as { lines?: number } | undefined)?.lines ?? 0;
      const start = Math.max(1, end - (text.match(/\n/g)?.length ?? 0) + (text.endsWith('\n') ? 1 : 0));
      errors.push({
        location: start < end ? `${opts.name}:${start}-${end}` : `${opts.name}:${end}`,
        raw: text.replace(/\r?\n$/, ''),
        code: 'INGEST_BAD_ROW',
        message: `malformed CSV: ${err?.message ?? 'unreadable record'}`,
      });
      return undefined;
    },
  });
  const input = Readable.from(replay());
  input.on('error', (e) => parser.destroy(e));
  input.pipe(parser);

  let layout: CsvLayout | undefined;
  let width = 0;
  let rows = 0;
  let readings: RawReading[] = [];
  for await (const rec of parser as AsyncIterable<{
    record: string[];
    raw: string;
    info: { lines: number };
  }>) {
    if (!layout) {
      layout = resolveLayout(rec.record, opts.mapping, opts.asset, opts.name);
      width = rec.record.length;
      opts.onLayout?.(layout, dialect, rec.record);
      continue;
    }
    rows++;
    const raw = rec.raw.endsWith('\n') ? rec.raw.replace(/\r?\n$/, '') : rec.raw;
    const location = `${opts.name}:${rec.info.lines}`;
    const f = rec.record;
    if (f.length !== width && !(f.length > width && f.slice(width).every((x) => x === ''))) {
      errors.push({
        location,
        raw,
        code: 'INGEST_BAD_ROW',
        message: `expected ${width} fields (as in the header) but found ${f.length}`,
      });
    } else {
      recordToReadings(f, layout, dialect.decimal, location, raw, readings);
    }
    if (readings.length >= opts.batchSize) {
      yield { readings, errors: errors.splice(0), bytesRead, rows };
      readings = [];
    }
  }
  if (!layout) throw new XinzhiError('INGEST_BAD_ROW', `${opts.name}: the file is empty (no header row)`);
  yield { readings, errors: errors.splice(0), bytesRead, rows };
}
