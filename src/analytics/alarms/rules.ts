/**
 * Alarm rules as small per-series state machines: each point (or clock tick) goes in, `raise` and
 * `clear` commands for the alarm lifecycle come out. Hysteresis (deadband, clear-after counts)
 * keeps a value hovering at a limit from chattering, as ISA-18.2 asks.
 */
import type { Severity } from '../../core/index.js';
import type { AlarmCommand } from './alarm.js';

export type AlarmRule =
  | {
      readonly kind: 'threshold';
      readonly id: string;
      readonly severity: Severity;
      readonly high?: number;
      readonly low?: number;
      /** The value must come back this far inside the limit to clear. Default 0. */
      readonly deadband?: number;
      /** ISA-18.2 on-delay: beyond the limit for this long (ms) before the alarm is raised. Default 0. */
      readonly onDelayMs?: number;
      /**
       * ISA-18.2 off-delay: back inside (past the deadband) for this long (ms) before it clears, so
       * a value dipping between cycles or on noise does not clear and re-raise it. Default 0.
       */
      readonly offDelayMs?: number;
    }
  | { readonly kind: 'rate'; readonly id: string; readonly severity: Severity; readonly maxPerSecond: number }
  | {
      readonly kind: 'stuck';
      readonly id: string;
      readonly severity: Severity;
      /** Unchanged (within `tolerance`) for at least this long. */
      readonly forMs: number;
      readonly tolerance?: number;
      /**
       * Values at or below `floor` (or at or above `ceiling`) are never "stuck": a machine that is
       * off reads exactly 0 A, a parked van 0 km/h, saturated air 100 % humidity. Default none.
       */
      readonly floor?: number;
      readonly ceiling?: number;
    }
  | { readonly kind: 'missing'; readonly id: string; readonly severity: Severity; readonly afterMs: number }
  | {
      /** Detector alerts: raised on an alert, cleared after `clearAfter` points without one. */
      readonly kind: 'anomaly';
      readonly id: string;
      readonly severity: Severity;
      readonly clearAfter: number;
    };

export interface RuleState {
  active: Record<string, boolean>;
  lastTs: number | null;
  lastValue: number | null;
  refTs: number | null;
  refValue: number | null;
  quiet: number;
  /** Since when a condition has wanted the other state (on- and off-delays), by condition. */
  pending: Record<string, number>;
}

export const initialRuleState = (): RuleState => ({
  active: {},
  lastTs: null,
  lastValue: null,
  refTs: null,
  refValue: null,
  quiet: 0,
  pending: {},
});

/** The alarm conditions a rule raises (the `condition` of its alarms, see `toggle`'s callers). */
export function conditionsOf(rule: AlarmRule): string[] {
  if (rule.kind !== 'threshold') return [rule.id];
  return [
    ...(rule.high === undefined ? [] : [`${rule.id}:high`]),
    ...(rule.low === undefined ? [] : [`${rule.id}:low`]),
  ];
}

export interface RulePoint {
  readonly ts: number;
  readonly value: number;
  /** The detector's alert flag for this point (anomaly rules only). */
  readonly alert?: boolean;
  readonly score?: number;
}

/** Raises or clears `condition` when `on` differs from the remembered state. */
function toggle(
  out: AlarmCommand[],
  st: RuleState,
  source: string,
  condition: string,
  on: boolean,
  ts: number,
  severity: Severity,
  message: string,
  value?: number,
): void {
  if (on && !st.active[condition]) {
    st.active[condition] = true;
    out.push({
      type: 'raise',
      source,
      condition,
      severity,
      message,
      ts,
      ...(value === undefined ? {} : { value }),
    });
  } else if (!on && st.active[condition]) {
    st.active[condition] = false;
    out.push({ type: 'clear', source, condition, ts });
  }
}

/** Why a `missing` rule raised: how long the series has been silent against its limit. */
const silentFor = (source: string, lastTs: number, now: number, afterMs: number): string =>
  `${source} silent for ${Math.round((now - lastTs) / 1000)} s (limit ${Math.round(afterMs / 1000)} s)`;

