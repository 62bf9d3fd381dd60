/**
 * Alarm-system performance figures after EEMUA 191 and ISA-18.2 (§16, monitoring and assessment),
 * computed from the alarm service's event log (`alarm.raised`, `alarm.returned`, …): the rate an
 * operator sees (average per hour and per 10 minutes, the busiest 10 minutes), the bad actors
 * (the alarms that make up most of the load), chattering alarms (≥ 3 activations within a
 * minute), standing alarms (still active after an hour; stale after 24 h) and shelved ones.
 *
 * One pure function, used by `GET /api/v1/alarms/kpis` and by `npm run bench -- alarms`, so the
 * panel and the bench cannot disagree. Hand-written: the figures are a few counts and sliding
 * windows over a sorted list.
 */
import type { Severity } from '../../core/index.js';

/** An alarm transition as the alarm service appends it to the event log. */
export interface AlarmEventLike {
  readonly ts: number;
  /** `alarm.raised`, `alarm.returned`, `alarm.closed`, `alarm.shelved`, … */
  readonly kind: string;
  readonly severity?: Severity;
  readonly data: Readonly<Record<string, unknown>>;
}

/** The event kinds the KPIs read (what a caller must fetch). */
export const KPI_EVENT_KINDS = [
  'alarm.raised',
  'alarm.returned',
  'alarm.closed',
  'alarm.shelved',
  'alarm.unshelved',
  'alarm.suppressed',
  'alarm.unsuppressed',
] as const;

/** EEMUA 191 benchmarks: "very likely to be acceptable" average and the flood limit. */
export const KPI_TARGETS = {
  /** Average annunciated alarms per hour per console. */
  perHour: 6,
  /** Most alarms in any 10 minutes (above is a flood). */
  per10Min: 10,
  /** Activations of one alarm within a minute that make it chattering. */
  chatterPerMinute: 3,
} as const;

const MINUTE = 60_000;
const TEN_MIN = 10 * MINUTE;
const HOUR = 3_600_000;

export interface BadActor {
  readonly key: string;
  readonly source: string;
  readonly condition: string;
  readonly count: number;
  /** Share of all annunciated alarms in the window, 0…1. */
  readonly share: number;
}

export interface ChatteringAlarm {
  readonly key: string;
  /** Most activations of this alarm within any 60 s. */
  readonly maxPerMinute: number;
  readonly count: number;
}

export interface StandingAlarm {
  readonly key: string;
  readonly source: string;
  readonly condition: string;
  readonly severity: Severity | null;
  /** When the still-active episode was raised. */
  readonly since: number;
  readonly activeMs: number;
  /** Active for more than 24 h (ISA-18.2 "stale"). */
  readonly stale: boolean;
}

export interface ShelvedAlarm {
  readonly key: string;
  readonly since: number;
  readonly until: number | null;
  readonly by: string | null;
}

export interface AlarmKpis {
  readonly from: number;
  readonly to: number;
  readonly consoles: number;
  /** Annunciated activations in the window (raises not shelved or suppressed at the time). */
  readonly annunciated: number;
  /** Activations recorded while shelved or suppressed (not shown to the operator). */
  readonly silenced: number;
  /** Average per hour per console. */
  readonly perHour: number;
  /** Average per 10 minutes per console. */
  readonly per10Min: number;
  /** Most annunciated alarms in any 10 minutes, and when that window started. */
  readonly peak10Min: { readonly count: number; readonly at: number | null };
  /** Fixed 10-minute intervals with more than `KPI_TARGETS.per10Min` alarms, and their share. */
  readonly floods: { readonly intervals: number; readonly share: number };
  readonly topBadActors: readonly BadActor[];
  /** Share of the load carried by the top 10 bad actors, 0…1. */
  readonly top10Share: number;
  readonly chattering: readonly ChatteringAlarm[];
  /** Active at `to` for more than an hour (includes the stale ones). */
  readonly standing: readonly StandingAlarm[];
  readonly shelved: readonly ShelvedAlarm[];
  /** Whether the window meets the EEMUA 191 targets (rate, peak, no chattering). */
  readonly meets: { readonly perHour: boolean; readonly peak10Min: boolean; readonly noChattering: boolean };
}

