/**
 * Quarantined input can be listed, fixed and sent again through the same pipeline, or discarded.
 * A row is re-read from its verbatim text: JSON (HTTP, MQTT, JSON files) as a reading object,
 * a CSV line with the layout its import recorded (so a wide row yields the failing column's
 * reading). A fix replaces the text, or overrides fields of the reading.
 */
import { parse } from 'csv-parse/sync';
import { DEFAULT_LIMITS, jsonDepthExceeded, XinzhiError } from '../../core/index.js';
import type { QuarantineFilter, QuarantineRow, Store } from '../../store/index.js';
import { recordToReadings } from '../csv/read-csv.js';
import { importLayoutCollection } from '../import/import-collections.js';
import { objectToReading } from '../json/object-to-reading.js';
import { parseTopic } from '../mqtt/topic.js';
import type { CleaningPipeline } from '../pipeline/create-ingest-pipeline.js';
import type { IngestBatchResult, RawReading } from '../types.js';

export interface QuarantineFix {
  /** Corrected verbatim text (a CSV line in the import's layout, or a JSON reading). */
  readonly raw?: string | undefined;
  /** Field overrides applied after re-reading. */
  readonly seriesId?: string | undefined;
  readonly ts?: string | number | undefined;
  readonly value?: string | number | undefined;
  readonly unit?: string | undefined;
}

export interface QuarantineDeps {
  readonly store: Store;
  readonly pipeline: CleaningPipeline;
}

export async function listQuarantine(store: Store, filter: QuarantineFilter = {}): Promise<QuarantineRow[]> {
  return store.listQuarantine({ status: 'open', limit: 100, ...filter });
}

async function openRow(store: Store, id: number): Promise<QuarantineRow> {
  const row = await store.getQuarantine(id);
  if (!row) throw new XinzhiError('NOT_FOUND', `no quarantined row ${id}`, { field: 'id' });
  if (row.status !== 'open') {
    throw new XinzhiError('CONFLICT', `quarantined row ${id} is already ${row.status}`, { field: 'id' });
  }
  return row;
}

/** The readings a quarantined row stands for, re-read from `text`. */
async function reread(
  store: Store,
  row: QuarantineRow,
  text: string,
): Promise<{ readings: RawReading[]; timeZone?: string }> {
  const doc =
    row.importId === null ? undefined : await importLayoutCollection.get(store, String(row.importId));
  const trimmed = text.trim();
  const out: RawReading[] = [];
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    if (jsonDepthExceeded(trimmed, DEFAULT_LIMITS.jsonDepth) >= 0)
      throw new XinzhiError(
        'INGEST_BAD_ROW',
        `quarantined row ${row.id}: nests arrays/objects deeper than ${DEFAULT_LIMITS.jsonDepth} levels; give the corrected reading`,
        { field: 'raw' },
      );
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (e) {
      throw new XinzhiError(
        'INGEST_BAD_ROW',
        `quarantined row ${row.id}: not valid JSON (${(e as Error).message})`,
        {
          field: 'raw',
        },
      );
    }
    const list = Array.isArray(parsed) ? parsed : [parsed];
    list.forEach((o, i) => {
      out.push(
        objectToReading(o, list.length > 1 ? `${row.location}[${i}]` : row.location, textOf(o), {
          asset: doc?.asset,
          seriesId: row.seriesId ?? topicSeries(row),
        }),
      );
    });
  } else if (doc?.layout) {
    let fields: string[];
    try {
      fields =
        (
          parse(trimmed, {
            delimiter: doc.delimiter ?? ',',
            relax_quotes: true,
            relax_column_count: true,
          }) as string[][]
        )[0] ?? [];
    } catch (e) {
      throw new XinzhiError(
        'INGEST_BAD_ROW',
        `quarantined row ${row.id}: malformed CSV (${(e as Error).message})`,
        {
          field: 'raw',
        },
      );
    }
    // The location is the row's own (`file:line` or `file:a-b`); keep it as it was.
    const m = /^(.*):(?:(\d+)-)?(\d+)$/.exec(row.location);
    const where = m
      ? { file: m[1]!, start: Number(m[2] ?? m[3]), end: Number(m[3]) }
      : { file: row.location, start: 0, end: 0 };
    recordToReadings(fields, doc.layout, doc.decimal ?? '.', where, trimmed, out);
  } else {
    throw new XinzhiError(
      'INGEST_BAD_ROW',
      `quarantined row ${row.id} (${row.source}) cannot be re-read from its text; give the corrected reading as JSON or fix its fields`,
      { field: 'raw' },
    );
  }
  // A wide CSV line holds several series: resubmit only the one that was rejected.
  const mine = row.seriesId === null ? out : out.filter((r) => r.seriesId === row.seriesId);
  return { readings: mine, ...(doc?.timeZone ? { timeZone: doc.timeZone } : {}) };
}

/** The series an MQTT row's topic names (its location, `topic` or `topic[i]`). */
function topicSeries(row: QuarantineRow): string | undefined {
  if (row.source !== 'mqtt') return undefined;
  const t = parseTopic(row.location.replace(/\[\d+\]$/, ''));
  return t.ok ? t.value.seriesId : undefined;
}

const textOf = (o: unknown): string => {
  try {
    return JSON.stringify(o) ?? 'null';
  } catch {
    return '(unserialisable item)';
  }
};

/**
 * The reading a fix alone describes, for a row whose text cannot be re-read (a bare MQTT value
 * like `abc`, a line of an unknown layout): its series (from the fix or the row) and value.
 */
