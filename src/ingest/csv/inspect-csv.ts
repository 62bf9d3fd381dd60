/**
 * Looks at the head of a CSV file before anything is written: its encoding, dialect, layout and
 * how each value column writes its cells. Everything that would fail the whole file (an unknown
 * header, an undecodable header, no numeric column) fails here, before an import is recorded.
 *
 * Column decisions come from a sample (the first `SAMPLE_BYTES`), once per column, never per cell:
 * a column that is mostly text (`RUN`, `STOP`, operator names) is skipped with one warning instead
 * of one quarantined row per line, or mapped to codes with `states`; a column whose numbers carry
 * thousands separators (`1.234,5`, `12,345.6`) is read with that format.
 */

import { open } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { XinzhiError } from '../../core/errors.js';
import { TIME_SAMPLE_CELLS, type TimeFormatSpec, withTimeColumns } from '../time/column-time-format.js';
import {
  type CellFormat,
  type ColumnMapping,
  type CsvLayout,
  type NumberFormat,
  resolveLayout,
  type WideColumn,
} from './column-mapping.js';
import {
  bomLength,
  createDecoder,
  detectEncoding,
  type Encoding,
  type EncodingSource,
} from './detect-encoding.js';
import { toMetric } from './parse-header.js';
import { sniffDialect } from './sniff-dialect.js';

/** Bytes read to decide encoding, dialect, layout and column formats. */
export const SAMPLE_BYTES = 256 * 1024;
/** Data rows of the sample looked at per column. */
const SAMPLE_ROWS = 2000;

export interface InspectCsvOptions {
  readonly name: string;
  readonly asset?: string | undefined;
  readonly mapping?: ColumnMapping | undefined;
  readonly delimiter?: string | undefined;
  readonly decimal?: '.' | ',' | undefined;
  /** Overrides detection. */
  readonly encoding?: Encoding | undefined;
  /** State text → numeric code, for state columns (`--states RUN=1,STOP=0`). */
  readonly states?: Readonly<Record<string, string>> | undefined;
  /** Most columns accepted (see `Limits.importColumns`). */
  readonly maxColumns: number;
  /** `--time-format`; default: decided from the sample (column-time-format.ts). */
  readonly timeFormat?: TimeFormatSpec | undefined;
  /**
   * Whether the pipeline reads a unit (UCUM or a known alias). A header's bracket that is not one
   * (`Temp (Zone 1)`, `Count (boxes)`) is part of the name: the column is read without a unit and
   * the plan says so once, instead of every row being quarantined for an unknown unit.
   */
  readonly unitKnown?: ((unit: string) => boolean) | undefined;
}

/** A column whose header bracket was not a unit: read as `seriesId`, unit 1. */
export interface UnitlessColumn {
  readonly column: string;
  readonly bracket: string;
  readonly seriesId: string;
}

export interface SkippedColumn {
  readonly column: string;
  readonly examples: string[];
}

export interface CsvPlan {
  readonly encoding: Encoding;
  readonly encodingSource: EncodingSource;
  readonly delimiter: string;
  readonly decimal: '.' | ',';
  /** The layout with text columns removed and cell formats set. */
  readonly layout: CsvLayout;
  readonly skipped: SkippedColumn[];
  /** Column → number format, for columns not written as plain numbers. */
  readonly numberFormats: Record<string, NumberFormat>;
  /** Columns read through the state map. */
  readonly stateColumns: string[];
  /** Columns whose header bracket was not a unit (see `InspectCsvOptions.unitKnown`). */
  readonly unitlessColumns: UnitlessColumn[];
}

