/**
 * CSV cells for files people open in a spreadsheet. Besides RFC 4180 quoting, a text cell that a
 * spreadsheet would run as a formula (`=cmd|' /C calc'!A0`, `@SUM(…)`, `+`, `-`, a leading tab or
 * CR) gets a leading `'` (OWASP "CSV injection"), so a series name or quarantine reason written
 * by a device cannot execute on an engineer's desktop. Plain numbers such as `-1.5` stay numbers.
 *
 * Dependency-free on purpose: the dashboard (web/src/lib/csv.ts) uses this same file.
 */
export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** `'`-prefixes text a spreadsheet would evaluate; other text and plain numbers are unchanged. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** One cell: empty for null/undefined, formula-neutralised, quoted when it holds `"` `,` CR or LF. */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'string' ? neutraliseFormula(value) : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows of cells as CSV text, each row ended by CRLF (RFC 4180). */
export function toCsv(rows: readonly (readonly CsvValue[])[], eol = '\r\n'): string {
  return rows.map((r) => r.map(csvCell).join(',') + eol).join('');
}
