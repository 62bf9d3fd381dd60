/**
 * XLSX import seam: one sheet of a workbook becomes the UTF-8 CSV text the CSV path already reads,
 * so a spreadsheet gets exactly the same layout detection (wide/long), time formats, date + time
 * merge, units in headers, text-column skipping, quarantine and quality report as a CSV file.
 *
 * Line N of the CSV is row N of the sheet (rows before the header and empty rows become blank
 * lines, which the CSV reader skips), so a quarantined row's location `plant.xlsx[数据]:12` is the
 * row number Excel shows. Cells are written as text:
 *  - date cells (a number with a date format) are Excel wall-clock times, without a zone: they are
 *    written without an offset (`2024-06-01 08:30:00`) so that `--tz` applies, as for CSV text;
 *    a time-only cell (`08:30`, a serial below 1) is written as `08:30:00` so that a separate
 *    date + time pair is merged as in CSV; a date-only format gives `2024-06-01`;
 *  - formula cells give their cached result (the value Excel last computed);
 *  - booleans are 1/0; error cells (`#N/A`, `#DIV/0!`) their text; rich text its plain text.
 * The header is the first row with two or more filled cells: a merged title row above it
 * (`车间温度记录`, one filled cell) and blank rows are skipped, and said so.
 *
 * Hostile files: the zip's central directory is checked first (declared uncompressed size against
 * `xlsxUncompressedBytes`, so a zip bomb is refused before anything is inflated), then rows and
 * cells are counted while streaming (exceljs's streaming reader: rows are never all in memory)
 * against `xlsxRows` / `xlsxCells` / `importColumns`. A corrupt file is a clear error naming it.
 */
import { createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { compact, DEFAULT_LIMITS, type Limits, resolveTimeZone, XinzhiError } from '../../core/index.js';
import { endStream, writeChunk } from '../export/write-stream.js';

export type XlsxLimits = Pick<Limits, 'importColumns' | 'xlsxRows' | 'xlsxCells' | 'xlsxUncompressedBytes'>;

export interface XlsxToCsvOptions {
  /** File name for messages (`plant.xlsx`). */
  readonly name: string;
  /** Sheet name, or its 1-based position in the workbook; default the first sheet with a header. */
  readonly sheet?: string | undefined;
  readonly limits?: Partial<XlsxLimits> | undefined;
}

export interface XlsxSheetCsv {
  /** The sheet read. */
  readonly sheet: string;
  /** Every sheet of the workbook, in workbook order. */
  readonly sheets: string[];
  /** Sheet row of the header. */
  readonly headerRow: number;
  /** Data rows after the header (empty rows included). */
  readonly rows: number;
  /** Zone named by the time column's header (`time (Asia/Shanghai)`, as `query --format xlsx` writes). */
  readonly headerZone?: string;
  readonly warnings: string[];
}

const XLS_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

interface ZipEntry {
  readonly name: string;
  readonly uncompressed: number;
}

/** Entries of a zip's central directory (names and declared sizes), or a clear error. */
async function zipDirectory(path: string, name: string): Promise<ZipEntry[]> {
  const fh = await open(path, 'r');
  try {
    const size = (await fh.stat()).size;
    const head = Buffer.alloc(4);
    await fh.read(head, 0, 4, 0);
    if (XLS_MAGIC.every((b, i) => head[i] === b))
      throw new XinzhiError(
        'BAD_INPUT',
        `${name}: an Excel 97-2003 .xls workbook, not .xlsx: save it as .xlsx (or CSV) and import that`,
        { field: name },
      );
    const notXlsx = (why: string): XinzhiError =>
      new XinzhiError('INGEST_BAD_ROW', `${name}: not a readable XLSX file (${why})`, { field: name });
    if (size < 22 || head.readUInt32LE(0) !== 0x04034b50) throw notXlsx('it is not a zip archive');
    // End of central directory: in the last 22 + 65,535 bytes (its comment is at most 64 KiB).
    const tailLen = Math.min(size, 22 + 0xffff);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--)
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    if (eocd < 0) throw notXlsx('no zip directory: the file is cut short or damaged');
    const count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (cdOffset === 0xffffffff || cdSize === 0xffffffff || cdOffset + cdSize > size)
      throw notXlsx('its zip directory points outside the file');
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    const out: ZipEntry[] = [];
    let p = 0;
    for (let k = 0; k < count; k++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) throw notXlsx('damaged zip directory');
      const uncompressed = cd.readUInt32LE(p + 24);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      out.push({
        name: cd.toString('utf8', p + 46, p + 46 + nameLen),
        // ZIP64 marks sizes of 4 GiB and more: over every limit here.
        uncompressed: uncompressed === 0xffffffff ? Number.POSITIVE_INFINITY : uncompressed,
      });
      p += 46 + nameLen + extraLen + commentLen;
    }
    if (!out.some((e) => e.name === 'xl/workbook.xml'))
      throw notXlsx('a zip archive without xl/workbook.xml, so not an Excel workbook');
    return out;
  } finally {
    await fh.close();
  }
}

