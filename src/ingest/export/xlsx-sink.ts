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
import { setImmediate as yieldToIo } from 'node:timers/promises';
import type { Writable } from 'node:stream';
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

export function xlsxSink(out: Writable, shape: TableShape, sheetRows = XLSX_SHEET_ROWS): TableSink {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
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
      await yieldToIo();
    },
    async writeBuckets(rows: readonly BucketRow[]) {
      for (const r of rows) add([wall(r.ts), r.series, r.unit, r.min, r.max, r.mean, r.count, r.last]);
      await yieldToIo();
    },
    async finish() {
      if (sheet === undefined) sheet = newSheet();
      sheet.commit();
      await wb.commit();
    },
  };
}
