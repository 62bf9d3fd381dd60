/**
 * Imports one file (CSV, JSON, NDJSON) through the cleaning pipeline, recording an import
 * (`createImport` / `finishImport`) and returning what the CLI prints with `--json`.
 *
 * Strict mode validates the whole file first (a dry run that writes nothing) and imports it only
 * if no row is rejected. A two-pass read was chosen over one long transaction because the Store
 * interface commits per batch (which is what keeps memory constant and lets MQTT acknowledge
 * after commit), and because re-reading a file is cheap next to holding a 1 GB import open.
 */
import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import {
  type Clock,
  DEFAULT_LIMITS,
  type Issue,
  type Limits,
  type Logger,
  resolveTimeZone,
  XinzhiError,
} from '../../core/index.js';
import { DOC_NAMESPACES, type QuarantineInput, type Store } from '../../store/index.js';
import type { ColumnMapping, CsvLayout } from '../csv/column-mapping.js';
import type { Encoding, EncodingSource } from '../csv/detect-encoding.js';
import { type CsvPlan, inspectCsv, type SkippedColumn, type UnitlessColumn } from '../csv/inspect-csv.js';
import { type ReadingBatch, type RowError, readCsv } from '../csv/read-csv.js';
import type { Dialect } from '../csv/sniff-dialect.js';
import { readJson, readNdjson } from '../json/read-json.js';
import type { CleaningPipeline } from '../pipeline/create-ingest-pipeline.js';
import { parseTimeFormatOption, type TimeColumns } from '../time/column-time-format.js';
import { type IngestBatchResult, type IngestContext, quarantineKey } from '../types.js';
import { xlsxToCsv } from '../xlsx/xlsx-to-csv.js';
import { importHashCollection, importLayoutCollection } from './import-collections.js';
import { startParallelReader } from './parallel-batches.js';
import type { ParseWorkerInput } from './worker-protocol.js';

export type FileFormat = 'csv' | 'json' | 'ndjson' | 'xlsx';

export interface ImportProgress {
  readonly bytesRead: number;
  readonly totalBytes: number;
  readonly rows: number;
  readonly accepted: number;
}

export interface ImportFileOptions {
  /** Default: from the extension (.json → json, .ndjson/.jsonl → ndjson, .xlsx/.xlsm → xlsx, anything else csv). */
  readonly format?: FileFormat | undefined;
  /** XLSX: sheet name or 1-based number; default the first sheet with a header row. */
  readonly sheet?: string | undefined;
  /** Asset of wide-layout columns, and of long/JSON rows that give only a metric. */
  readonly asset?: string | undefined;
  /** IANA zone or fixed offset of times without an offset. Default UTC. Abbreviations (CST) are refused. */
  readonly timeZone?: string | undefined;
  /**
   * Format of the CSV time column (`DD/MM/YYYY HH:mm`, `iso`, `epoch-s`, `epoch-ms`, `excel`…);
   * default: decided from the first rows (see ingest/time/column-time-format.ts).
   */
  readonly timeFormat?: string | undefined;
  readonly mapping?: ColumnMapping | undefined;
  readonly strict?: boolean | undefined;
  readonly autoCreateSeries?: boolean | undefined;
  /** CSV dialect overrides (sniffed when omitted). */
  readonly delimiter?: string | undefined;
  readonly decimal?: '.' | ',' | undefined;
  /** CSV text encoding; default: detected (BOM, UTF-8 validity, else GB18030 or Windows-1252). */
  readonly encoding?: Encoding | undefined;
  /** State text → numeric code for state columns (`--states RUN=1,STOP=0`); default: text columns are skipped. */
  readonly states?: Readonly<Record<string, string>> | undefined;
  /**
   * Import a file whose bytes (SHA-256) were already imported. Default false: such a re-import is
   * skipped and reported (`skipped: true`, `reimport_of`), so counts and scores are not doubled.
   */
  readonly force?: boolean | undefined;
  /** Quarantine reasons listed in the result (all are stored). Default 1000. */
  readonly maxListedRejections?: number | undefined;
  readonly onProgress?: ((p: ImportProgress) => void) | undefined;
  /**
   * Parse in a worker thread while the main thread cleans and writes (CSV and NDJSON, not strict).
   * Default: for files of 8 MB or more when a core is idle (1-minute load average + 1 ≤ cores).
   * The future-time check then uses the clock at the start of the import.
   */
  readonly parallel?: boolean | undefined;
  /** With `parallel`: read inline until the worker is ready (default true; false waits for it). */
  readonly parallelWarmup?: boolean | undefined;
  /** Columns, new series and JSON depth allowed in this file; default `DEFAULT_LIMITS`. */
  readonly limits?:
    | (Pick<Limits, 'importColumns' | 'newSeriesPerImport' | 'jsonDepth'> &
        Partial<Pick<Limits, 'xlsxRows' | 'xlsxCells' | 'xlsxUncompressedBytes'>>)
    | undefined;
}

