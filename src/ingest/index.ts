/** The ingest engine: connectors (CSV, JSON/NDJSON), the cleaning pipeline, quarantine and quality. */
export type { ColumnMapping, CsvLayout } from './csv/column-mapping.js';
export { resolveLayout } from './csv/column-mapping.js';
export {
  ENCODINGS,
  type Encoding,
  type EncodingSource,
  parseEncoding,
} from './csv/detect-encoding.js';
export {
  type CsvPlan,
  inspectCsv,
  parseStates,
  type SkippedColumn,
  type UnitlessColumn,
} from './csv/inspect-csv.js';
export { columnMappingSchema, parseMappingSpec } from './csv/mapping-spec.js';
export { parseHeaderCell } from './csv/parse-header.js';
export { type ReadCsvOptions, type ReadingBatch, type RowError, readCsv } from './csv/read-csv.js';
export { type Dialect, sniffDialect } from './csv/sniff-dialect.js';
export {
  type BucketRow,
  createSink,
  EXPORT_FORMATS,
  type ExportFormat,
  type ExportKind,
  type ExportSeriesInput,
  type ExportSeriesResult,
  endStream,
  exportSeries,
  type PointRow,
  type TableSink,
  timeHeader,
} from './export/index.js';
export {
  type FileFormat,
  formatOf,
  type ImportFileDeps,
  type ImportFileOptions,
  type ImportProgress,
  type ImportResult,
  importFile,
  PARALLEL_MIN_BYTES,
} from './import/import-file.js';
export { type JsonReadingDefaults, objectToReading } from './json/object-to-reading.js';
export { readJson, readNdjson } from './json/read-json.js';
export {
  type DeviceStatus as ModbusDeviceStatus,
  type ModbusDevice,
  type ModbusPoller,
  type ModbusPollerOptions,
  type ModbusSink,
  parseRegisterMap,
  type RegisterMap,
  readRegisterMap,
  startModbusPoller,
} from './modbus/index.js';
export { DEFAULT_INGEST_OPTIONS, type IngestOptions, resolveIngestOptions } from './options.js';
export type { ParsedBatch } from './pipeline/create-ingest-pipeline.js';
export {
  type CleaningPipeline,
  createIngestPipeline,
  type DryRun,
  type IngestPipelineDeps,
  type Rejection,
  splitSeriesId,
} from './pipeline/create-ingest-pipeline.js';
export { HampelWindow } from './pipeline/hampel-window.js';
export { ingestInSlices } from './pipeline/ingest-in-slices.js';
export { OutlierDetector, type OutlierVerdict } from './pipeline/outlier-detector.js';
export { type ParsedReading, parseReading, parseValue, readingSchema } from './pipeline/reading-schema.js';
export {
  allSeriesQuality,
  type ImportQuality,
  importQuality,
  SERIES_SCORE_WEIGHTS,
  type SeriesQuality,
  seriesQuality,
} from './quality/index.js';
export {
  type BulkFilter,
  type BulkResult,
  discardAll,
  discardQuarantine,
  listQuarantine,
  type QuarantineDeps,
  type QuarantineFix,
  resubmitAll,
  resubmitQuarantine,
} from './quarantine/index.js';
export {
  parseBucket,
  querySeries,
  type SeriesQueryInput,
  type SeriesQueryResult,
  siteTimeZone,
} from './query/index.js';
export {
  changeSeriesUnit,
  createSeries,
  type NewSeries,
  type UnitChange,
} from './series/manage-series.js';
export {
  aedesTransport,
  decodeSparkplugPayload,
  type MqttTransportOptions,
  mqttTransport,
  parseSparkplugTopic,
  rebirthPayload,
  SPARKPLUG_NAMESPACE,
  type SparkplugConnector,
  type SparkplugConnectorOptions,
  type SparkplugCounters,
  SparkplugHost,
  type SparkplugHostOptions,
  type SparkplugStatus,
  type SparkplugTransport,
  sparkplugCodec,
  startSparkplugConnector,
} from './sparkplug/index.js';
export { localIsoToUtcIn, naiveToUtcIn } from './time/zoned-time.js';
export type {
  IngestBatchResult,
  IngestContext,
  IngestPipeline,
  NewSeriesBudget,
  RawReading,
} from './types.js';
export { createUnitConverter, UNIT_ALIASES, type UnitConverter, unitAlias } from './units/index.js';
