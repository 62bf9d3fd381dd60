/**
 * CSV of a report: one file per table (RFC 4180, formula-neutralised cells via core's `toCsv`,
 * a UTF-8 BOM so spreadsheets read Chinese headers right). Headers carry the units.
 */
import { type TimeZone, toCsv } from '../../core/index.js';
import { cellValue, headerText } from './format-cell.js';
import { type Lang, type ReportDoc, tablesOf } from './report-doc.js';

/** Each table as CSV text, keyed by table id, in document order. */
export function renderCsv(doc: ReportDoc, lang: Lang, zone: TimeZone): Map<string, string> {
  const out = new Map<string, string>();
  for (const tb of tablesOf(doc)) {
    const rows = [
      tb.columns.map((c) => headerText(c, lang)),
      ...tb.rows.map((r) => tb.columns.map((c, i) => cellValue(r[i] ?? null, c, lang, zone))),
    ];
    out.set(tb.id, `\uFEFF${toCsv(rows)}`);
  }
  return out;
}
