/**
 * The time format of a CSV time column, decided ONCE from a sample of its cells, never per cell:
 * a per-cell guess reads `03/04/2024` as 3 April in one row and `03/13/2024` as 13 March in the
 * next. Cells are then rewritten to ISO 8601 (local, or with the cell's own offset), which the
 * pipeline reads in the import's zone (`--tz`).
 *
 * Recognised: ISO 8601 with or without a zone (`T` or space), `2024/06/01 08:00:00`,
 * `2024-06-01 8:00`, `6/1/2024 8:00 AM`, `01.06.2024 08:00`, `20240601 080000`, epoch seconds or
 * milliseconds, and Excel serial days (`45444.333`, days since 1899-12-30). A day/month order that
 * the sample cannot decide (every day ≤ 12, `/` or `-` separated) is an error asking for
 * `--time-format`; dotted dates (`01.06.2024`) are day first by European convention.
 */
import { XinzhiError } from '../../core/errors.js';
import type { CsvLayout } from '../csv/column-mapping.js';

export type DateOrder = 'ymd' | 'dmy' | 'mdy' | 'compact';

/** What was decided for a column; plain data, kept with the import's layout for resubmission. */
export type TimeFormatSpec =
  | { readonly kind: 'iso' | 'epoch-s' | 'epoch-ms' | 'excel'; readonly label: string }
  | { readonly kind: 'date'; readonly order: DateOrder; readonly label: string };

/** Where the layout keeps the decision and a separate time-of-day column merged into the date. */
export interface TimeColumns {
  readonly timeFormat?: TimeFormatSpec | undefined;
  /** Column holding the time of day when date and time are separate columns. */
  readonly clock?: number | undefined;
  /** Header names of the time column(s), for the import report. */
  readonly timeColumnName?: string | undefined;
}

const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;
const TIME = String.raw`(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:\s*([AaPp])\.?[Mm]\.?)?)?`;
const ZONE = String.raw`\s*(Z|[+-]\d{2}:?\d{2})?$`;
const YMD = new RegExp(String.raw`^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})${TIME}${ZONE}`, 'i');
const XXY = new RegExp(String.raw`^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})${TIME}${ZONE}`, 'i');
const COMPACT = /^(\d{4})(\d{2})(\d{2})(?:[ T]?(\d{2})(\d{2})(\d{2})?)?$/;
const NUMBER = /^-?\d+(?:\.\d+)?$/;