function fromFix(row: QuarantineRow, fix: QuarantineFix): RawReading | undefined {
  const seriesId = fix.seriesId ?? row.seriesId ?? topicSeries(row);
  if (fix.value === undefined || seriesId === undefined) return undefined;
  return { seriesId, ts: fix.ts, value: fix.value, unit: fix.unit, location: row.location, raw: row.raw };
}

/**
 * Re-reads a quarantined row (with an optional fix) and ingests it strictly. A reading that has
 * no time of its own (an MQTT payload without `ts`, read at receive time) gets the row's time,
 * when it was quarantined, which for MQTT is when the message was received (within the
 * milliseconds of a group commit): a fix may then give just the value.: if it is still
 * invalid, the error says why and the row stays open; if accepted, the row is marked resubmitted.
 *
 * @example
 * await resubmitQuarantine(42, { value: '21.5' }, { store, pipeline });
 */
export async function resubmitQuarantine(
  id: number,
  fix: QuarantineFix,
  deps: QuarantineDeps,
): Promise<IngestBatchResult & { id: number }> {
  const row = await openRow(deps.store, id);
  let reread_: { readings: RawReading[]; timeZone?: string };
  try {
    reread_ = await reread(deps.store, row, fix.raw ?? row.raw);
  } catch (e) {
    const alone = fix.raw === undefined ? fromFix(row, fix) : undefined;
    if (alone === undefined) throw e;
    reread_ = { readings: [alone] };
  }
  const { readings, timeZone } = reread_;
  if (readings.length === 0) {
    throw new XinzhiError('INGEST_BAD_ROW', `quarantined row ${id}: no reading found in its text`, {
      field: 'raw',
    });
  }
  const fixed = readings.map((r) => ({
    seriesId: r.seriesId,
    ts: r.ts === undefined || r.ts === null ? row.ts : r.ts,
    value: r.value,
    unit: r.unit,
    location: r.location,
    raw: r.raw,
    ...(fix.seriesId === undefined ? {} : { seriesId: fix.seriesId }),
    ...(fix.ts === undefined ? {} : { ts: fix.ts }),
    ...(fix.value === undefined ? {} : { value: fix.value }),
    ...(fix.unit === undefined ? {} : { unit: fix.unit }),
  }));
  const result = await deps.pipeline.ingest(fixed, {
    source: row.source,
    importId: row.importId,
    strict: true,
    timeZone,
  });
  await deps.store.resolveQuarantine(id, 'resubmitted');
  return { id, ...result };
}

export async function discardQuarantine(id: number, store: Store): Promise<void> {
  await openRow(store, id);
  await store.resolveQuarantine(id, 'discarded');
}

export interface BulkFilter {
  readonly importId?: number;
  readonly seriesId?: string;
}

export interface BulkResult {
  /** Open rows that matched. */
  readonly matched: number;
  /** Rows accepted by the pipeline and marked resubmitted. */
  readonly resubmitted: number;
  /** Rows still rejected (they stay open), with the first reason of each. */
  readonly stillInvalid: number;
  readonly discarded: number;
  /** Points written by the resubmitted rows. */
  readonly accepted: number;
  readonly failures: ReadonlyArray<{ id: number; location: string; code: string; message: string }>;
}

const checkBulk = (filter: BulkFilter): void => {
  if (filter.importId === undefined && filter.seriesId === undefined)
    throw new XinzhiError('BAD_INPUT', 'give the rows to act on: an import id, a series id or both', {
      field: 'importId',
    });
};

/** Every open row matching the filter, oldest first, read a page at a time. */
async function openRows(store: Store, filter: BulkFilter): Promise<QuarantineRow[]> {
  const rows: QuarantineRow[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await store.listQuarantine({ ...filter, status: 'open', limit: 1000, offset });
    rows.push(...page);
    if (page.length < 1000) return rows;
  }
}

/**
 * Sends every open row of an import and/or series through the pipeline again as it is (after the
 * series' limits or unit were fixed, say). Rows still rejected stay open and are counted, not
 * fatal; `onProgress` is told after each row.
 *
 * @example const r = await resubmitAll({ importId: 12 }, { store, pipeline }); // r.resubmitted, r.stillInvalid
 */
export async function resubmitAll(
  filter: BulkFilter,
  deps: QuarantineDeps,
  onProgress?: (done: number, total: number) => void,
): Promise<BulkResult> {
  checkBulk(filter);
  const rows = await openRows(deps.store, filter);
  let resubmitted = 0;
  let accepted = 0;
  const failures: Array<{ id: number; location: string; code: string; message: string }> = [];
  for (const [i, row] of rows.entries()) {
    try {
      const r = await resubmitQuarantine(row.id, {}, deps);
      resubmitted++;
      accepted += r.accepted;
    } catch (e) {
      if (!(e instanceof XinzhiError) || e.code === 'STORE_FAILURE' || e.code === 'INTERNAL') throw e;
      failures.push({ id: row.id, location: row.location, code: String(e.code), message: e.message });
    }
    onProgress?.(i + 1, rows.length);
  }
  return {
    matched: rows.length,
    resubmitted,
    stillInvalid: failures.length,
    discarded: 0,
    accepted,
    failures,
  };
}

/** Marks every open row of an import and/or series discarded. */
export async function discardAll(filter: BulkFilter, store: Store): Promise<BulkResult> {
  checkBulk(filter);
  const rows = await openRows(store, filter);
  // One transaction per 1,000 rows: one commit each, not one per row (3 ms apiece with fsync).
  for (let i = 0; i < rows.length; i += 1000)
    await store.resolveQuarantineMany(
      rows.slice(i, i + 1000).map((r) => r.id),
      'discarded',
    );
  return {
    matched: rows.length,
    resubmitted: 0,
    stillInvalid: 0,
    discarded: rows.length,
    accepted: 0,
    failures: [],
  };
}
