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
  rules: readonly AlarmRule[];
  states: RuleState[];
  /** Newest point fed; older or equal timestamps (late or repeated data) are not scored. */
  lastTs: number;
}

export interface SeriesMonitor {
  /** Scores the points of one series and applies every resulting alarm command. */
  onPoints(seriesId: string, points: readonly { ts: number; value: number }[]): Promise<Transition[]>;
  /** Clock tick: missing-data rules and shelving expiry. */
  tick(now: number): Promise<Transition[]>;
  /**
   * Replaces the rules of a series (exactly these: no implicit detector rule). Alarms of removed
   * rules that are still active are cleared at `now`; the detector keeps what it learnt.
   */
  configure(seriesId: string, rules: readonly AlarmRule[], now: number): Promise<Transition[]>;
  /** Whether a series is watched (has been configured or has received points). */
  has(seriesId: string): boolean;
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
      w = {
        detector: new StreamingDetector(o.detector),
        rules,
        states: rules.map(() => initialRuleState()),
        lastTs: Number.NEGATIVE_INFINITY,
      };
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
        if (!(p.ts > w.lastTs)) continue;
        w.lastTs = p.ts;
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
    async configure(seriesId, rules, now) {
      const w = watch(seriesId);
      const cmds: AlarmCommand[] = [];
      w.rules.forEach((old, i) => {
        const st = w.states[i];
        const kept = rules.some((r) => r.id === old.id && r.kind === old.kind);
        if (!st || kept) return;
        for (const [condition, on] of Object.entries(st.active))
          if (on) cmds.push({ type: 'clear', source: seriesId, condition, ts: now });
      });
      // A rule that stays keeps its state (its active alarm and references); new ones start fresh.
      w.states = rules.map((r) => {
        const i = w.rules.findIndex((old) => old.id === r.id && old.kind === r.kind);
        return (i >= 0 ? w.states[i] : undefined) ?? initialRuleState();
      });
      w.rules = rules;
      return applyAll(cmds);
    },
    has: (id) => series.has(id),
    forget: (id) => {
      series.delete(id);
    },
    get watched() {
      return series.size;
    },
  };
}