const PLAIN = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const COMMA_DECIMAL = /^[+-]?\d*,\d+$/;
const GROUPED_COMMA = /^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$/;
const GROUPED_DOT = /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/;
/** Cells meaning "no value": neither number nor text evidence. */
const MISSING = /^(nan|null|none|n\/a|na|#n\/a|-+|\?)$/i;

/** Reads `--states RUN=1,STOP=0`: state text → numeric code. */
export function parseStates(spec: string, field = '--states'): Record<string, string> {
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const part of spec.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.lastIndexOf('=');
    const key = eq < 0 ? '' : part.slice(0, eq).trim();
    const code = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (key === '' || !PLAIN.test(code))
      throw new XinzhiError(
        'BAD_INPUT',
        `${field}: "${part.trim()}" is not STATE=number (e.g. ${field} RUN=1,STOP=0)`,
        { field },
      );
    out[key] = code;
  }
  if (Object.keys(out).length === 0)
    throw new XinzhiError('BAD_INPUT', `${field}: no states given (e.g. ${field} RUN=1,STOP=0)`, { field });
  return out;
}

/** Applies a column's format to a cell (states first, then the number format). */
export function formatCell(v: string, f: CellFormat): string {
  if (f.states !== undefined) {
    const key = v.trim();
    if (Object.hasOwn(f.states, key)) return f.states[key]!;
  }
  switch (f.numbers) {
    case 'comma':
      return v.replace(',', '.');
    case 'grouped-comma':
      return v.replaceAll('.', '').replace(',', '.');
    case 'grouped-dot':
      return v.replaceAll(',', '');
    default:
      return v;
  }
}

interface ColumnVerdict {
  readonly text: boolean;
  readonly examples: string[];
  readonly numbers: NumberFormat | undefined;
  readonly states: boolean;
}

/** Decides how one column writes its values from its sample cells. */
export function judgeColumn(
  cells: readonly string[],
  decimal: '.' | ',',
  states: Readonly<Record<string, string>> | undefined,
): ColumnVerdict {
  let numeric = 0;
  let text = 0;
  let stateHits = 0;
  const examples = new Set<string>();
  const withComma: string[] = [];
  const withDot: string[] = [];
  const mixed: string[] = [];
  for (const raw of cells) {
    const v = raw.trim();
    if (v === '' || MISSING.test(v)) continue;
    if (states !== undefined && Object.hasOwn(states, v)) {
      stateHits++;
      continue;
    }
    const hasComma = v.includes(',');
    const hasDot = v.includes('.');
    if (PLAIN.test(v) || COMMA_DECIMAL.test(v) || GROUPED_COMMA.test(v) || GROUPED_DOT.test(v)) {
      numeric++;
      if (hasComma && hasDot) mixed.push(v);
      else if (hasComma) withComma.push(v);
      else if (hasDot) withDot.push(v);
      continue;
    }
    text++;
    if (examples.size < 3) examples.add(v);
  }
  if (stateHits > 0 && stateHits >= text)
    return { text: false, examples: [...examples], numbers: numberFormat(), states: true };
  if (text > 0 && text >= numeric)
    return { text: true, examples: [...examples], numbers: undefined, states: false };
  return { text: false, examples: [...examples], numbers: numberFormat(), states: false };

  function numberFormat(): NumberFormat | undefined {
    if (mixed.length > 0) {
      if (mixed.every((v) => GROUPED_COMMA.test(v)) && withComma.every((v) => COMMA_DECIMAL.test(v)))
        return 'grouped-comma';
      if (mixed.every((v) => GROUPED_DOT.test(v)) && withDot.every((v) => PLAIN.test(v)))
        return 'grouped-dot';
      return undefined;
    }
    if (decimal === ',') {
      // Dots in a decimal-comma file are thousands separators when every dotted cell is grouped.
      if (withDot.length > 0 && withDot.every((v) => GROUPED_COMMA.test(v))) return 'grouped-comma';
      return undefined;
    }
    if (withComma.length > 0) {
      if (withComma.every((v) => GROUPED_DOT.test(v))) return 'grouped-dot';
      if (withComma.every((v) => COMMA_DECIMAL.test(v))) return 'comma';
    }
    return undefined;
  }
}

