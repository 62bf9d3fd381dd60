import type { AssetKind } from '../core/index.js';

/** Describes one metric of an asset in its metadata document. */
export interface MetricMeta {
  /** UCUM code of the values (what the series should be stored in). */
  readonly unit: string;
  readonly description: string;
  /** Physical range of plausible values. */
  readonly min: number;
  readonly max: number;
  /** Sampling interval in simulated ms. */
  readonly intervalMs: number;
  /**
   * What kind of signal it is: `gauge` (a measurement), `counter` (cumulative, only rises except
   * at resets) or `state` (a code). Counters and states legitimately stay constant for hours, so
   * stuck-sensor checks apply to gauges only.
   */
  readonly signal: 'gauge' | 'counter' | 'state';
  /** Meaning of numeric codes, for state-like metrics. */
  readonly codes?: Readonly<Record<string, string>>;
}

/** The retained description of one asset published on `xinzhi/meta/v1/<id>`. */
export interface AssetMeta {
  /** Asset path, e.g. `factory1/assembly/line1/cnc-01`. */
  readonly id: string;
  readonly parentId: string | null;
  readonly kind: AssetKind;
  readonly name: string;
  /** Machine or device type, e.g. `cnc-mill`, `weather-station`, `van`. */
  readonly type: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly metrics: Readonly<Record<string, MetricMeta>>;
}

/**
 * Where a device model writes a sample. `unit` is what the device puts in the payload; `null`
 * means the device sends no unit field.
 */
export type Emit = (assetId: string, metric: string, ts: number, value: number, unit: string | null) => void;

/** One simulated device or group of devices that samples on a fixed simulated interval. */
export interface DeviceModel {
  readonly intervalMs: number;
  /** Advances the physics to `ts` (one interval after the previous call) and emits its samples. */
  sample(ts: number, emit: Emit): void;
}

/** Marks metrics without an explicit signal kind as gauges. */
export function withSignals(
  metrics: Readonly<Record<string, Omit<MetricMeta, 'signal'> & { signal?: MetricMeta['signal'] }>>,
): Record<string, MetricMeta> {
  return Object.fromEntries(Object.entries(metrics).map(([k, m]) => [k, { signal: 'gauge', ...m }]));
}