/** Feeds one point of series `source` to a rule; mutates `st` and returns the commands. */
export function evaluatePoint(rule: AlarmRule, st: RuleState, source: string, p: RulePoint): AlarmCommand[] {
  const out: AlarmCommand[] = [];
  const v = p.value;
  // The message (and value) only matter when the condition is raised.
  const set = (condition: string, on: boolean, ts: number, message = '', value?: number): void =>
    toggle(out, st, source, condition, on, ts, rule.severity, message, value);
  switch (rule.kind) {
    case 'threshold': {
      const db = rule.deadband ?? 0;
      /** `on` once it has wanted to change for the rule's on- or off-delay. */
      const delayed = (c: string, on: boolean): boolean => {
        const active = st.active[c] === true;
        if (on === active) {
          delete st.pending[c];
          return on;
        }
        const delay = (active ? rule.offDelayMs : rule.onDelayMs) ?? 0;
        const since = st.pending[c] ?? p.ts;
        st.pending[c] = since;
        if (p.ts - since < delay) return active;
        delete st.pending[c];
        return on;
      };
      if (rule.high !== undefined) {
        const c = `${rule.id}:high`;
        const on = delayed(c, st.active[c] ? v > rule.high - db : v > rule.high);
        set(c, on, p.ts, `${source} ${v} above ${rule.high}`, v);
      }
      if (rule.low !== undefined) {
        const c = `${rule.id}:low`;
        const on = delayed(c, st.active[c] ? v < rule.low + db : v < rule.low);
        set(c, on, p.ts, `${source} ${v} below ${rule.low}`, v);
      }
      break;
    }
    case 'rate': {
      if (st.lastTs !== null && st.lastValue !== null && p.ts > st.lastTs) {
        const rate = ((v - st.lastValue) / (p.ts - st.lastTs)) * 1000;
        const message = `${source} changing ${rate.toPrecision(3)}/s, limit ${rule.maxPerSecond}/s`;
        set(rule.id, Math.abs(rate) > rule.maxPerSecond, p.ts, message, v);
      }
      break;
    }
    case 'stuck': {
      const tol = rule.tolerance ?? 0;
      const atBound =
        (rule.floor !== undefined && v <= rule.floor) || (rule.ceiling !== undefined && v >= rule.ceiling);
      if (st.refValue === null || st.refTs === null || Math.abs(v - st.refValue) > tol || atBound) {
        st.refValue = v;
        st.refTs = p.ts;
        set(rule.id, false, p.ts);
      } else if (p.ts - st.refTs >= rule.forMs)
        set(rule.id, true, p.ts, `${source} stuck at ${v} for ${Math.round((p.ts - st.refTs) / 1000)} s`, v);
      break;
    }
    case 'missing':
      // A gap that the data itself shows (a replay, a backfill, or a device that came back between
      // two clock ticks) is raised at the time it started and cleared by this point, so it stays in
      // the list as returned-unacknowledged instead of passing unseen.
      if (!st.active[rule.id] && st.lastTs !== null && p.ts - st.lastTs > rule.afterMs)
        set(rule.id, true, st.lastTs + rule.afterMs, silentFor(source, st.lastTs, p.ts, rule.afterMs));
      set(rule.id, false, p.ts);
      break;
    case 'anomaly': {
      if (p.alert) {
        st.quiet = 0;
        set(rule.id, true, p.ts, `${source} anomalous (score ${(p.score ?? 1).toFixed(2)})`, v);
      } else if (st.active[rule.id] && ++st.quiet >= rule.clearAfter) set(rule.id, false, p.ts);
      break;
    }
  }
  st.lastTs = p.ts;
  st.lastValue = v;
  return out;
}

/** Clock tick for time-based rules (missing data). */
export function evaluateTick(rule: AlarmRule, st: RuleState, source: string, now: number): AlarmCommand[] {
  const out: AlarmCommand[] = [];
  if (rule.kind === 'missing' && st.lastTs !== null && now - st.lastTs > rule.afterMs)
    toggle(
      out,
      st,
      source,
      rule.id,
      true,
      now,
      rule.severity,
      silentFor(source, st.lastTs, now, rule.afterMs),
    );
  return out;
}
