import { parse } from 'csv-parse/sync';
import { fail, type Issue, ok, type Result } from '../../core/index.js';
import type { CmapssEngine } from './cmapss.js';

/**
 * Generic run-to-failure data as people export it: a CSV with a header, one row per unit and
 * cycle, a unit id column, a cycle (or time) column and numeric sensor columns with any names.
 *
 *   unit,cycle,temp_out,pressure,vibration
 *   M-01,1,351.2,14.1,0.82
 *
 * Training reads each unit as a run to failure (its last cycle is the failure); prediction reads
 * each unit's last cycle as "now". Rows of different units may interleave; within a unit, cycles
 * must increase. Engines come back in unit order: numerically when every id is a positive integer,
 * else in order of first appearance (with the id kept in `id`).
 */

/** Header names taken as the unit column, compared lowercased without spaces, `_`, `-` or `.`. */
export const UNIT_COLUMN_NAMES = [
  'unit',
  'unitid',
  'unitnumber',
  'unitnr',
  'engine',
  'engineid',
  'engineno',
  'id',
  'machine',
  'machineid',
  'asset',
  'assetid',
] as const;

/** Header names taken as the cycle column, compared the same way. */
export const CYCLE_COLUMN_NAMES = [
  'cycle',
  'cycles',
  'cyclenumber',
  'time',
  'timecycles',
  'timeincycles',
  't',
] as const;

/** More columns than this is not a sensor table (the same bound as a CSV import). */
export const MAX_RUN_CSV_COLUMNS = 2000;
const MAX_ISSUES = 50;

export interface RunCsvOptions {
  /** Header of the unit id column (default: the first header in UNIT_COLUMN_NAMES). */
  readonly unitColumn?: string | undefined;
  /** Header of the cycle column (default: the first header in CYCLE_COLUMN_NAMES). */
  readonly cycleColumn?: string | undefined;
  /**
   * Sensor columns to read, in this order; each must exist (a model's columns at prediction).
   * Default: every other column.
   */
  readonly sensors?: readonly string[] | undefined;
  /**
   * Names tried first, before the common ones, when `unitColumn`/`cycleColumn` are not given:
   * the columns a model was trained with.
   */
  readonly prefer?: { readonly unit: string; readonly cycle: string } | undefined;
}

export interface RunCsv {
  /** `sensors[k]` of each engine is the column `sensorColumns[k]`; no settings (one condition). */
  readonly engines: CmapssEngine[];
  readonly unitColumn: string;
  readonly cycleColumn: string;
  readonly sensorColumns: string[];
  readonly rows: number;
}

const norm = (h: string): string => h.toLowerCase().replace(/[\s_.-]/g, '');

/** `,` unless the header line has more `;` or tabs (European and pasted-from-Excel exports). */
function sniffDelimiter(text: string): string {
  const nl = text.indexOf('\n');
  const head = nl < 0 ? text : text.slice(0, nl);
  const count = (c: string): number => head.split(c).length - 1;
  return [',', ';', '\t'].reduce((best, c) => (count(c) > count(best) ? c : best), ',');
}

function pickColumn(
  header: readonly string[],
  given: string | undefined,
  preferred: string | undefined,
  names: readonly string[],
  what: 'unit' | 'cycle',
  source: string,
): Result<number> {
  if (given !== undefined) {
    const i = header.indexOf(given);
    return i >= 0
      ? ok(i)
      : fail({
          code: 'BAD_INPUT',
          message: `no column '${given}' (--${what}-col); the header is ${header.map((h) => `'${h}'`).join(', ')}`,
          where: source,
        });
  }
  if (preferred !== undefined && header.includes(preferred)) return ok(header.indexOf(preferred));
  for (const n of names) {
    const i = header.findIndex((h) => norm(h) === n);
    if (i >= 0) return ok(i);
  }
  return fail({
    code: 'BAD_INPUT',
    message: `no ${what} column: the header is ${header.map((h) => `'${h}'`).join(', ')}; name it one of ${names.join(', ')} or give --${what}-col`,
    where: source,
  });
}

