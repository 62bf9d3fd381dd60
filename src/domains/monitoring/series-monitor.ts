/**
 * Watches series as their points arrive: one streaming detector and one rule state per
 * (series, rule), alerts and rule breaches turned into alarm commands applied through the alarm
 * service. Points of one series must be fed in time order; series are independent.
 *
 * Memory is fixed per watched series (the detector's buffers); `forget` drops a series.
 *
 * Designed suppression (ISA-18.2): a series configured with `suppressWhile` is not evaluated
 * (except for missing data) while its equipment's state series reads one of the given codes, and
 * its active alarms are marked suppressed meanwhile. The monitor keeps the recent changes of every
 * state series some series depends on, so a point is judged by the state at its own time.
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

/**
 * Detector settings for alarms an operator sees, stricter than the NAB-tuned defaults (which
 * score well by alerting early and often): a tail probability ≤ 1e-5 instead of 1e-3, and at most
 * one alert per 300 points of a series (5 min at 1 s sampling) so a persisting anomaly is one
 * alarm, not one every 50 points. The anomaly chart still shows the default threshold's alerts.
 */
export const OPERATOR_DETECTOR: Partial<DetectorOptions> = Object.freeze({ threshold: 0.5, suppress: 300 });

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

/** While `series` reads one of `values`, the rules (but missing data) of a series are held. */
export interface SuppressWhile {
  readonly series: string;
  readonly values: readonly number[];
}

/** State changes kept per state series: enough for a batch of points to look back in. */
const STATE_HISTORY = 512;

interface Watched {
  readonly detector: StreamingDetector;
  rules: readonly AlarmRule[];
  states: RuleState[];
  suppressWhile: SuppressWhile | null;
  /** Whether the previous point was suppressed; null before the first point (sync the records). */
  suppressed: boolean | null;
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
  configure(
    seriesId: string,
    rules: readonly AlarmRule[],
    now: number,
    suppressWhile?: SuppressWhile | null,
  ): Promise<Transition[]>;
  /** Whether some watched series is suppressed by this (state) series: feed it first in a batch. */
  isSuppressor(seriesId: string): boolean;
  /**
   * Records the points of a state series that suppresses others (in time order), without scoring
   * it: in a cluster the state series may be evaluated by another node.
   */
  observeState(seriesId: string, points: readonly { ts: number; value: number }[]): void;
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
      w = {
        detector: new StreamingDetector(o.detector),
        rules,
        states,
        suppressWhile: null,
        suppressed: null,
        lastTs: Number.NEGATIVE_INFINITY,
      };
      series.set(id, w);
    }
    return w;
  };
  /** State changes (ts ascending) of the series that suppress others, by state series id. */
  const stateHistory = new Map<string, Array<{ ts: number; value: number }>>();
  const suppressorCount = new Map<string, number>();
  const recordState = (id: string, points: readonly { ts: number; value: number }[]): void => {
    if (!suppressorCount.has(id)) return;
    let h = stateHistory.get(id);
    if (!h) {
      h = [];
      stateHistory.set(id, h);
    }
    for (const p of points) {
      const last = h[h.length - 1];
      if (last && p.ts <= last.ts) continue;
      if (!last || last.value !== p.value) h.push({ ts: p.ts, value: p.value });
    }
    if (h.length > STATE_HISTORY) h.splice(0, h.length - STATE_HISTORY);
  };
  /** The state code at `ts` (the latest change at or before it), or undefined when unknown. */
  const stateAt = (id: string, ts: number): number | undefined => {
    const h = stateHistory.get(id);
    if (!h) return undefined;
    for (let i = h.length - 1; i >= 0; i--) if (h[i]!.ts <= ts) return h[i]!.value;
    return undefined;
  };
  const setSuppressor = (w: Watched, next: SuppressWhile | null): void => {
    const prev = w.suppressWhile;
    if (prev?.series === next?.series) {
      w.suppressWhile = next;
      return;
    }
    if (prev) {
      const n = (suppressorCount.get(prev.series) ?? 1) - 1;
      if (n > 0) suppressorCount.set(prev.series, n);
      else {
        suppressorCount.delete(prev.series);
        stateHistory.delete(prev.series);
      }
    }
    if (next) suppressorCount.set(next.series, (suppressorCount.get(next.series) ?? 0) + 1);
    w.suppressWhile = next;
  };
  /**
   * Marks the active alarms of a series' held rules suppressed (or no longer), and unflags cleared
   * ones still flagged (a restart or a rule change in between), since a new episode inherits the
   * flag of its record.
   */
  const syncSuppression = async (id: string, w: Watched, on: boolean, ts: number): Promise<Transition[]> => {
    const out: Transition[] = [];
    for (const rule of w.rules) {
      if (rule.kind === 'missing') continue;
      for (const c of conditionsOf(rule)) {
        const key = alarmKey(id, c);
        const a = await o.alarms.get(key);
        // Only active alarms are suppressed; a flag left on a cleared one is removed.
        const open = a?.state === 'unacknowledged' || a?.state === 'acknowledged';
        if (a && a.suppressed !== on && (open || !on))
          out.push(...(await o.alarms.apply({ type: 'suppress', key, on, ts })));
      }
    }
    return out;
  };
  const applyAll = async (cmds: AlarmCommand[]): Promise<Transition[]> => {
    const out: Transition[] = [];
    for (const c of cmds) out.push(...(await o.alarms.apply(c)));
    return out;
  };
  return {
    async onPoints(seriesId, points) {
      const w = await watch(seriesId);
      recordState(seriesId, points);
      let cmds: AlarmCommand[] = [];
      const done: Transition[] = [];
      const sw = w.suppressWhile;
      for (const p of points) {
        if (!(p.ts > w.lastTs)) continue;
        w.lastTs = p.ts;
        const code = sw ? stateAt(sw.series, p.ts) : undefined;
        const held = code !== undefined && sw?.values.includes(code) === true;
        // Suppression changes with the equipment's state (rarely): apply what came before, then
        // flag the records, so a raise after it is announced (or not) accordingly.
        if (held !== w.suppressed && (sw !== null || w.suppressed === true)) {
          done.push(...(await applyAll(cmds)));
          cmds = [];
          done.push(...(await syncSuppression(seriesId, w, held, p.ts)));
        }
        w.suppressed = held;
        // The detector learns only the equipment's working behaviour, not its rests.
        const d = held ? undefined : w.detector.update(p.ts, p.value);
        w.rules.forEach((rule, i) => {
          const st = w.states[i];
          if (!st || (held && rule.kind !== 'missing')) return;
          cmds.push(
            ...evaluatePoint(rule, st, seriesId, { ...p, alert: d?.alert ?? false, score: d?.score ?? 0 }),
          );
        });
      }
      return [...done, ...(await applyAll(cmds))];
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
    async configure(seriesId, rules, now, suppressWhile = null) {
      const w = await watch(seriesId);
      setSuppressor(w, suppressWhile);
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
    isSuppressor: (id) => suppressorCount.has(id),
    observeState: recordState,
    ids: () => [...series.keys()],
    forget: (id) => {
      const w = series.get(id);
      if (w) setSuppressor(w, null);
      series.delete(id);
    },
    get watched() {
      return series.size;
    },
  };
}