function splitSample(text: string, delimiter: string, partial: boolean): string[][] {
  let lines = text.split('\n');
  if (partial && lines.length > 1) lines.pop();
  lines = lines.map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l)).filter((l) => l.trim() !== '');
  lines = lines.slice(0, SAMPLE_ROWS + 1);
  const body = lines.join('\n');
  if (body.includes('"')) {
    try {
      return parse(body, { delimiter, relax_quotes: true, relax_column_count: true }) as string[][];
    } catch {
      // A quote cut by the sample's end, or a malformed line: the reader reports it with its line.
    }
  }
  return lines.map((l) => l.split(delimiter));
}

/**
 * Inspects the head of `path`; throws (before any import is recorded) when the file cannot be read
 * as a whole. Undefined when the sample holds no header (a head of blank lines): the reader then
 * decides as it goes.
 */
export async function inspectCsv(path: string, opts: InspectCsvOptions): Promise<CsvPlan | undefined> {
  const fh = await open(path, 'r');
  let head: Buffer;
  let partial: boolean;
  try {
    const buf = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await fh.read(buf, 0, SAMPLE_BYTES, 0);
    head = buf.subarray(0, bytesRead);
    partial = bytesRead === SAMPLE_BYTES;
  } finally {
    await fh.close();
  }
  const detected =
    opts.encoding === undefined
      ? detectEncoding(head, partial)
      : { encoding: opts.encoding, source: 'given' as const };
  const encoding = detected.encoding;
  let text: string;
  if (encoding === 'utf-8' && partial) {
    // Drop a character cut by the sample's end; the reader checks the whole file as it goes.
    let end = head.length;
    while (end > 0 && end > head.length - 4 && (head[end - 1]! & 0xc0) === 0x80) end--;
    if (end > 0 && head[end - 1]! >= 0xc0) end--;
    head = head.subarray(0, end);
  }
  const where = (good: string): string => `${opts.name}:${good.split('\n').length}`;
  const dec = createDecoder(encoding, opts.name, where);
  text = dec.write(head.subarray(encoding === 'utf-8' ? 0 : bomLength(head, encoding)));
  if (!partial) text += dec.end();
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.includes('\u0000'))
    throw new XinzhiError(
      'INGEST_BAD_ROW',
      `${opts.name}: not a text CSV file in ${encoding} (it contains NUL bytes); give the encoding with --encoding`,
      { field: opts.name },
    );
  const sniffed = sniffDialect(text.slice(0, 64 * 1024));
  const delimiter = opts.delimiter ?? sniffed.delimiter;
  const decimal = opts.decimal ?? sniffed.decimal;
  const firstLine = text.slice(0, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n'));
  if (!firstLine.includes('"') && firstLine.split(delimiter).length > opts.maxColumns) {
    throw new XinzhiError(
      'INGEST_LIMIT_EXCEEDED',
      `${opts.name}:1: the header has ${firstLine.split(delimiter).length} columns, more than the limit of ${opts.maxColumns} (importColumns, --max-columns); split the file or raise the limit`,
      { field: opts.name },
    );
  }
  const recs = splitSample(text, delimiter, partial);
  const header = recs[0];
  if (header === undefined && partial) return undefined;
  if (header === undefined)
    throw new XinzhiError('INGEST_BAD_ROW', `${opts.name}: the file is empty (no header row)`, {
      field: opts.name,
    });
  if (header.some((h) => h.includes('\uFFFD')))
    throw new XinzhiError(
      'INGEST_BAD_ROW',
      `${opts.name}:1: the header is not valid ${encoding} (${encoding === 'utf-8' ? '' : `${detected.source === 'given' ? 'given' : 'detected'}, `}undecodable bytes); give the file's encoding with --encoding`,
      { field: opts.name },
    );
  const rows = recs.slice(1);
  // Time columns first: a separate `time` column of clock times is part of the timestamp, not a
  // text column to skip.
  const layout = withTimeColumns(
    resolveLayout(header, opts.mapping, opts.asset, opts.name),
    header,
    rows.slice(0, TIME_SAMPLE_CELLS),
    { file: opts.name, given: opts.timeFormat, mappedTime: opts.mapping?.time !== undefined },
  );
  const cellsOf = (i: number): string[] => rows.map((r) => r[i] ?? '');
  const skipped: SkippedColumn[] = [];
  const numberFormats: Record<string, NumberFormat> = {};
  const stateColumns: string[] = [];
  const formatOf = (i: number, v: ColumnVerdict): CellFormat | undefined => {
    const name = header[i]!.trim();
    if (v.numbers !== undefined) numberFormats[name] = v.numbers;
    if (v.states) stateColumns.push(name);
    if (v.numbers === undefined && !v.states) return undefined;
    return {
      ...(v.numbers === undefined ? {} : { numbers: v.numbers }),
      ...(v.states ? { states: opts.states } : {}),
    };
  };
  let planned: CsvLayout;
  const unitlessColumns: UnitlessColumn[] = [];
  if (layout.kind === 'wide') {
    const columns: WideColumn[] = [];
    for (const col of layout.columns) {
      const c = unitOrName(col, header[col.index]!.trim(), opts, unitlessColumns);
      const v = judgeColumn(cellsOf(c.index), decimal, opts.states);
      if (v.text && rows.length > 0) {
        skipped.push({ column: header[c.index]!.trim(), examples: v.examples });
        continue;
      }
      const format = formatOf(c.index, v);
      columns.push(format === undefined ? c : { ...c, format });
    }
    if (columns.length === 0)
      throw new XinzhiError(
        'BAD_INPUT',
        `${opts.name}: no numeric column: ${skipped.map((s) => `"${s.column}" (${s.examples.join(', ')})`).join(', ')} ${skipped.length === 1 ? 'is' : 'are'} text; map states to codes with --states (e.g. --states RUN=1,STOP=0)`,
        { field: 'states' },
      );
    planned = { ...layout, columns };
  } else {
    // A long file's value column holds many series: its text is mapped, never skipped.
    const v = judgeColumn(cellsOf(layout.value), decimal, opts.states);
    const format = formatOf(layout.value, { ...v, text: false });
    planned = format === undefined ? layout : { ...layout, format };
  }
  return {
    encoding,
    encodingSource: detected.source,
    delimiter,
    decimal,
    layout: planned,
    skipped,
    numberFormats,
    stateColumns,
    unitlessColumns,
  };
}

