/** Reports: typed, language-neutral documents built from the same services as the API, rendered as PDF, XLSX or CSV. */
export { availableReportTypes, buildReport, isReportType } from './build-report.js';
export { cellText, cellValue, headerText, localTime } from './format-cell.js';
export { PERIOD_KINDS, type PeriodKind, reportPeriod, type ShiftPattern } from './period.js';
export { renderCsv } from './render-csv.js';
export { escapeHtml, renderHtml } from './render-html.js';
export { createPdfPrinter, DEFAULT_CHROMIUM, type PdfPrinter } from './render-pdf.js';
export {
  MEDIA_TYPES,
  REPORT_FORMATS,
  type RenderedFile,
  type ReportFormat,
  renderReport,
  withSuffix,
} from './render-report.js';
export { renderXlsx } from './render-xlsx.js';
export type { ReportContext } from './report-context.js';
export {
  type Cell,
  type Chart,
  type Column,
  type ColumnKind,
  isText,
  LANGS,
  type Lang,
  REPORT_TYPES,
  type ReportDoc,
  type ReportType,
  rowObjects,
  type Section,
  type Table,
  type Text,
  tablesOf,
} from './report-doc.js';
export { reportSite } from './report-site.js';
export { isFormat, isLang, type ReportOutput, type ReportRequest, runReport } from './run-report.js';
export * from './schedule/index.js';
