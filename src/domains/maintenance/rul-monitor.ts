import type { RulEstimator } from '../../analytics/rul/index.js';
import type { Severity, XEvent } from '../../core/index.js';
import type { Store } from '../../store/index.js';

/**
 * Remaining useful life on live data. Telemetry series of one machine are mapped to the features
 * of an estimator (a trained C-MAPSS-style model or a health-index model); samples are aggregated
 * into buckets (median per feature, so a spike does not move the estimate), each closed bucket
 * updates the RUL and its band, and the status carries a maintenance suggestion: the latest safe
 * stop, i.e. now + the lower end of the band − a safety margin. When the lower end falls under
 * the alarm threshold an alarm-like event (`rul.alarm`) is appended to the store, once per
 * episode; when the RUL recovers (after a repair) a `rul.clear` event closes it.
 */
export interface RulMonitorOptions {
  readonly store: Pick<Store, 'appendEvent'>;
  readonly assetId: string;
  readonly estimator: RulEstimator;
  /** Series id → estimator feature name. */
  readonly mapping: Readonly<Record<string, string>>;
  /** Only take feature samples while this series' latest value passes (e.g. machine state RUN). */
  readonly gate?: { readonly seriesId: string; readonly accept: (value: number) => boolean };
  /** Aggregation bucket. Default 60 000 ms. */
  readonly bucketMs?: number;
  /** Length of one cycle in ms, for estimators that count in cycles. Default bucketMs. */
  readonly cycleMs?: number;
  /** Alarm when the lower end of the band is below this. Default 2 h. */
  readonly alarmBelowMs?: number;
  /** Subtracted from the lower end for the latest safe stop. Default 30 min. */
  readonly safetyMarginMs?: number;
  /** Called on every update (e.g. to push the asset page). */
  readonly onStatus?: (s: RulStatus) => void;
}

export interface RulStatus {
  readonly assetId: string;
  readonly ts: number;
  /** Remaining life in ms (Infinity while no degradation is measurable). */
  readonly rulMs: number;
  readonly lowMs: number;
  readonly highMs: number | null;
  readonly healthIndex?: number;
  /** Latest time to stop for maintenance (epoch ms), or null while healthy. */
  readonly latestSafeStop: number | null;
  readonly alarm: boolean;
}

export interface RulMonitor {
  /** Feeds one sample; resolves to the new status when it closed a bucket. */
  push(seriesId: string, ts: number, value: number): Promise<RulStatus | null>;
  status(): RulStatus | null;
  /** Events this monitor appended. */
  events(): readonly XEvent[];
}

const fmtH = (ms: number): string => `${(ms / 3_600_000).toFixed(1)} h`;

export function createRulMonitor(options: RulMonitorOptions): RulMonitor {
  const bucketMs = options.bucketMs ?? 60_000;
  const cycleMs = options.cycleMs ?? bucketMs;
  const alarmBelow = options.alarmBelowMs ?? 2 * 3_600_000;
  const margin = options.safetyMarginMs ?? 30 * 60_000;
  const buf = new Map<string, number[]>();
  let bucket: number | null = null;
  let gateOpen = options.gate === undefined;
  let current: RulStatus | null = null;
  let alarmed = false;
  const appended: XEvent[] = [];

  const event = async (kind: string, severity: Severity, message: string, s: RulStatus): Promise<void> => {
    appended.push(
      await options.store.appendEvent({
        ts: s.ts,
        kind,
        severity,
        assetId: options.assetId,
        message,
        data: {
          rulMs: Number.isFinite(s.rulMs) ? s.rulMs : null,
          lowMs: Number.isFinite(s.lowMs) ? s.lowMs : null,
          highMs: s.highMs,
          latestSafeStop: s.latestSafeStop,
          ...(s.healthIndex === undefined ? {} : { healthIndex: s.healthIndex }),
        },
      }),
    );
  };

  const close = async (end: number): Promise<RulStatus | null> => {
    const values: Record<string, number> = {};
    for (const [f, xs] of buf) {
      if (xs.length === 0) continue;
      const s = [...xs].sort((a, b) => a - b);
      const m = s.length >> 1;
      values[f] = s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
    }
    buf.clear();
    if (Object.keys(values).length === 0) return null;
    const est = options.estimator.update(end, values);
    if (!est) return null;
    const k = est.unit === 'cycles' ? cycleMs : 1;
    const lowMs = est.low * k;
    const s: RulStatus = {
      assetId: options.assetId,
      ts: end,
      rulMs: est.rul * k,
      lowMs,
      highMs: est.high === null ? null : est.high * k,
      ...(est.healthIndex === undefined ? {} : { healthIndex: est.healthIndex }),
      latestSafeStop: Number.isFinite(lowMs) ? Math.max(end, end + lowMs - margin) : null,
      alarm: lowMs < alarmBelow,
    };
    current = s;
    if (s.alarm && !alarmed) {
      alarmed = true;
      await event(
        'rul.alarm',
        lowMs < alarmBelow / 2 ? 'critical' : 'major',
        `remaining life ${fmtH(s.rulMs)} (90 % band from ${fmtH(lowMs)}): stop for maintenance by ${new Date(s.latestSafeStop!).toISOString()}`,
        s,
      );
    } else if (!s.alarm && alarmed && lowMs > 1.5 * alarmBelow) {
      alarmed = false;
      await event('rul.clear', 'info', 'remaining life back above the alarm threshold', s);
    }
    options.onStatus?.(s);
    return s;
  };

  return {
    status: () => current,
    events: () => appended,
    async push(seriesId, ts, value) {
      if (options.gate && seriesId === options.gate.seriesId) gateOpen = options.gate.accept(value);
      const feature = options.mapping[seriesId];
      const b = Math.floor(ts / bucketMs) * bucketMs;
      let out: RulStatus | null = null;
      if (bucket !== null && b > bucket) out = await close(bucket + bucketMs);
      if (bucket === null || b > bucket) bucket = b;
      if (feature !== undefined && gateOpen && Number.isFinite(value)) {
        const list = buf.get(feature) ?? [];
        list.push(value);
        buf.set(feature, list);
      }
      return out;
    },
  };
}