const p2 = (n: number): string => String(n).padStart(2, '0');

/** Whether an Excel number format shows a date or time (as exceljs decides it). */
function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt) return false;
  return /[ymdhsb]/i.test(fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

const hasClock = (fmt: string | undefined): boolean =>
  fmt !== undefined && /[hs]/i.test(fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));

/** Excel's day 0 (1899-12-30, with its 1900 leap-year bug) in Unix ms. */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** Wall-clock text of an Excel date cell: a Date whose UTC fields are the sheet's clock. */
function dateText(d: Date, fmt: string | undefined): string {
  const ms = d.getTime();
  if (Number.isNaN(ms)) return '';
  const clock = `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}${
    d.getUTCMilliseconds() === 0 ? '' : `.${String(d.getUTCMilliseconds()).padStart(3, '0')}`
  }`;
  // A time of day alone is stored as a fraction of day 0.
  if (ms >= EXCEL_EPOCH && ms < EXCEL_EPOCH + 86_400_000) return clock;
  const date = `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`;
  const midnight = ms % 86_400_000 === 0;
  return midnight && !hasClock(fmt) ? date : `${date} ${clock}`;
}

/** One cell as CSV text (unquoted). */
function cellText(v: ExcelJS.CellValue, fmt: string | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number')
    return isDateFormat(fmt) ? dateText(new Date(Math.round(EXCEL_EPOCH + v * 86_400_000)), fmt) : String(v);
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (v instanceof Date) return dateText(v, fmt);
  if (typeof v === 'object') {
    if ('richText' in v && Array.isArray(v.richText)) return v.richText.map((r) => r.text ?? '').join('');
    if ('error' in v) return String(v.error);
    if ('result' in v) return cellText((v.result ?? null) as ExcelJS.CellValue, fmt);
    if ('formula' in v || 'sharedFormula' in v) return '';
    if ('text' in v) return String((v as { text: unknown }).text ?? '');
  }
  return String(v);
}