export interface AlarmKpiInput {
  /**
   * Alarm events up to `to`. Rates use those in [from, to); standing and shelved alarms replay all
   * given events, so pass enough history before `from` for long-standing alarms to be seen.
   */
  readonly events: readonly AlarmEventLike[];
  readonly from: number;
  readonly to: number;
  /** Operator consoles sharing the load (rates are per console). Default 1. */
  readonly consoles?: number;
  /** How many bad actors to list. Default 10. */
  readonly top?: number;
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Most items of sorted `ts` within any window of `span` ms, and where that window starts. */
function peakWithin(ts: readonly number[], span: number): { count: number; at: number | null } {
  let best = 0;
  let at: number | null = null;
  for (let lo = 0, hi = 0; hi < ts.length; hi++) {
    while ((ts[hi] ?? 0) - (ts[lo] ?? 0) >= span) lo++;
    if (hi - lo + 1 > best) {
      best = hi - lo + 1;
      at = ts[lo] ?? null;
    }
  }
  return { count: best, at };
}

export function alarmKpis(input: AlarmKpiInput): AlarmKpis {
  const { from, to } = input;
  if (!(Number.isFinite(from) && Number.isFinite(to) && to > from))
    throw new RangeError(`alarm KPIs need from < to, got ${from} … ${to}`);
  const consoles = Math.max(1, input.consoles ?? 1);
  const events = [...input.events].filter((e) => e.ts < to).sort((a, b) => a.ts - b.ts);

  interface KeyState {
    source: string;
    condition: string;
    severity: Severity | null;
    activeSince: number | null;
    shelved: ShelvedAlarm | null;
    suppressed: boolean;
  }
  const keys = new Map<string, KeyState>();
  const raises: number[] = [];
  const perKey = new Map<string, number[]>();
  let silenced = 0;
  for (const e of events) {
    const key = str(e.data.key);
    if (key === null) continue;
    let k = keys.get(key);
    if (!k) {
      const bar = key.lastIndexOf('|');
      k = {
        source: str(e.data.source) ?? key.slice(0, Math.max(0, bar)),
        condition: str(e.data.condition) ?? key.slice(bar + 1),
        severity: null,
        activeSince: null,
        shelved: null,
        suppressed: false,
      };
      keys.set(key, k);
    }
    switch (e.kind) {
      case 'alarm.raised': {
        // An escalation of an active alarm is announced again but continues the same episode.
        if (k.activeSince === null) k.activeSince = e.ts;
        k.severity = e.severity ?? k.severity;
        if (e.ts < from) break;
        const hidden =
          e.data.notify === false || k.suppressed || (k.shelved !== null && !expired(k.shelved, e.ts));
        if (hidden) {
          silenced++;
          break;
        }
        raises.push(e.ts);
        let list = perKey.get(key);
        if (!list) {
          list = [];
          perKey.set(key, list);
        }
        list.push(e.ts);
        break;
      }
      case 'alarm.returned':
      case 'alarm.closed':
        k.activeSince = null;
        break;
      case 'alarm.shelved':
        k.shelved = {
          key,
          since: e.ts,
          until: typeof e.data.shelvedUntil === 'number' ? e.data.shelvedUntil : null,
          by: str(e.data.shelvedBy),
        };
        break;
      case 'alarm.unshelved':
        k.shelved = null;
        break;
      case 'alarm.suppressed':
        k.suppressed = true;
        break;
      case 'alarm.unsuppressed':
        k.suppressed = false;
        break;
    }
  }

  const hours = (to - from) / HOUR;
  const total = raises.length;
  const buckets = new Map<number, number>();
  for (const ts of raises) {
    const b = Math.floor((ts - from) / TEN_MIN);
    buckets.set(b, (buckets.get(b) ?? 0) + 1);
  }
  const intervals = Math.max(1, Math.ceil((to - from) / TEN_MIN));
  const floodCount = [...buckets.values()].filter((n) => n / consoles > KPI_TARGETS.per10Min).length;
  const peak = peakWithin(raises, TEN_MIN);

  const top = Math.max(0, input.top ?? 10);
  const actors: BadActor[] = [...perKey]
    .map(([key, list]) => {
      const k = keys.get(key);
      return {
        key,
        source: k?.source ?? '',
        condition: k?.condition ?? '',
        count: list.length,
        share: total > 0 ? list.length / total : 0,
      };
    })
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  const topBadActors = actors.slice(0, top);
  const chattering: ChatteringAlarm[] = [];
  for (const [key, list] of perKey) {
    const p = peakWithin(list, MINUTE);
    if (p.count >= KPI_TARGETS.chatterPerMinute)
      chattering.push({ key, maxPerMinute: p.count, count: list.length });
  }
  chattering.sort((a, b) => b.maxPerMinute - a.maxPerMinute || a.key.localeCompare(b.key));

  const standing: StandingAlarm[] = [];
  const shelved: ShelvedAlarm[] = [];
  for (const [key, k] of keys) {
    if (k.activeSince !== null && to - k.activeSince > HOUR)
      standing.push({
        key,
        source: k.source,
        condition: k.condition,
        severity: k.severity,
        since: k.activeSince,
        activeMs: to - k.activeSince,
        stale: to - k.activeSince > 24 * HOUR,
      });
    if (k.shelved && !expired(k.shelved, to)) shelved.push(k.shelved);
  }
  standing.sort((a, b) => a.since - b.since || a.key.localeCompare(b.key));
  shelved.sort((a, b) => a.since - b.since || a.key.localeCompare(b.key));

  const perHour = hours > 0 ? total / hours / consoles : 0;
  const peakPerConsole = Math.ceil(peak.count / consoles);
  return {
    from,
    to,
    consoles,
    annunciated: total,
    silenced,
    perHour,
    per10Min: perHour / 6,
    peak10Min: { count: peak.count, at: peak.at },
    floods: { intervals: floodCount, share: floodCount / intervals },
    topBadActors,
    top10Share: total > 0 ? actors.slice(0, 10).reduce((s, a) => s + a.count, 0) / total : 0,
    chattering,
    standing,
    shelved,
    meets: {
      perHour: perHour <= KPI_TARGETS.perHour,
      peak10Min: peakPerConsole <= KPI_TARGETS.per10Min,
      noChattering: chattering.length === 0,
    },
  };
}

const expired = (s: ShelvedAlarm, ts: number): boolean => s.until !== null && s.until <= ts;
