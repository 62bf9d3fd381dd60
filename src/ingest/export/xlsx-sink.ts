/**
 * XLSX through exceljs's streaming `WorkbookWriter` (exceljs 4.4: the spreadsheet library most
 * used from Node, maintained, read and write): each row is committed as it is added, so the sheet
 * XML goes straight into the zip stream and a million rows never sit in memory as cell objects.
 *
 * Times are real date cells. Excel date cells have no zone (they are wall-clock times), so they
 * hold the wall clock of the export's zone and the column header names that zone:
 * `time (Asia/Shanghai)`; `xinzhi import` reads the zone back from that header.
 * A sheet holds at most 1,048,576 rows (Excel's limit): larger exports continue on `data (2)`…
 */

import type { Writable } from 'node:stream';
import { setTimeout as sleep, setImmediate as yieldToIo } from 'node:timers/promises';
import ExcelJS from 'exceljs';
import {
  BUCKET_COLUMNS,
  type BucketRow,
  POINT_COLUMNS,
  type PointRow,
  type TableShape,
  type TableSink,
  timeHeader,
} from './export-table.js';
import { qualityNames } from './quality-names.js';

/** Data rows per sheet: Excel's 1,048,576 rows less the header. */
export const XLSX_SHEET_ROWS = 1_048_575;
const DATE_FORMAT = 'yyyy-mm-dd hh:mm:ss.000';

/** Sheet XML allowed to wait for the zip compressor before more rows are made. */
const MAX_PENDING_BYTES = 8 * 1024 * 1024;

/**
 * exceljs hands committed rows to its zip stream without waiting for it (its StreamBuf ignores
 * the consumer's `write()` result), so a fast producer would queue the whole sheet's XML in
 * memory while the compressor lags: wait while more than `MAX_PENDING_BYTES` is queued. Reads
 * exceljs 4.4 internals (`_stream`, its `buffers` and `pipes`); without them it only yields.
 */
async function paceSheet(sheet: unknown): Promise<void> {
  type Pipe = { writableLength?: number; _writableState?: { length?: number } };
  const s = (sheet as { _stream?: { buffers?: unknown[]; pipes?: Pipe[] } })._stream;
  // The zip entry is a readable-stream PassThrough: its queue is `_writableState.length`.
  const pending = (): number =>
    (s?.buffers?.length ?? 0) * 65_536 +
    (s?.pipes ?? []).reduce((n, p) => n + (p.writableLength ?? p._writableState?.length ?? 0), 0);
  await yieldToIo();
  for (let i = 0; i < 2000 && pending() > MAX_PENDING_BYTES; i++) await sleep(5);
}

export function xlsxSink(out: Writable, shape: TableShape, sheetRows = XLSX_SHEET_ROWS): TableSink {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const names = shape.kind === 'points' ? POINT_COLUMNS : BUCKET_COLUMNS;
  let sheet: ExcelJS.Worksheet | undefined;
  let sheets = 0;
  let inSheet = 0;
  const newSheet = (): ExcelJS.Worksheet => {
    sheet?.commit();
    sheets++;
    const ws = wb.addWorksheet(sheets === 1 ? shape.kind : `${shape.kind} (${sheets})`, {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    ws.columns = [
      { header: timeHeader(shape.zone), key: 'time', width: 24, style: { numFmt: DATE_FORMAT } },
      ...names.map((n) => ({
        header: n,
        key: n,
        width: n === 'series' ? 32 : 12,
        ...(n === 'count' ? { style: { numFmt: '0' } } : {}),
      })),
    ];
    inSheet = 0;
    return ws;
  };
  // The Date whose UTC fields are the zone's wall clock: exceljs writes a Date's UTC fields.
  const wall = (ts: number): Date => new Date(ts + shape.zone.offsetAt(ts));
  const add = (values: unknown[]): void => {
    if (sheet === undefined || inSheet >= sheetRows) sheet = newSheet();
    sheet.addRow(values).commit();
    inSheet++;
  };
  return {
    async writePoints(rows: readonly PointRow[]) {
      for (const r of rows) add([wall(r.ts), r.series, r.unit, r.value, qualityNames(r.quality)]);
      // Lets the zip stream compress and write what was committed before more rows come.
      await paceSheet(sheet);
    },
    async writeBuckets(rows: readonly BucketRow[]) {
      for (const r of rows) add([wall(r.ts), r.series, r.unit, r.min, r.max, r.mean, r.count, r.last]);
      await paceSheet(sheet);
    },
    async finish() {
      if (sheet === undefined) sheet = newSheet();
      sheet.commit();
      await wb.commit();
    },
  };
}
