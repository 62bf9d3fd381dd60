export {
  createSink,
  type ExportSeriesInput,
  type ExportSeriesResult,
  exportSeries,
  PAGE_POINTS,
} from './export-series.js';
export {
  type BucketRow,
  EXPORT_FORMATS,
  type ExportFormat,
  type ExportKind,
  type PointRow,
  type TableSink,
  timeHeader,
} from './export-table.js';
export { endStream } from './write-stream.js';
