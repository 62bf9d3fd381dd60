/**
 * Reads a two-column series CSV, `timestamp,value` with a header (the NAB layout), as used by
 * `xinzhi detect` and `xinzhi forecast`. Timestamps are ISO 8601, `YYYY-MM-DD HH:MM:SS` (UTC when no
 * offset) or epoch numbers. Rows stay in file order (real
 * exports sometimes step back, e.g. a repeated hour); every bad row is reported, not just the first.
 */
import { parse } from 'csv-parse/sync';
import { fail, type Issue, ok, parseTime, type Result } from '../../core/index.js';

export interface SeriesTable {
  /** The timestamp cells as written, so output rows can echo them unchanged. */
  readonly rawTimestamps: readonly string[];
  readonly rawValues: readonly string[];
  readonly timestamps: Float64Array;
  readonly values: Float64Array;
}

const MAX_ISSUES = 50;

export function parseSeriesCsv(text: string, source = 'input'): Result<SeriesTable> {
  let rows: string[][];
  try {
    rows = parse(text, { skip_empty_lines: true, trim: true, relax_column_count: true }) as string[][];
  } catch (e) {
    return fail({
      code: 'BAD_INPUT',
      message: `not readable as CSV: ${(e as Error).message}`,
      where: source,
    });
  }
  const header = (rows[0] ?? []).map((h) => h.toLowerCase());
  const tsCol = header.indexOf('timestamp');
  const valCol = header.indexOf('value');
  if (tsCol < 0 || valCol < 0)
    return fail({
      code: 'BAD_INPUT',
      message: `the header must name the columns 'timestamp' and 'value' (found: ${header.join(', ') || 'nothing'})`,
      where: `${source}:1`,
    });
  const n = rows.length - 1;
  const issues: Issue[] = [];
  const timestamps = new Float64Array(n);
  const values = new Float64Array(n);
  const rawTimestamps: string[] = [];
  const rawValues: string[] = [];
  for (let i = 0; i < n && issues.length < MAX_ISSUES; i++) {
    const row = rows[i + 1] ?? [];
    const where = `${source}:${i + 2}`;
    const rawT = row[tsCol] ?? '';
    const rawV = row[valCol] ?? '';
    const t = parseTime(rawT);
    if (t === undefined)
      issues.push({ code: 'BAD_INPUT', message: `timestamp '${rawT}' is not a time`, where });
    // An empty value is a missing reading: the detector skips it, the row is still written out.
    const v = rawV === '' ? Number.NaN : Number(rawV);
    if (rawV !== '' && !Number.isFinite(v))
      issues.push({ code: 'BAD_INPUT', message: `value '${rawV}' is not a finite number`, where });
    timestamps[i] = t ?? Number.NaN;
    values[i] = v;
    rawTimestamps.push(rawT);
    rawValues.push(rawV);
  }
  if (issues.length > 0) return fail(...issues);
  if (n === 0) return fail({ code: 'BAD_INPUT', message: 'no data rows after the header', where: source });
  return ok({ rawTimestamps, rawValues, timestamps, values });
}