export interface ImportFileDeps {
  readonly store: Store;
  readonly pipeline: CleaningPipeline;
  readonly clock: Clock;
  readonly logger: Logger;
}

export interface ImportResult {
  readonly import_id: number;
  readonly file: string;
  readonly format: FileFormat;
  readonly rows: number;
  readonly accepted: number;
  readonly quarantined: number;
  readonly duplicates: number;
  readonly outliers: number;
  readonly series: string[];
  readonly quarantine: Array<{ location: string; reasons: Issue[] }>;
  /** True when more rejections were stored than listed in `quarantine`. */
  readonly quarantine_truncated: boolean;
  /** CSV: the time column(s) and the format decided for them (or given by `--time-format`). */
  readonly time?: { readonly column: string; readonly format: string };
  readonly duration_ms: number;
  /** SHA-256 of the file's bytes: a later import of the same bytes is recognised by it. */
  readonly sha256: string;
  /** True when nothing was imported because the same bytes were imported before (`reimport_of`). */
  readonly skipped?: boolean;
  /** The earlier import of the same bytes (skipped, or imported again with `force`). */
  readonly reimport_of?: number;
  /** CSV: the encoding read, and whether it was given, found by its BOM or detected. */
  readonly encoding?: Encoding;
  readonly encoding_source?: EncodingSource;
  /** CSV: text columns left out (one warning each instead of a quarantined row per line). */
  readonly skipped_columns?: SkippedColumn[];
  /** CSV: columns whose header bracket was not a unit, read without one under the whole name. */
  readonly unitless_columns?: UnitlessColumn[];
  /** CSV: columns read with thousands separators or a decimal comma, and state columns. */
  readonly number_formats?: Record<string, string>;
  readonly state_columns?: string[];
  /** XLSX: the sheet read (quarantine locations are `file[sheet]:row`). */
  readonly sheet?: string;
  /** What the user should know about how the file was read. */
  readonly warnings: string[];
}

/** What resubmission needs to re-read a quarantined CSV line: kept as a doc per import. */
export interface ImportLayoutDoc {
  readonly format: FileFormat;
  readonly name: string;
  readonly layout?: CsvLayout;
  readonly delimiter?: string;
  readonly decimal?: '.' | ',';
  readonly asset?: string;
  readonly timeZone?: string;
  readonly encoding?: Encoding;
  readonly sha256?: string;
}

export const IMPORT_DOC_NS = DOC_NAMESPACES.ingestImports;
/** Completed imports by the SHA-256 of their bytes (`{ importId }`), to recognise re-imports. */
export const IMPORT_HASH_NS = DOC_NAMESPACES.ingestImportHashes;