/**
 * A wide column whose unit the pipeline reads, as it is; one whose header bracket is not a unit,
 * renamed after the whole header and read without a unit; a unit given in a mapping that is not
 * one is an error naming the column (the user said it was a unit).
 */
function unitOrName(
  c: WideColumn,
  name: string,
  opts: InspectCsvOptions,
  unitless: UnitlessColumn[],
): WideColumn {
  if (c.unit === undefined || opts.unitKnown === undefined || opts.unitKnown(c.unit)) return c;
  const mapped = opts.mapping?.columns?.[name];
  if (mapped !== undefined && typeof mapped !== 'string' && mapped.unit !== undefined)
    throw new XinzhiError(
      'INGEST_BAD_UNIT',
      `${opts.name}: the mapping gives column "${name}" the unit "${mapped.unit}", which is not a UCUM code or a known alias (e.g. Cel, kPa, m/min, {pcs}, 1)`,
      { field: 'map' },
    );
  const asset = c.seriesId.slice(0, c.seriesId.lastIndexOf('/'));
  const seriesId = `${asset}/${toMetric(name.replace(/[[\]()]+/g, ' ').trim())}`;
  unitless.push({ column: name, bracket: c.unit, seriesId });
  return {
    index: c.index,
    seriesId,
    unit: undefined,
    ...(c.format === undefined ? {} : { format: c.format }),
  };
}
