/**
 * Domain types shared by every layer. Times are UTC milliseconds since the Unix epoch.
 */

/**
 * Asset levels after ISA-95 (site → area → line → equipment) with the farm (site → field → zone)
 * and logistics (depot → vehicle) equivalents. `enterprise` is the optional root.
 */
export const ASSET_KINDS = [
  'enterprise',
  'site',
  'area',
  'line',
  'equipment',
  'farm',
  'field',
  'zone',
  'depot',
  'vehicle',
  'other',
] as const;
export type AssetKind = (typeof ASSET_KINDS)[number];

export interface Asset {
  /** The asset's path, `/`-separated, e.g. `plant1/press/line1/m3`. Unique and stable. */
  readonly id: string;
  readonly parentId: string | null;
  readonly kind: AssetKind;
  /** Display name; defaults to the last path segment. */
  readonly name: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly createdAt: number;
}

export interface Series {
  /** `<asset id>/<metric>`, e.g. `plant1/press/line1/m3/bearing_temp`. */
  readonly id: string;
  readonly assetId: string;
  readonly metric: string;
  /** Canonical UCUM unit code the points are stored in, e.g. `Cel`, `kPa`, `1` (dimensionless). */
  readonly unit: string;
  readonly description: string;
  /** Physical range: values outside are rejected into quarantine. */
  readonly minValue: number | null;
  readonly maxValue: number | null;
  /** Raw points older than this are deleted by retention; rollups are kept. `null` keeps forever. */
  readonly retentionDays: number | null;
  /** Expected sampling interval, used for gap detection and completeness; null if unknown. */
  readonly expectedIntervalMs: number | null;
  /**
   * What the values are: `gauge` (a measurement that normally moves), `counter` (a running total
   * that holds while nothing happens) or `state` (a code). Null when not declared: ingest treats
   * it as a gauge, the alarm engine guesses from the description. Stuck and outlier checks apply
   * to gauges only.
   */
  readonly signal: SignalType | null;
  readonly createdAt: number;
}

export const SIGNAL_TYPES = ['gauge', 'counter', 'state'] as const;
export type SignalType = (typeof SIGNAL_TYPES)[number];

/** Bit flags on a stored point. A flagged point is stored and shown, never silently deleted. */
export const QUALITY = {
  GOOD: 0,
  /** Robust outlier (e.g. Hampel filter) relative to its neighbours. */
  OUTLIER: 1,
  /** Part of a run of identical values longer than expected (stuck sensor). */
  STUCK: 2,
  /** First point after a gap longer than expected. */
  AFTER_GAP: 4,
  /** Value was converted from another unit on ingest. */
  CONVERTED: 8,
  /** Value was filled (interpolated), not measured. */
  FILLED: 16,
  /** The source said the value is uncertain (OPC UA status Uncertain…); stored, flagged. */
  UNCERTAIN: 32,
} as const;

export interface Point {
  readonly ts: number;
  readonly value: number;
  /** Bitwise OR of `QUALITY` flags; 0 is good. */
  readonly quality: number;
}

/** An aggregate over one time bucket. */
export interface Bucket {
  /** Bucket start, aligned to the bucket width from the epoch. */
  readonly ts: number;
  readonly min: number;
  readonly max: number;
  readonly avg: number;
  readonly count: number;
  /** Value of the latest point in the bucket. */
  readonly last: number;
}

export type Severity = 'info' | 'warning' | 'minor' | 'major' | 'critical';

export interface XEvent {
  readonly id: number;
  readonly ts: number;
  readonly kind: string;
  readonly severity: Severity;
  readonly assetId: string | null;
  readonly seriesId: string | null;
  readonly message: string;
  readonly data: Readonly<Record<string, unknown>>;
}
