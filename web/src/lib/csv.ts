/**
 * CSV export (RFC 4180 quoting, formula cells neutralised) of whatever a page shows, downloaded by
 * the browser. The cell rules are the server's own (src/core/csv-cell.ts, dependency-free), so
 * a hostile series name or reason cannot become a spreadsheet formula in either export.
 */
import { type CsvValue, csvCell, toCsv } from '../../../src/core/csv-cell.js';

export type Cell = CsvValue;
export { csvCell, toCsv };

export function downloadCsv(fileName: string, rows: readonly (readonly Cell[])[]): void {
  const blob = new Blob([toCsv(rows)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file-name-safe stamp of a time, `20240501T080000Z`. */
export const fileStamp = (ts: number): string => new Date(ts).toISOString().replace(/[-:]|\.\d+/g, '');
