/** A report document in one of the three file formats. */
import type { TimeZone } from '../../core/index.js';
import { renderCsv } from './render-csv.js';
import type { PdfPrinter } from './render-pdf.js';
import { renderXlsx } from './render-xlsx.js';
import type { Lang, ReportDoc } from './report-doc.js';

export const REPORT_FORMATS = ['pdf', 'xlsx', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const MEDIA_TYPES: Readonly<Record<ReportFormat, string>> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/** One file per format, except CSV: the first table under `name`, each further one as `<name>.<table>.csv`. */
export interface RenderedFile {
  readonly suffix: string;
  readonly bytes: Buffer;
}

export async function renderReport(
  doc: ReportDoc,
  format: ReportFormat,
  lang: Lang,
  zone: TimeZone,
  pdf?: () => Promise<PdfPrinter>,
): Promise<RenderedFile[]> {
  if (format === 'xlsx') return [{ suffix: '', bytes: await renderXlsx(doc, lang, zone) }];
  if (format === 'csv')
    return [...renderCsv(doc, lang, zone)].map(([id, csv], i) => ({
      suffix: i === 0 ? '' : `.${id}`,
      bytes: Buffer.from(csv, 'utf8'),
    }));
  if (!pdf) throw new Error('PDF rendering needs a printer');
  const printer = await pdf();
  return [{ suffix: '', bytes: await printer.print(doc, lang, zone) }];
}

/** `out.csv` + `.series` → `out.series.csv`. */
export function withSuffix(path: string, suffix: string): string {
  if (suffix === '') return path;
  const dot = path.lastIndexOf('.');
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return dot > slash ? `${path.slice(0, dot)}${suffix}${path.slice(dot)}` : `${path}${suffix}`;
}
