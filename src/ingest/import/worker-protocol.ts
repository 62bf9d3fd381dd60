/** Messages between `importFile` and its parsing worker (see parse-worker.ts). */
import type { ErrorCode, Issue } from '../../core/index.js';
import type { ColumnMapping, CsvLayout } from '../csv/column-mapping.js';
import type { Encoding } from '../csv/detect-encoding.js';
import type { RowError } from '../csv/read-csv.js';
import type { TimeFormatSpec } from '../time/column-time-format.js';

export interface ParseWorkerInput {
  readonly path: string;
  readonly format: 'csv' | 'ndjson';
  readonly name: string;
  readonly asset: string | undefined;
  readonly mapping: ColumnMapping | undefined;
  readonly delimiter: string | undefined;
  readonly decimal: '.' | ',' | undefined;
  /** CSV text encoding and the layout decided by `inspectCsv` (see ReadCsvOptions). */
  readonly encoding?: Encoding | undefined;
  readonly layout?: CsvLayout | undefined;
  readonly batchSize: number;
  /** Most CSV columns accepted (see `Limits.importColumns`). */
  readonly maxColumns?: number | undefined;
  /** Deepest JSON nesting accepted in an NDJSON line (see `Limits.jsonDepth`). */
  readonly jsonDepth?: number | undefined;
  readonly timeZone: string | undefined;
  /** `--time-format`, already checked. */
  readonly timeFormat?: TimeFormatSpec | undefined;
  /** The clock at the start of the import: the future-time check of the whole file uses it. */
  readonly now: number;
  readonly futureToleranceMs: number;
  readonly earliestTs: number;
}

export interface WorkerBatchMessage {
  readonly type: 'batch';
  /** Batch number in file order, from 0. */
  readonly seq: number;
  readonly n: number;
  /** Series ids first seen in this batch; `sid` numbers all ids seen so far (−1: rejected reading). */
  readonly newIds: string[];
  readonly newUnits: string[];
  readonly sid: Int32Array;
  readonly ts: Float64Array;
  readonly value: Float64Array;
  /** Index into the units seen so far, −1 for none. */
  readonly unit: Int32Array;
  /** Reading i's location is `locText.slice(locOff[i], locOff[i + 1])`. */
  readonly locText: string;
  readonly locOff: Int32Array;
  /** Reading i's verbatim line is line `rawIdx[i]`: `rawText.slice(rawOff[k], rawOff[k + 1])`. */
  readonly rawText: string;
  readonly rawOff: Int32Array;
  readonly rawIdx: Int32Array;
  readonly rejections: Array<{ index: number; issues: Issue[] }>;
  readonly errors: RowError[];
  readonly bytesRead: number;
  readonly rows: number;
}

export type WorkerMessage =
  | {
      readonly type: 'layout';
      readonly layout: CsvLayout;
      readonly delimiter: string;
      readonly decimal: '.' | ',';
    }
  | WorkerBatchMessage
  | { readonly type: 'done' }
  | {
      readonly type: 'error';
      readonly code: ErrorCode;
      readonly message: string;
      readonly field: string | null;
    };