/** Parses a run-to-failure CSV; every malformed row and cell is listed with its line and column. */
export function parseRunCsv(text: string, source = 'input', options: RunCsvOptions = {}): Result<RunCsv> {
  if (text.trim() === '')
    return fail({
      code: 'BAD_INPUT',
      message:
        'the file is empty: expected a header row naming a unit column, a cycle column and sensor columns',
      where: source,
    });
  let records: Array<{ record: string[]; info: { lines: number } }>;
  try {
    records = parse(text, {
      bom: true,
      delimiter: sniffDelimiter(text),
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      info: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (e) {
    return fail({ code: 'BAD_INPUT', message: `not a readable CSV: ${(e as Error).message}`, where: source });
  }
  const header = records[0]?.record ?? [];
  if (header.length > MAX_RUN_CSV_COLUMNS)
    return fail({
      code: 'BAD_INPUT',
      message: `${header.length} columns; at most ${MAX_RUN_CSV_COLUMNS} are read`,
      where: `${source}:1`,
    });
  const dup = header.find((h, i) => header.indexOf(h) !== i);
  if (dup !== undefined)
    return fail({
      code: 'BAD_INPUT',
      message: `column '${dup}' appears twice in the header`,
      where: `${source}:1`,
    });
  if (header.some((h) => h === ''))
    return fail({ code: 'BAD_INPUT', message: 'the header has an empty column name', where: `${source}:1` });
  const unitCol = pickColumn(
    header,
    options.unitColumn,
    options.prefer?.unit,
    UNIT_COLUMN_NAMES,
    'unit',
    source,
  );
  if (!unitCol.ok) return unitCol;
  const cycleCol = pickColumn(
    header,
    options.cycleColumn,
    options.prefer?.cycle,
    CYCLE_COLUMN_NAMES,
    'cycle',
    source,
  );
  if (!cycleCol.ok) return cycleCol;
  if (unitCol.value === cycleCol.value)
    return fail({
      code: 'BAD_INPUT',
      message: `'${header[unitCol.value]}' cannot be both the unit and the cycle column`,
      where: source,
    });
  const sensorNames =
    options.sensors !== undefined
      ? [...options.sensors]
      : header.filter((_, i) => i !== unitCol.value && i !== cycleCol.value);
  const twice = sensorNames.find((n, i) => sensorNames.indexOf(n) !== i);
  if (twice !== undefined)
    return fail({ code: 'BAD_INPUT', message: `sensor column '${twice}' is listed twice`, where: source });
  const missing = sensorNames.filter((n) => !header.includes(n));
  if (missing.length > 0)
    return fail({
      code: 'BAD_INPUT',
      message: `missing sensor column(s) ${missing.map((m) => `'${m}'`).join(', ')}; the header is ${header.map((h) => `'${h}'`).join(', ')}`,
      where: source,
    });
  const taken = new Set([header[unitCol.value], header[cycleCol.value]]);
  const clash = sensorNames.find((n) => taken.has(n));
  if (clash !== undefined)
    return fail({
      code: 'BAD_INPUT',
      message: `'${clash}' is the unit or cycle column, not a sensor`,
      where: source,
    });
  if (sensorNames.length === 0)
    return fail({
      code: 'BAD_INPUT',
      message: `no sensor columns besides '${header[unitCol.value]}' and '${header[cycleCol.value]}'`,
      where: source,
    });
  const sensorIdx = sensorNames.map((n) => header.indexOf(n));

  const issues: Issue[] = [];
  const add = (issue: Issue): boolean => {
    issues.push(issue);
    return issues.length < MAX_ISSUES;
  };
  const byUnit = new Map<string, { cycles: number[]; values: number[][] }>();
  let rows = 0;
  for (let r = 1; r < records.length; r++) {
    const { record, info } = records[r]!;
    const where = `${source}:${info.lines}`;
    if (record.length !== header.length) {
      if (!add({ code: 'BAD_INPUT', message: `${record.length} cells for ${header.length} columns`, where }))
        break;
      continue;
    }
    const id = record[unitCol.value]!;
    if (id === '') {
      if (!add({ code: 'BAD_INPUT', message: `column '${header[unitCol.value]}' (unit) is empty`, where }))
        break;
      continue;
    }
    const cycleCell = record[cycleCol.value]!;
    const cycle = cycleCell === '' ? Number.NaN : Number(cycleCell);
    let bad = !Number.isFinite(cycle);
    if (
      bad &&
      !add({
        code: 'BAD_INPUT',
        message: `column '${header[cycleCol.value]}' (cycle) is not a number: '${cycleCell}'`,
        where,
      })
    )
      break;
    const values: number[] = [];
    for (let k = 0; k < sensorIdx.length; k++) {
      const cell = record[sensorIdx[k]!]!;
      const v = cell === '' ? Number.NaN : Number(cell);
      if (!Number.isFinite(v)) {
        bad = true;
        if (
          !add({ code: 'BAD_INPUT', message: `column '${sensorNames[k]}' is not a number: '${cell}'`, where })
        )
          break;
      }
      values.push(v);
    }
    if (issues.length >= MAX_ISSUES) break;
    if (bad) continue;
    let u = byUnit.get(id);
    if (!u) {
      u = { cycles: [], values: [] };
      byUnit.set(id, u);
    }
    const prev = u.cycles[u.cycles.length - 1];
    if (prev !== undefined && cycle <= prev) {
      if (
        !add({
          code: 'BAD_INPUT',
          message: `cycle ${cycleCell} of unit '${id}' does not follow cycle ${prev} (cycles must increase within a unit)`,
          where,
        })
      )
        break;
      continue;
    }
    u.cycles.push(cycle);
    u.values.push(values);
    rows++;
  }
  if (issues.length > 0) return fail(...issues);
  if (byUnit.size === 0)
    return fail({ code: 'BAD_INPUT', message: 'no data rows under the header', where: source });
  const ids = [...byUnit.keys()];
  const numeric = ids.every((id) => /^\d{1,9}$/.test(id) && Number(id) >= 1);
  const order = numeric ? [...ids].sort((a, b) => Number(a) - Number(b)) : ids;
  const engines = order.map((id, i): CmapssEngine => {
    const u = byUnit.get(id)!;
    return {
      unit: numeric ? Number(id) : i + 1,
      ...(numeric ? {} : { id }),
      cycles: Float64Array.from(u.cycles),
      settings: [],
      sensors: sensorNames.map((_, k) => Float64Array.from(u.values, (row) => row[k]!)),
    };
  });
  return ok({
    engines,
    unitColumn: header[unitCol.value]!,
    cycleColumn: header[cycleCol.value]!,
    sensorColumns: sensorNames,
    rows,
  });
}

/** Sensor columns that never change over all rows: no information, so training leaves them out. */
export function constantColumns(data: RunCsv): string[] {
  return data.sensorColumns.filter((_, k) => {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const e of data.engines)
      for (const v of e.sensors[k]!) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    return hi - lo <= 1e-12 * Math.max(1, Math.abs(hi));
  });
}

/** The same data with only the sensor columns `keep` (in that order). */
export function selectColumns(data: RunCsv, keep: readonly string[]): RunCsv {
  const idx = keep.map((n) => data.sensorColumns.indexOf(n));
  if (idx.some((i) => i < 0)) throw new RangeError(`unknown column in ${keep.join(', ')}`);
  return {
    ...data,
    sensorColumns: [...keep],
    engines: data.engines.map((e) => ({ ...e, sensors: idx.map((i) => e.sensors[i]!) })),
  };
}

/** Share of the median run length used as the default RUL cap of CSV data (119 on FD001, near the usual 125). */
export const CSV_CAP_SHARE = 0.6;

/**
 * How to train on parsed CSV data: its columns as the model's sensors, every fifth unit held out
 * for validation (the last one when there are fewer than five), and the RUL cap (default
 * CSV_CAP_SHARE of the median run length, since the cycle column's scale is the file's own).
 */
export function runCsvTrainOptions(
  data: RunCsv,
  cap?: number,
): {
  sensors: number[];
  columns: string[];
  keyColumns: { unit: string; cycle: string };
  isValidation: (unit: number) => boolean;
  cap: number;
} {
  const units = data.engines.map((e) => e.unit);
  const held = new Set(units.length < 5 ? units.slice(-1) : units.filter((_, i) => i % 5 === 4));
  const lives = data.engines.map((e) => e.cycles[e.cycles.length - 1]! - e.cycles[0]!).sort((a, b) => a - b);
  const median = lives[lives.length >> 1] ?? 0;
  return {
    sensors: data.sensorColumns.map((_, k) => k + 1),
    columns: [...data.sensorColumns],
    keyColumns: { unit: data.unitColumn, cycle: data.cycleColumn },
    isValidation: (u) => held.has(u),
    cap: cap ?? Math.max(1, Math.round(CSV_CAP_SHARE * median)),
  };
}
