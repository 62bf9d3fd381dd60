/**
 * Watches series as their points arrive: one streaming detector and one rule state per
 * (series, rule), alerts and rule breaches turned into alarm commands applied through the alarm
 * service. Points of one series must be fed in time order; series are independent.
 *
 * Memory is fixed per watched series (the detector's buffers); `forget` drops a series.
 *
 * A rule's state starts from the stored alarms: a condition whose alarm is still active in the
 * store (raised before a restart, or by another node before this one took the series over) counts
 * as active, so it is not raised again, and it is cleared when the condition ends.
 */
import {
  type AlarmCommand,
  type AlarmRule,
  type AlarmService,
  alarmKey,
  conditionsOf,
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
  /**
   * Clock tick: missing-data rules and shelving expiry, of every watched series or only of the
   * sources `owns` accepts (a node evaluating some shards of the series of a cluster).
   */
  tick(now: number, owns?: (source: string) => boolean): Promise<Transition[]>;
  /**
   * Replaces the rules of a series (exactly these: no implicit detector rule). Alarms of removed
   * rules that are still active are cleared at `now`; the detector keeps what it learnt.
   */
  configure(seriesId: string, rules: readonly AlarmRule[], now: number): Promise<Transition[]>;
  /** Whether a series is watched (has been configured or has received points). */
  has(seriesId: string): boolean;
  forget(seriesId: string): void;
  /** The ids of the watched series. */
  ids(): string[];
  readonly watched: number;
}

export function createSeriesMonitor(o: SeriesMonitorOptions): SeriesMonitor {
  const series = new Map<string, Watched>();
  const seed = async (id: string, rule: AlarmRule, st: RuleState): Promise<RuleState> => {
    for (const c of conditionsOf(rule)) {
      const a = await o.alarms.get(alarmKey(id, c));
      if (a && (a.state === 'unacknowledged' || a.state === 'acknowledged')) st.active[c] = true;
    }
    return st;
  };
  const watch = async (id: string): Promise<Watched> => {
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
      const states: RuleState[] = [];
      for (const r of rules) states.push(await seed(id, r, initialRuleState()));
      // Another call may have watched the series while the store was read: keep the first.
      w = series.get(id);
      if (w) return w;
      w = { detector: new StreamingDetector(o.detector), rules, states, lastTs: Number.NEGATIVE_INFINITY };
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
      const w = await watch(seriesId);
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
    async tick(now, owns) {
      const cmds: AlarmCommand[] = [];
      for (const [id, w] of series) {
        if (owns && !owns(id)) continue;
        w.rules.forEach((rule, i) => {
          const st = w.states[i];
          if (st) cmds.push(...evaluateTick(rule, st, id, now));
        });
      }
      return [...(await applyAll(cmds)), ...(await o.alarms.tick(now, owns))];
    },
    async configure(seriesId, rules, now) {
      const w = await watch(seriesId);
      const cmds: AlarmCommand[] = [];
      w.rules.forEach((old, i) => {
        const st = w.states[i];
        const kept = rules.some((r) => r.id === old.id && r.kind === old.kind);
        if (!st || kept) return;
        for (const [condition, on] of Object.entries(st.active))
          if (on) cmds.push({ type: 'clear', source: seriesId, condition, ts: now });
      });
      // A rule that stays keeps its state (its active alarm and references); new ones start from
      // the stored alarms.
      const states: RuleState[] = [];
      for (const r of rules) {
        const i = w.rules.findIndex((old) => old.id === r.id && old.kind === r.kind);
        states.push((i >= 0 ? w.states[i] : undefined) ?? (await seed(seriesId, r, initialRuleState())));
      }
      w.states = states;
      w.rules = rules;
      return applyAll(cmds);
    },
    has: (id) => series.has(id),
    ids: () => [...series.keys()],
    forget: (id) => {
      series.delete(id);
    },
    get watched() {
      return series.size;
    },
  };
}