async function sha256Of(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

/**
 * A worker only pays off when a core is free for it: on a busy machine the two threads compete
 * for the same CPU and the import gets slower (measured). The 1-minute load average is the signal.
 */
function idleCore(): boolean {
  const cores = availableParallelism();
  return cores > 1 && loadavg()[0]! + 1 <= cores;
}

/** Files this large are parsed in a worker thread by default (when a core is idle). */
export const PARALLEL_MIN_BYTES = 8 * 1024 * 1024;

/** The report's line on time: which column(s), read in which format. */
function timeReport(layout: CsvLayout | undefined): { time?: { column: string; format: string } } {
  const t = layout as (CsvLayout & TimeColumns) | undefined;
  if (!t?.timeColumnName) return {};
  return { time: { column: t.timeColumnName, format: t.timeFormat?.label ?? 'ISO 8601 or epoch, per cell' } };
}

export function formatOf(path: string): FileFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.ndjson' || ext === '.jsonl') return 'ndjson';
  if (ext === '.xlsx' || ext === '.xlsm') return 'xlsx';
  return 'csv';
}

/**
 * @example
 * const r = await importFile('plant.csv', { asset: 'plant1/press3', timeZone: 'Europe/Berlin' }, deps);
 * console.log(r.accepted, r.quarantined);
 */
export async function importFile(
  path: string,
  options: ImportFileOptions,
  deps: ImportFileDeps,
): Promise<ImportResult> {
  // An XLSX sheet is read as CSV text written to a temporary folder, removed however it ends.
  const scratch: { dir?: string } = {};
  try {
    return await importAny(path, options, deps, scratch);
  } finally {
    if (scratch.dir !== undefined) rmSync(scratch.dir, { recursive: true, force: true });
  }
}

