/**
 * Which alarm rules watch a series: defaults derived from the series' own metadata (what kind of
 * signal it is, its physical range, its sampling interval), overridden per series by an operator
 * through the API. Overrides are stored in the collection `monitoring.rules` (one document per
 * series) so they survive restarts.
 *
 * The defaults are chosen not to cry wolf: counters (cumulative, flat at night, reset to 0 after a
 * repair) and machine-state codes (constant for hours, jumping between codes by design) get no
 * detector alarms and no stuck check, only missing data; gauges get detector alarms, a stuck check
 * that ignores values resting at their physical floor or ceiling (a stopped machine reads 0 A), and
 * missing data. Thresholds and rate limits have no sensible default: the operator sets them.
 */
import type { AlarmRule } from '../../analytics/index.js';
import type { Series, Severity } from '../../core/index.js';
import { DOC_NAMESPACES, type Store } from '../../store/index.js';
import { monitorRulesCollection } from './monitor-rules-collection.js';

export const MONITOR_CONFIG_NS = DOC_NAMESPACES.monitoringRules;

export type SignalKind = 'gauge' | 'counter' | 'state';

export interface MonitorConfig {
  /** Detector alerts become alarms. */
  readonly anomaly: { readonly severity: Severity } | null;
  readonly threshold: {
    readonly high?: number;
    readonly low?: number;
    readonly deadband?: number;
    /** ISA-18.2 on- and off-delays (ms): see the threshold rule. */
    readonly onDelayMs?: number;
    readonly offDelayMs?: number;
    readonly severity: Severity;
  } | null;
  readonly rate: { readonly maxPerSecond: number; readonly severity: Severity } | null;
  readonly stuck: { readonly forMs: number; readonly tolerance: number; readonly severity: Severity } | null;
  readonly missing: { readonly afterMs: number; readonly severity: Severity } | null;
  /**
   * ISA-18.2 designed suppression: while the `series` (the equipment's state code) reads one of
   * `values`, the other rules of this series are not evaluated and its active alarms are marked
   * suppressed (a stopped machine's temperatures and vibrations are not process alarms). Missing
   * data is still watched. Default none.
   */
  readonly suppressWhile: { readonly series: string; readonly values: number[] } | null;
}

/** Per-series overrides: a field given replaces the default (null turns the rule off). */
export type MonitorOverrides = { -readonly [K in keyof MonitorConfig]?: MonitorConfig[K] };

/** Shortest stuck time and silence accepted before an alarm, whatever the sampling interval. */
export const MIN_STUCK_MS = 15 * 60_000;
export const MIN_MISSING_MS = 5 * 60_000;

/**
 * What a series measures, from its metadata: the demo (and any device describing itself the same
 * way) marks counters and states in the description — `… (counter)`, `… (state)`, or a code list
 * like `0=off, 1=run` — and counters are conventionally named `*_total`. A declared
 * `series.signal` (`xinzhi series set --signal`) wins over the guess.
 */
export function signalOf(
  series: Pick<Series, 'description' | 'metric'> & { readonly signal?: Series['signal'] | undefined },
): SignalKind {
  if (series.signal) return series.signal;
  const d = series.description.toLowerCase();
  if (/\(counter\)\s*$/.test(d) || /_total$|_count$/.test(series.metric)) return 'counter';
  if (
    /\(state\)\s*$/.test(d) ||
    /\bstate code\b|\bstatus code\b/.test(d) ||
    /\b\d+\s*=\s*[a-z-]+\s*,\s*\d+\s*=/.test(d) ||
    /^(state|status|mode)$/.test(series.metric)
  )
    return 'state';
  return 'gauge';
}

export function defaultMonitorConfig(
  series: Pick<Series, 'description' | 'metric' | 'expectedIntervalMs'> & {
    readonly signal?: Series['signal'] | undefined;
  },
): MonitorConfig {
  const signal = signalOf(series);
  const interval = series.expectedIntervalMs;
  return {
    anomaly: signal === 'gauge' ? { severity: 'minor' } : null,
    threshold: null,
    rate: null,
    stuck:
      signal === 'gauge'
        ? { forMs: Math.max(MIN_STUCK_MS, 30 * (interval ?? 0)), tolerance: 0, severity: 'warning' }
        : null,
    // Without a declared interval, no one knows what "silent" means for this series.
    missing: interval ? { afterMs: Math.max(MIN_MISSING_MS, 10 * interval), severity: 'major' } : null,
    suppressWhile: null,
  };
}

export const mergeMonitorConfig = (defaults: MonitorConfig, overrides: MonitorOverrides): MonitorConfig => ({
  ...defaults,
  ...overrides,
});

/** The alarm rules a configuration means for a series (rule ids are the alarm conditions). */
export function rulesOf(config: MonitorConfig, series: Pick<Series, 'minValue' | 'maxValue'>): AlarmRule[] {
  const rules: AlarmRule[] = [];
  if (config.anomaly)
    rules.push({ kind: 'anomaly', id: 'anomaly', severity: config.anomaly.severity, clearAfter: 30 });
  const t = config.threshold;
  if (t && (t.high !== undefined || t.low !== undefined))
    rules.push({
      kind: 'threshold',
      id: 'limit',
      severity: t.severity,
      ...(t.high === undefined ? {} : { high: t.high }),
      ...(t.low === undefined ? {} : { low: t.low }),
      ...(t.deadband === undefined ? {} : { deadband: t.deadband }),
      ...(t.onDelayMs === undefined ? {} : { onDelayMs: t.onDelayMs }),
      ...(t.offDelayMs === undefined ? {} : { offDelayMs: t.offDelayMs }),
    });
  if (config.rate) rules.push({ kind: 'rate', id: 'rate', ...config.rate });
  if (config.stuck)
    rules.push({
      kind: 'stuck',
      id: 'stuck',
      ...config.stuck,
      ...(series.minValue === null ? {} : { floor: series.minValue }),
      ...(series.maxValue === null ? {} : { ceiling: series.maxValue }),
    });
  if (config.missing) rules.push({ kind: 'missing', id: 'missing', ...config.missing });
  return rules;
}

export interface SeriesMonitorConfig {
  readonly seriesId: string;
  readonly signal: SignalKind;
  readonly defaults: MonitorConfig;
  readonly overrides: MonitorOverrides;
  readonly effective: MonitorConfig;
  readonly rules: AlarmRule[];
}

/** Defaults, stored overrides and the resulting rules of one series (undefined if unknown). */
export async function loadMonitorConfig(
  store: Pick<Store, 'getSeries' | 'getDoc'>,
  seriesId: string,
): Promise<SeriesMonitorConfig | undefined> {
  const series = await store.getSeries(seriesId);
  if (!series) return undefined;
  const defaults = defaultMonitorConfig(series);
  const overrides = (await monitorRulesCollection.get(store, seriesId)) ?? {};
  const effective = mergeMonitorConfig(defaults, overrides);
  return {
    seriesId,
    signal: signalOf(series),
    defaults,
    overrides,
    effective,
    rules: rulesOf(effective, series),
  };
}
