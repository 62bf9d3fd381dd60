/**
 * Quarantined input can be listed, fixed and sent again through the same pipeline, or discarded.
 * A row is re-read from its verbatim text: JSON (HTTP, MQTT, JSON files) as a reading object,
 * a CSV line with the layout its import recorded (so a wide row yields the failing column's
 * reading). A fix replaces the text, or overrides fields of the reading.
 */
import { parse } from 'csv-parse/sync';
import { XinzhiError } from '../../core/index.js';
import type { QuarantineFilter, QuarantineRow, Store } from '../../store/index.js';
import { recordToReadings } from '../csv/read-csv.js';
import { IMPORT_DOC_NS, type ImportLayoutDoc } from '../import/import-file.js';
import { objectToReading } from '../json/object-to-reading.js';
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
    row.importId === null
      ? undefined
      : await store.getDoc<ImportLayoutDoc>(IMPORT_DOC_NS, String(row.importId));
  const trimmed = text.trim();
  const out: RawReading[] = [];
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
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
        objectToReading(
          o,
          list.length > 1 ? `${row.location}[${i}]` : row.location,
          JSON.stringify(o) ?? 'null',
          {
            asset: doc?.asset,
            seriesId: row.seriesId ?? undefined,
          },
        ),
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

/**
 * Re-reads a quarantined row (with an optional fix) and ingests it strictly: if it is still
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
  const { readings, timeZone } = await reread(deps.store, row, fix.raw ?? row.raw);
  if (readings.length === 0) {
    throw new XinzhiError('INGEST_BAD_ROW', `quarantined row ${id}: no reading found in its text`, {
      field: 'raw',
    });
  }
  const fixed = readings.map((r) => ({
    seriesId: r.seriesId,
    ts: r.ts,
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