async function importAny(
  path: string,
  options: ImportFileOptions,
  deps: ImportFileDeps,
  scratch: { dir?: string },
): Promise<ImportResult> {
  const { store, pipeline, clock } = deps;
  let totalBytes: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new Error('not a regular file');
    totalBytes = st.size;
  } catch (e) {
    throw new XinzhiError('NOT_FOUND', `cannot read ${path}: ${(e as Error).message}`, {
      field: 'file',
      cause: e,
    });
  }
  const format = options.format ?? formatOf(path);
  let name = basename(path);
  // Checked before an import id is used: a mistyped flag is not an import.
  const timeFormat = options.timeFormat === undefined ? undefined : parseTimeFormatOption(options.timeFormat);
  if (options.timeZone !== undefined) resolveTimeZone(options.timeZone, 'tz');
  const started = clock.now();
  const limits = options.limits ?? DEFAULT_LIMITS;
  const sha256 = await sha256Of(path);
  const warnings: string[] = [];
  // The file the readers read: the XLSX sheet's CSV text for a workbook.
  let source = path;
  let sheet: string | undefined;
  let timeZone = options.timeZone;
  const xlsx = format === 'xlsx';
  if (xlsx) {
    scratch.dir = mkdtempSync(join(tmpdir(), 'xinzhi-xlsx-'));
    source = join(scratch.dir, 'sheet.csv');
    const x = await xlsxToCsv(path, source, { name, sheet: options.sheet, limits });
    sheet = x.sheet;
    name = `${name}[${x.sheet}]`;
    warnings.push(...x.warnings);
    if (timeZone === undefined && x.headerZone !== undefined) {
      timeZone = x.headerZone;
      warnings.push(
        `times read in ${x.headerZone}, the zone named in the time column's header (--tz overrides)`,
      );
    }
    totalBytes = statSync(source).size;
  }
  // Each sheet of a workbook is its own import: the sheet is part of what is recognised.
  const hashKey = sheet === undefined ? sha256 : `${sha256}:${sheet}`;
  let reimportOf: number | undefined;
  let knownRejects: Set<string> | undefined;
  const seen = await importHashCollection.get(store, hashKey);
  const sameBytes = seen === undefined ? [] : (seen.importIds ?? [seen.importId]);
  if (seen !== undefined) {
    const prev = await store.getImport(seen.importId);
    if (prev?.status === 'done') {
      reimportOf = prev.id;
      if (options.force !== true) {
        return {
          import_id: prev.id,
          file: path,
          format,
          rows: 0,
          accepted: 0,
          quarantined: 0,
          duplicates: 0,
          outliers: 0,
          series: [],
          quarantine: [],
          quarantine_truncated: false,
          duration_ms: clock.now() - started,
          sha256,
          skipped: true,
          reimport_of: prev.id,
          warnings: [
            `${name} has the same content (SHA-256 ${sha256.slice(0, 12)}…) as import ${prev.id} (${prev.source}): nothing imported; use --force (HTTP: force=true) to import it again`,
          ],
        };
      }
      warnings.push(
        `${name} was imported before as import ${prev.id} (same SHA-256); importing it again (--force)`,
      );
      knownRejects = await openRejects(store, sameBytes);
      if (knownRejects.size > 0)
        warnings.push(
          `${knownRejects.size} row${knownRejects.size === 1 ? '' : 's'} of it still open in quarantine from before: counted, not added again`,
        );
    }
  }
  // Everything that fails the whole file (header, encoding, no numeric column) fails here, before
  // an import id is used up.
  const csvLike = format === 'csv' || xlsx;
  let plan: CsvPlan | undefined;
  if (csvLike) {
    plan = await inspectCsv(source, {
      name,
      asset: options.asset,
      mapping: options.mapping,
      delimiter: xlsx ? ',' : options.delimiter,
      decimal: xlsx ? '.' : options.decimal,
      encoding: xlsx ? 'utf-8' : options.encoding,
      states: options.states,
      maxColumns: limits.importColumns,
      timeFormat,
      unitKnown: (unit) => {
        try {
          pipeline.units.normalize(unit);
          return true;
        } catch {
          return false;
        }
      },
    });
    for (const u of plan?.unitlessColumns ?? [])
      warnings.push(
        `column "${u.column}": "${u.bracket}" is not a UCUM unit or a known alias, so it is read as part of the name: series ${u.seriesId}, no unit; give a unit with --map '${JSON.stringify({ columns: { [u.column]: { metric: u.seriesId.slice(u.seriesId.lastIndexOf('/') + 1), unit: '1' } } })}' (e.g. Cel, kPa, {pcs})`,
      );
    for (const sk of plan?.skipped ?? [])
      warnings.push(
        `column "${sk.column}" is text (${sk.examples.join(', ')}), not numbers: skipped; map states to codes with --states (e.g. --states ${sk.examples[0] ?? 'RUN'}=1)`,
      );
  }
  const importId = await store.createImport({ source: path, format, startedAt: started });
  const ctx: IngestContext = {
    source: format,
    importId,
    autoCreateSeries: options.autoCreateSeries ?? true,
    strict: options.strict ?? false,
    timeZone,
    knownRejects,
    reimport: reimportOf !== undefined,
    newSeries: {
      left: limits.newSeriesPerImport,
      limit: limits.newSeriesPerImport,
      setting: 'newSeriesPerImport, --max-new-series-per-import',
    },
  };
  const doc: { -readonly [K in keyof ImportLayoutDoc]: ImportLayoutDoc[K] } = { format, name };
  if (options.asset !== undefined) doc.asset = options.asset;
  if (timeZone !== undefined) doc.timeZone = timeZone;
  doc.sha256 = sha256;
  if (plan) doc.encoding = plan.encoding;

  // The CSV dialect as planned (or asked for), read alike inline and by the parse worker, and
  // what the reader found, kept in the layout document for resubmission.
  const csvDialect = {
    mapping: options.mapping,
    delimiter: plan?.delimiter ?? options.delimiter,
    decimal: plan?.decimal ?? options.decimal,
    encoding: plan?.encoding ?? options.encoding,
    layout: plan?.layout,
    timeFormat,
  };
  const keepLayout = (layout: CsvLayout, found: Dialect): void => {
    doc.layout = layout;
    doc.delimiter = found.delimiter;
    doc.decimal = found.decimal;
  };

  const batches = (): AsyncGenerator<ReadingBatch> => {
    const stream = createReadStream(source, { highWaterMark: 256 * 1024 });
    const batchSize = pipeline.options.batchSize;
    const jsonDepth = limits.jsonDepth;
    if (format === 'json') return readJson(stream, { name, batchSize, asset: options.asset, jsonDepth });
    if (format === 'ndjson') return readNdjson(stream, { name, batchSize, asset: options.asset, jsonDepth });
    return readCsv(stream, {
      name,
      maxColumns: limits.importColumns,
      asset: options.asset,
      ...csvDialect,
      batchSize,
      onLayout: keepLayout,
    });
  };

  interface Unit {
    readonly size: number;
    readonly errors: RowError[];
    readonly bytesRead: number;
    readonly rows: number;
    ingest(): Promise<IngestBatchResult>;
    done(): void;
  }
  async function* inlineUnits(): AsyncGenerator<Unit> {
    for await (const b of batches()) {
      yield {
        size: b.readings.length,
        errors: b.errors,
        bytesRead: b.bytesRead,
        rows: b.rows,
        ingest: () => pipeline.ingest(b.readings, ctx),
        done: () => {},
      };
    }
  }
  /**
   * The worker needs a moment to start (longer from TypeScript source, which it compiles): the
   * main thread imports inline until the worker's first batch is ready, then tells the worker to
   * skip what was done and continues with its batches. Both split the file into the same batches.
   */
  async function* parallelUnits(): AsyncGenerator<Unit> {
    const input: ParseWorkerInput = {
      path: source,
      format: format === 'ndjson' ? 'ndjson' : 'csv',
      name,
      asset: options.asset,
      ...csvDialect,
      batchSize: pipeline.options.batchSize,
      maxColumns: limits.importColumns,
      jsonDepth: limits.jsonDepth,
      timeZone,
      now: clock.now(),
      futureToleranceMs: pipeline.options.futureToleranceMs,
      earliestTs: pipeline.options.earliestTs,
    };
    const reader = startParallelReader(input, (m) => keepLayout(m.layout, m));
    try {
      let done = 0;
      const inline = inlineUnits();
      while (options.parallelWarmup !== false && !reader.ready()) {
        const r = await inline.next();
        if (r.done) return;
        yield r.value;
        done++;
      }
      await inline.return(undefined);
      reader.skipBelow(done);
      for (;;) {
        const b = await reader.next();
        if (!b) return;
        yield {
          size: b.batch.parsed.length + b.batch.rejections.length,
          errors: b.errors,
          bytesRead: b.bytesRead,
          rows: b.rows,
          ingest: () => pipeline.ingestParsed(b.batch, ctx),
          done: b.ack,
        };
      }
    } finally {
      await reader.close();
    }
  }

  const maxListed = options.maxListedRejections ?? 1000;
  const listed: Array<{ location: string; reasons: Issue[] }> = [];
  let rows = 0;
  let accepted = 0;
  let quarantined = 0;
  let duplicates = 0;
  let outliers = 0;
  const series = new Set<string>();
  // What the import record keeps of the run so far, whether it ends done, failed or aborted.
  const tally = () => ({ rows, accepted, quarantined, duplicates, outliers, series: [...series].sort() });
  const note = (location: string, reasons: Issue[]): void => {
    if (listed.length < maxListed) listed.push({ location, reasons });
  };
  const rowErrorIssue = (e: RowError): Issue => ({ code: e.code, message: e.message, where: e.location });

  try {
    if (ctx.strict) {
      const dry = pipeline.dryRun();
      for await (const b of batches()) {
        const first = b.errors[0];
        if (first) throw strictAbort(first.location, first.message);
        const rej = await dry.check(b.readings, ctx);
        if (rej[0]) throw strictAbort(rej[0].location, rej[0].issues[0]?.message ?? 'invalid');
        options.onProgress?.({ bytesRead: b.bytesRead / 2, totalBytes, rows: b.rows, accepted: 0 });
      }
    }
    let saved = false;
    const parallel =
      (options.parallel ?? (totalBytes >= PARALLEL_MIN_BYTES && idleCore())) &&
      !ctx.strict &&
      format !== 'json';
    const units = parallel ? parallelUnits() : inlineUnits();
    for await (const b of units) {
      if (!saved && (!csvLike || doc.layout)) {
        await importLayoutCollection.put(store, String(importId), doc);
        saved = true;
      }
      rows = b.rows;
      if (b.size > 0) {
        const r = await b.ingest();
        accepted += r.accepted;
        quarantined += r.quarantined;
        duplicates += r.duplicates;
        outliers += r.outliers;
        for (const s of r.series) series.add(s);
        for (const rj of r.rejections) note(rj.location, [...rj.issues]);
      }
      if (b.errors.length > 0) {
        const now = clock.now();
        const qrows: QuarantineInput[] = b.errors
          .filter((e) => !knownRejects?.has(quarantineKey(e.location, e.raw)))
          .map((e) => ({
            importId,
            source: format,
            location: e.location,
            raw: e.raw,
            reasons: [{ code: e.code, message: e.message, where: e.location }],
            seriesId: null,
            ts: now,
          }));
        if (qrows.length > 0) await store.addQuarantine(qrows);
        quarantined += b.errors.length;
        for (const e of b.errors) note(e.location, [rowErrorIssue(e)]);
      }
      b.done();
      options.onProgress?.({
        bytesRead: ctx.strict ? totalBytes / 2 + b.bytesRead / 2 : b.bytesRead,
        totalBytes,
        rows,
        accepted,
      });
    }
  } catch (e) {
    const aborted = e instanceof XinzhiError && e.code === 'INGEST_STRICT_ABORT';
    await store.finishImport(importId, {
      finishedAt: clock.now(),
      ...tally(),
      status: aborted ? 'aborted' : 'failed',
      error: e instanceof Error ? e.message : String(e),
    });
    // Batches before the failure are committed (each batch is durable on its own): say so.
    const kept =
      accepted + quarantined > 0 && !aborted
        ? ` (import ${importId} stopped after ${rows} rows: ${accepted} readings stored and ${quarantined} quarantined before this point remain)`
        : '';
    if (e instanceof XinzhiError)
      throw kept === ''
        ? e
        : new XinzhiError(e.code, `${e.message}${kept}`, { field: e.field ?? name, cause: e });
    throw new XinzhiError('INGEST_BAD_ROW', `${name}: cannot be read: ${(e as Error).message}${kept}`, {
      field: name,
      cause: e,
    });
  }
  const result: ImportResult = {
    import_id: importId,
    file: path,
    format,
    rows,
    accepted,
    quarantined,
    duplicates,
    outliers,
    series: [...series].sort(),
    quarantine: listed,
    quarantine_truncated: quarantined > listed.length,
    ...timeReport(doc.layout),
    duration_ms: clock.now() - started,
    sha256,
    ...(reimportOf === undefined ? {} : { reimport_of: reimportOf }),
    ...(sheet === undefined ? {} : { sheet }),
    ...(plan
      ? {
          ...(xlsx ? {} : { encoding: plan.encoding, encoding_source: plan.encodingSource }),
          skipped_columns: plan.skipped,
          number_formats: plan.numberFormats,
          state_columns: plan.stateColumns,
          unitless_columns: plan.unitlessColumns,
        }
      : {}),
    warnings,
  };
  await store.finishImport(importId, { finishedAt: clock.now(), ...tally(), status: 'done' });
  await importHashCollection.put(store, hashKey, {
    importId,
    importIds: [...sameBytes, importId].slice(-MAX_SAME_BYTES_IMPORTS),
  });
  return result;
}

const MAX_SAME_BYTES_IMPORTS = 32;

/** Open quarantine rows of earlier imports of the same bytes, as `quarantineKey`s. */
async function openRejects(store: Store, importIds: readonly number[]): Promise<Set<string>> {
  const keys = new Set<string>();
  const page = 1000;
  for (const importId of importIds) {
    for (let offset = 0; ; offset += page) {
      const rows = await store.listQuarantine({ importId, status: 'open', limit: page, offset });
      for (const r of rows) keys.add(quarantineKey(r.location, r.raw));
      if (rows.length < page) break;
    }
  }
  return keys;
}

function strictAbort(location: string, message: string): XinzhiError {
  return new XinzhiError(
    'INGEST_STRICT_ABORT',
    `strict mode: ${location}: ${message}; nothing was imported`,
    { field: location },
  );
}