/** Excel's day 0 (its 1900 leap-year bug makes serials after Feb 1900 count from here). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

const p2 = (n: number): string => String(n).padStart(2, '0');

/** Builds the ISO text, or `undefined` if a field is out of range (month 13, 25 o'clock…). */
function isoOf(
  y: number,
  mo: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  frac: string | undefined,
  ampm: string | undefined,
  zone: string | undefined,
): string | undefined {
  if (ampm) {
    if (h < 1 || h > 12) return undefined;
    const pm = ampm.toLowerCase() === 'p';
    h = (h % 12) + (pm ? 12 : 0);
  }
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  if (new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return undefined;
  const f = frac ? `.${frac.slice(0, 3).padEnd(3, '0')}` : '';
  return `${y}-${p2(mo)}-${p2(d)}T${p2(h)}:${p2(mi)}:${p2(s)}${f}${zone ?? ''}`;
}

/** Reads one cell with a decided date order; `undefined` when it does not fit. */
function readDate(cell: string, order: DateOrder): string | undefined {
  if (order === 'compact') {
    const m = COMPACT.exec(cell);
    if (!m) return undefined;
    return isoOf(
      +m[1]!,
      +m[2]!,
      +m[3]!,
      +(m[4] ?? 0),
      +(m[5] ?? 0),
      +(m[6] ?? 0),
      undefined,
      undefined,
      undefined,
    );
  }
  const m = (order === 'ymd' ? YMD : XXY).exec(cell);
  if (!m) return undefined;
  const [a, b, c] = [+m[1]!, +m[3]!, +m[4]!];
  const [y, mo, d] = order === 'ymd' ? [a, b, c] : order === 'dmy' ? [c, b, a] : [c, a, b];
  return isoOf(y, mo, d, +(m[5] ?? 0), +(m[6] ?? 0), +(m[7] ?? 0), m[8], m[9], m[10]);
}

/**
 * False when the pipeline's own reading of a cell (ISO 8601, or an epoch by magnitude in
 * core/time.ts) already gives the column's format: the import's hot path then passes cells as
 * they are: a regex per row there would only repeat that reading.
 */
export const rewritesCells = (spec: TimeFormatSpec): boolean => spec.kind === 'date' || spec.kind === 'excel';

/**
 * Rewrites a cell to ISO 8601 by the column's format. A cell that does not fit comes back marked
 * so that the pipeline quarantines it (with the cell's text) rather than guessing another format.
 */
export function normalizeTimeCell(cell: string, spec: TimeFormatSpec): string {
  const s = cell.trim();
  let out: string | undefined;
  switch (spec.kind) {
    case 'iso':
      return cell;
    case 'date':
      out = readDate(s, spec.order);
      break;
    default: {
      const n = NUMBER.test(s) ? Number(s) : Number.NaN;
      if (!Number.isFinite(n)) break;
      // Cells that the per-cell epoch rule (core/time.ts) already reads in this unit pass as they are.
      const a = Math.abs(n);
      if (spec.kind === 'epoch-s' && a < 1e11) return cell;
      if (spec.kind === 'epoch-ms' && a >= 1e11 && a < 1e14) return cell;
      const ms = spec.kind === 'epoch-s' ? n * 1000 : spec.kind === 'epoch-ms' ? n : undefined;
      if (ms !== undefined)
        out = Number.isFinite(new Date(ms).getTime()) ? new Date(ms).toISOString() : undefined;
      // Excel serials are wall-clock days: local time, rounded to the second (0.333 d is 07:59:31.2).
      else if (n > 0 && n < 2_958_466)
        out = new Date(EXCEL_EPOCH + Math.round(n * 86_400) * 1000).toISOString().slice(0, 19);
    }
  }
  return out ?? `${s} (not ${spec.label})`;
}

const LABEL: Record<DateOrder, string> = {
  ymd: 'YYYY-MM-DD',
  dmy: 'DD.MM.YYYY',
  mdy: 'MM/DD/YYYY',
  compact: 'YYYYMMDD',
};

function dateLabel(order: DateOrder, sample: string): string {
  const sep = order === 'compact' ? '' : (/[-/.]/.exec(sample)?.[0] ?? '-');
  const date = order === 'compact' ? 'YYYYMMDD' : LABEL[order].replace(/[-/.]/g, sep);
  const t = sample.slice(sample.search(/[ T]/) + 1);
  if (!/[ T]/.test(sample)) return date;
  if (order === 'compact') return `${date} HHmm${t.length >= 6 ? 'ss' : ''}`;
  const secs = /^\d{1,2}:\d{2}:\d{2}/.test(t) ? ':ss' : '';
  const ampm = /[AaPp]\.?[Mm]/.test(t) ? ' A' : '';
  const hour = ampm ? 'h' : /^\d:/.test(t) ? 'H' : 'HH';
  const zone = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(t) ? 'Z' : '';
  return `${date} ${hour}:mm${secs}${ampm}${zone}`;
}

/**
 * Reads a `--time-format` value: `iso`, `epoch-s`, `epoch-ms`, `excel`, or a pattern whose order
 * of `Y`, `M` and `D` gives the date order (`DD/MM/YYYY HH:mm`, `MM/DD/YYYY h:mm A`, `YYYYMMDD`).
 * Separators and the time part are read as they come.
 */
export function parseTimeFormatOption(s: string): TimeFormatSpec {
  const t = s.trim();
  const low = t.toLowerCase();
  if (low === 'iso' || low === 'iso8601') return { kind: 'iso', label: 'ISO 8601' };
  if (low === 'epoch-s' || low === 'epoch') return { kind: 'epoch-s', label: 'epoch seconds' };
  if (low === 'epoch-ms') return { kind: 'epoch-ms', label: 'epoch milliseconds' };
  if (low === 'excel') return { kind: 'excel', label: 'Excel serial days' };
  const up = t.toUpperCase();
  const y = up.indexOf('YY');
  const m = up.indexOf('M');
  const d = up.indexOf('D');
  if (y < 0 || m < 0 || d < 0) {
    throw new XinzhiError(
      'BAD_INPUT',
      `--time-format "${s}" is not understood: give a pattern such as DD/MM/YYYY HH:mm, MM/DD/YYYY h:mm A, YYYY-MM-DD HH:mm:ss, YYYYMMDD HHmmss, or one of iso, epoch-s, epoch-ms, excel`,
      { field: 'time-format' },
    );
  }
  const order: DateOrder = /^YYYYMMDD/.test(up) ? 'compact' : y < m && m < d ? 'ymd' : d < m ? 'dmy' : 'mdy';
  return { kind: 'date', order, label: `${t} (given)` };
}

/** Most cells of the column read to decide its format. */
export const TIME_SAMPLE_CELLS = 500;

/**
 * Decides a column's format from sample cells (empty cells ignored). `undefined` when no one
 * format fits every cell: the cells are then read as before (ISO 8601 or epoch per cell) and the
 * ones that are neither are quarantined.
 *
 * @example detectTimeFormat(['6/1/2024 8:00 AM', '6/13/2024 9:00 PM'], { column: 'ts', file: 'x.csv' }).label // 'MM/DD/YYYY h:mm A'
 */
export function detectTimeFormat(
  cells: readonly string[],
  where: { readonly column: string; readonly file: string; readonly given?: TimeFormatSpec | undefined },
): TimeFormatSpec | undefined {
  if (where.given) return where.given;
  const sample = cells
    .slice(0, TIME_SAMPLE_CELLS)
    .map((c) => c.trim())
    .filter((c) => c !== '');
  if (sample.length === 0) return undefined;
  // The format that reads most cells wins, if it reads more than half: one bad cell in the
  // sample must not switch the column back to per-cell guessing; it is quarantined instead.
  const enough = (k: number): boolean => k * 2 > sample.length;
  const count = (ok: (c: string) => boolean): number => sample.reduce((k, c) => (ok(c) ? k + 1 : k), 0);
  const iso = count((c) => ISO.test(c));
  const numeric = sample.filter((c) => NUMBER.test(c));
  const fitsDate = (order: DateOrder) => count((c) => readDate(c, order) !== undefined);
  const ymd = fitsDate('ymd');
  const compact = count((c) => !/^\d{8}$/.test(c) && readDate(c, 'compact') !== undefined);
  const eightDigit = count((c) => /^\d{8}$/.test(c) && readDate(c, 'compact') !== undefined);
  const dmy = fitsDate('dmy');
  const mdy = fitsDate('mdy');
  const best = Math.max(iso, numeric.length, ymd, compact, dmy, mdy);
  if (!enough(best)) return undefined;
  if (iso === best) return { kind: 'iso', label: 'ISO 8601' };
  if (ymd === best) return { kind: 'date', order: 'ymd', label: dateLabel('ymd', firstOf(sample, 'ymd')) };
  if (numeric.length === best) {
    if (eightDigit === best) return { kind: 'date', order: 'compact', label: 'YYYYMMDD' };
    const nums = numeric.map(Number);
    // Excel serials of the years 1954–2119 (20000–80000 days) would, as epoch seconds, all fall
    // on 1 January 1970; smaller numbers stay epochs (test data and counters start at 0).
    if (nums.every((x) => x >= 20_000 && x < 80_000)) return { kind: 'excel', label: 'Excel serial days' };
    if (nums.every((x) => Math.abs(x) >= 1e11)) return { kind: 'epoch-ms', label: 'epoch milliseconds' };
    return { kind: 'epoch-s', label: 'epoch seconds' };
  }
  if (compact === best)
    return { kind: 'date', order: 'compact', label: dateLabel('compact', firstOf(sample, 'compact')) };
  if (dmy === best && mdy === best) {
    const first = firstOf(sample, 'dmy');
    if (first.includes('.')) return { kind: 'date', order: 'dmy', label: dateLabel('dmy', first) };
    const asDmy = dateLabel('dmy', first);
    const asMdy = dateLabel('mdy', first);
    const [a, b] = [readDate(first, 'dmy')!.slice(0, 10), readDate(first, 'mdy')!.slice(0, 10)];
    throw new XinzhiError(
      'BAD_INPUT',
      `${where.file}: column "${where.column}": day and month cannot be told apart (no day above 12 in the first ${sample.length} rows): "${first}" is ${a} read as ${asDmy} or ${b} read as ${asMdy}; say which with --time-format "${asDmy}" or --time-format "${asMdy}"`,
      { field: 'time-format', context: { column: where.column, readings: [asDmy, asMdy] } },
    );
  }
  const order: DateOrder = dmy === best ? 'dmy' : 'mdy';
  return { kind: 'date', order, label: dateLabel(order, firstOf(sample, order)) };
}

const firstOf = (sample: readonly string[], order: DateOrder): string =>
  sample.find((c) => readDate(c, order) !== undefined) ?? sample[0]!;

const TIME_OF_DAY = /^\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s*[AaPp]\.?[Mm]\.?)?$/;
const DATE_NAMES = /^(date|datum|day|日期|tag)$/i;
const CLOCK_NAMES = /^(time|zeit|uhrzeit|clock|时间|time of day)$/i;

