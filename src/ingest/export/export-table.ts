/**
 * The table an export writes, whatever the file format: one row per raw point or per bucket, with
 * the series and its unit on every row so that several series fit one long table (and a CSV or
 * XLSX export can be imported again as a long layout: `time,series,unit,value`).
 */
import type { TimeZone } from '../../core/index.js';

export type ExportFormat = 'csv' | 'xlsx' | 'parquet';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'xlsx', 'parquet'];

export interface PointRow {
  readonly ts: number;
  readonly series: string;
  readonly unit: string;
  readonly value: number;
  /** Bitwise OR of `QUALITY` flags; 0 is good. */
  readonly quality: number;
}

export interface BucketRow {
  readonly ts: number;
  readonly series: string;
  readonly unit: string;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly count: number;
  readonly last: number;
}

export type ExportKind = 'points' | 'buckets';

export interface TableShape {
  readonly kind: ExportKind;
  /** Zone of the written times: CSV offsets, XLSX wall-clock date cells (named in the header). */
  readonly zone: TimeZone;
}

/** A writer of one export file; rows arrive in slices so memory stays bounded. */
export interface TableSink {
  writePoints(rows: readonly PointRow[]): Promise<void>;
  writeBuckets(rows: readonly BucketRow[]): Promise<void>;
  /** Ends the file (footer, zip directory); the sink is unusable afterwards. */
  finish(): Promise<void>;
}

/** Header text of the time column: the zone is part of it because XLSX date cells have none. */
export const timeHeader = (zone: TimeZone): string => `time (${zone.name})`;

export const POINT_COLUMNS = ['series', 'unit', 'value', 'quality'] as const;
export const BUCKET_COLUMNS = ['series', 'unit', 'min', 'max', 'mean', 'count', 'last'] as const;
