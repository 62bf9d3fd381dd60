/**
 * Watches series as their points arrive: one streaming detector and one rule state per
 * (series, rule), alerts and rule breaches turned into alarm commands applied through the alarm
 * service. Points of one series must be fed in time order; series are independent.
 *
 * Memory is fixed per watched series (the detector's buffers); `forget` drops a series.
 */
import {
  type AlarmCommand,
  type AlarmRule,
  type AlarmService,
  type DetectorOptions,
  evaluatePoint,
  evaluateTick,
  initialRuleState,
  type RuleState,
  StreamingDetector,
  type Transition,
} from '../../analytics/index.js';
import type { Severity } from '../../core/index.js';

export interface SeriesMonitorOptions {
  readonly alarms: AlarmService;
  /** Rules for a series (e.g. from its metadata); detector alerts are always watched. */
  readonly rulesFor?: (seriesId: string) => readonly AlarmRule[];
  readonly detector?: Partial<DetectorOptions>;
  /** Severity of detector alarms. Default `minor`. */
  readonly anomalySeverity?: Severity;
  /** Points without an alert before a detector alarm clears. Default 30. */
  readonly anomalyClearAfter?: number;
}

interface Watched {
  readonly detector: StreamingDetector;
  readonly rules: readonly AlarmRule[];
  readonly states: RuleState[];
}

export interface SeriesMonitor {
  /** Scores the points of one series and applies every resulting alarm command. */
  onPoints(seriesId: string, points: readonly { ts: number; value: number }[]): Promise<Transition[]>;
  /** Clock tick: missing-data rules and shelving expiry. */
  tick(now: number): Promise<Transition[]>;
  forget(seriesId: string): void;
  readonly watched: number;
}

export function createSeriesMonitor(o: SeriesMonitorOptions): SeriesMonitor {
  const series = new Map<string, Watched>();
  const watch = (id: string): Watched => {
    let w = series.get(id);
    if (!w) {
      const rules: AlarmRule[] = [
        {
          kind: 'anomaly',
          id: 'anomaly',
          severity: o.anomalySeverity ?? 'minor',
          clearAfter: o.anomalyClearAfter ?? 30,
        },
        ...(o.rulesFor?.(id) ?? []),
      ];
      w = { detector: new StreamingDetector(o.detector), rules, states: rules.map(() => initialRuleState()) };
      series.set(id, w);
    }
    return w;
  };
  const applyAll = async (cmds: AlarmCommand[]): Promise<Transition[]> => {
    const out: Transition[] = [];
    for (const c of cmds) out.push(...(await o.alarms.apply(c)));
    return out;
  };
  return {
    async onPoints(seriesId, points) {
      const w = watch(seriesId);
      const cmds: AlarmCommand[] = [];
      for (const p of points) {
        const d = w.detector.update(p.ts, p.value);
        w.rules.forEach((rule, i) => {
          const st = w.states[i];
          if (st) cmds.push(...evaluatePoint(rule, st, seriesId, { ...p, alert: d.alert, score: d.score }));
        });
      }
      return applyAll(cmds);
    },
    async tick(now) {
      const cmds: AlarmCommand[] = [];
      for (const [id, w] of series)
        w.rules.forEach((rule, i) => {
          const st = w.states[i];
          if (st) cmds.push(...evaluateTick(rule, st, id, now));
        });
      return [...(await applyAll(cmds)), ...(await o.alarms.tick(now))];
    },
    forget: (id) => {
      series.delete(id);
    },
    get watched() {
      return series.size;
    },
  };
}