/**
 * Finds separate date and time-of-day columns (`date,time,…`): their indexes, or `undefined`.
 * A mapping naming the time column explicitly switches this off.
 */
export function findDateAndClock(header: readonly string[]): { date: number; clock: number } | undefined {
  const names = header.map((h) => h.trim().replace(/^"|"$/g, ''));
  const date = names.findIndex((n) => DATE_NAMES.test(n));
  const clock = names.findIndex((n) => CLOCK_NAMES.test(n));
  return date >= 0 && clock >= 0 ? { date, clock } : undefined;
}

/** The time cell of a record: the date and time-of-day cells joined when they are separate. */
export function timeCellOf(rec: readonly string[], time: number, clock: number | undefined): string {
  const t = rec[time] ?? '';
  if (clock === undefined) return t;
  const c = (rec[clock] ?? '').trim();
  return c === '' ? t : `${t.trim()} ${c}`;
}

/**
 * Adds the time decisions to a layout resolved from the header: merges separate date and time
 * columns (the time column is then no value column) and decides the format from `sample`, the
 * first records after the header.
 */
export function withTimeColumns<L extends CsvLayout>(
  layout: L,
  header: readonly string[],
  sample: ReadonlyArray<readonly string[]>,
  opts: { readonly file: string; readonly given?: TimeFormatSpec | undefined; readonly mappedTime: boolean },
): L & TimeColumns {
  let time = layout.time;
  let clock: number | undefined;
  let out: CsvLayout = layout;
  const pair = opts.mappedTime ? undefined : findDateAndClock(header);
  // Merged only when the "time" column holds times of day: a full timestamp beside a date stays on its own.
  const clockCells = pair ? sample.map((r) => (r[pair.clock] ?? '').trim()).filter((c) => c !== '') : [];
  if (
    pair &&
    (pair.date === time || pair.clock === time) &&
    clockCells.length > 0 &&
    clockCells.filter((c) => TIME_OF_DAY.test(c)).length * 2 > clockCells.length
  ) {
    if (pair.clock === time) time = pair.date;
    clock = pair.clock;
    out =
      layout.kind === 'wide'
        ? {
            ...layout,
            time,
            columns: layout.columns.filter((c) => c.index !== pair.date && c.index !== pair.clock),
          }
        : { ...layout, time };
  }
  const name = (i: number): string => (header[i] ?? `#${i + 1}`).trim();
  const column = clock === undefined ? name(time) : `${name(time)} + ${name(clock)}`;
  const timeFormat = detectTimeFormat(
    sample.map((r) => timeCellOf(r, time, clock)),
    { column, file: opts.file, given: opts.given },
  );
  return { ...(out as L), timeFormat, clock, timeColumnName: column };
}