/** A CSV field: one line per row, so line breaks inside a cell become spaces. */
function csvField(s: string): string {
  const t = s.includes('\n') || s.includes('\r') ? s.replace(/\s*[\r\n]+\s*/g, ' ') : s;
  return /[",]/.test(t) ? `"${t.replaceAll('"', '""')}"` : t;
}

const ZONE_HEADER = /^\s*(?:ts|time|timestamp|datetime|date[ _]?time|时间|日期时间)\s*\((.+)\)\s*$/i;

/**
 * Writes sheet `opts.sheet` (default: the first with a header row) of the workbook at `path` to
 * `csvPath` as UTF-8 CSV.
 */
export async function xlsxToCsv(
  path: string,
  csvPath: string,
  opts: XlsxToCsvOptions,
): Promise<XlsxSheetCsv> {
  const limits: XlsxLimits = { ...pickXlsxLimits(DEFAULT_LIMITS), ...compact(opts.limits ?? {}) };
  const { name } = opts;
  const entries = await zipDirectory(path, name);
  const inflated = entries.reduce((s, e) => s + e.uncompressed, 0);
  if (inflated > limits.xlsxUncompressedBytes)
    throw new XinzhiError(
      'INGEST_LIMIT_EXCEEDED',
      `${name}: unpacks to ${Number.isFinite(inflated) ? `${(inflated / 2 ** 20).toFixed(0)} MiB` : 'more than 4 GiB'}, more than the limit of ${(limits.xlsxUncompressedBytes / 2 ** 20).toFixed(0)} MiB (xlsxUncompressedBytes); save the sheet as CSV and import that`,
      { field: name },
    );
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const model = reader as unknown as {
    model?: { sheets?: Array<{ name: string; id: number }> };
    stream?: { destroy(): void };
  };
  const sheetNames = (): string[] => (model.model?.sheets ?? []).map((s) => s.name);
  const wanted = (ws: { name?: string }): boolean => {
    if (opts.sheet === undefined) return true;
    if (ws.name === opts.sheet) return true;
    const i = Number(opts.sheet);
    return Number.isInteger(i) && i >= 1 && sheetNames()[i - 1] === ws.name;
  };
  const out = createWriteStream(csvPath);
  const skippedSheets: string[] = [];
  const warnings: string[] = [];
  let found: XlsxSheetCsv | undefined;
  let cells = 0;
  try {
    for await (const ws of reader) {
      const sheet = (ws as unknown as { name?: string }).name ?? '?';
      if (!wanted(ws as { name?: string })) continue;
      let header: string[] | undefined;
      let headerRow = 0;
      const titles: string[] = [];
      let line = 0;
      let rows = 0;
      let buf = '';
      for await (const row of ws) {
        const r = row.number;
        if (r > limits.xlsxRows)
          throw new XinzhiError(
            'INGEST_LIMIT_EXCEEDED',
            `${name}[${sheet}]: row ${r} is past the limit of ${limits.xlsxRows} rows (xlsxRows); split the sheet or save it as CSV`,
            { field: name },
          );
        const fields: string[] = [];
        let filled = 0;
        row.eachCell({ includeEmpty: false }, (cell, col) => {
          if (col > limits.importColumns)
            throw new XinzhiError(
              'INGEST_LIMIT_EXCEEDED',
              `${name}[${sheet}]:${r}: a cell in column ${col}, more than the limit of ${limits.importColumns} columns (importColumns, --max-columns)`,
              { field: name },
            );
          if (++cells > limits.xlsxCells)
            throw new XinzhiError(
              'INGEST_LIMIT_EXCEEDED',
              `${name}[${sheet}]: more than ${limits.xlsxCells} cells (xlsxCells); split the sheet or save it as CSV`,
              { field: name },
            );
          const t = cellText(cell.value, cell.numFmt).trim();
          if (t === '') return;
          while (fields.length < col - 1) fields.push('');
          fields[col - 1] = t;
          filled++;
        });
        // Blank lines keep line numbers equal to row numbers (the reader skips them).
        buf += '\n'.repeat(Math.max(0, r - 1 - line));
        line = r - 1;
        if (header === undefined) {
          if (filled >= 2) {
            header = fields;
            headerRow = r;
          } else if (filled === 1) titles.push(fields.find((f) => f !== '')!);
        } else rows = r - headerRow;
        if (filled > 0 && (header !== undefined || filled >= 2)) {
          const width = Math.max(fields.length, header?.length ?? 0);
          while (fields.length < width) fields.push('');
          buf += fields.map(csvField).join(',');
        }
        buf += '\n';
        line = r;
        if (buf.length >= 256 * 1024) {
          await writeChunk(out, buf);
          buf = '';
        }
      }
      if (header === undefined) {
        if (opts.sheet !== undefined)
          throw new XinzhiError(
            'BAD_INPUT',
            `${name}: sheet "${sheet}" has no header row (a row with two or more filled cells)`,
            { field: 'sheet' },
          );
        skippedSheets.push(sheet);
        continue;
      }
      await writeChunk(out, buf);
      if (titles.length > 0)
        warnings.push(
          `${name}[${sheet}]: ${titles.length === 1 ? 'row' : 'rows'} above the header skipped as titles: ${titles
            .slice(0, 3)
            .map((t) => `"${t.slice(0, 40)}"`)
            .join(', ')}`,
        );
      const timeCell = header.find((h) => ZONE_HEADER.test(h));
      const zoneName = timeCell === undefined ? undefined : ZONE_HEADER.exec(timeCell)?.[1];
      let headerZone: string | undefined;
      if (zoneName !== undefined) {
        try {
          headerZone = resolveTimeZone(zoneName).name;
        } catch {
          headerZone = undefined;
        }
      }
      found = {
        sheet,
        sheets: sheetNames(),
        headerRow,
        rows,
        ...(headerZone === undefined ? {} : { headerZone }),
        warnings,
      };
      break;
    }
  } catch (e) {
    out.destroy();
    if (e instanceof XinzhiError) throw e;
    throw new XinzhiError(
      'INGEST_BAD_ROW',
      `${name}: not a readable XLSX file (${(e as Error).message.split('\n')[0]})`,
      { field: name, cause: e },
    );
  } finally {
    model.stream?.destroy();
  }
  await endStream(out);
  if (found === undefined) {
    const all = sheetNames();
    if (opts.sheet !== undefined)
      throw new XinzhiError(
        'BAD_INPUT',
        `${name}: no sheet "${opts.sheet}"; the sheets are ${all.map((s, i) => `${i + 1} "${s}"`).join(', ')}`,
        { field: 'sheet' },
      );
    throw new XinzhiError(
      'INGEST_BAD_ROW',
      `${name}: no sheet has a header row (a row with two or more filled cells)${all.length > 0 ? `; sheets: ${all.join(', ')}` : ''}`,
      { field: name },
    );
  }
  if (opts.sheet === undefined && found.sheets.length > 1)
    warnings.unshift(
      `${name}: read sheet "${found.sheet}"${skippedSheets.length > 0 ? ` (${skippedSheets.map((s) => `"${s}"`).join(', ')} empty)` : ''} of ${found.sheets.length} (${found.sheets.join(', ')}); choose another with --sheet NAME or a number`,
    );
  return found;
}

function pickXlsxLimits(l: Limits): XlsxLimits {
  return {
    importColumns: l.importColumns,
    xlsxRows: l.xlsxRows,
    xlsxCells: l.xlsxCells,
    xlsxUncompressedBytes: l.xlsxUncompressedBytes,
  };
}
