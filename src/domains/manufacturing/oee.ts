/**
 * Overall equipment effectiveness after ISO 22400-2:2014 (KPIs for manufacturing operations
 * management), for one work unit (machine) or aggregated over several (a line).
 *
 * Time elements, from the machine's state timeline within the window [from, to]:
 * - POT, planned operation time: time the unit is scheduled (everything but `not-scheduled`);
 * - PDOT, planned downtime: breaks and planned maintenance within POT (`planned-downtime`);
 * - PBT, planned busy time = POT − PDOT;
 * - APT, actual production time: time in `running`;
 * - ADOT + ADET, unplanned down and delay time within PBT (`stopped`): the availability loss.
 * Quantities, from cumulative counters: PQ produced, GQ good, SQ scrap (PQ = GQ + SQ).
 * PRI, planned run time per item, is the ideal cycle time.
 *
 *   Availability  = APT / PBT
 *   Effectiveness = PRI × PQ / APT   (the "performance" factor)
 *   Quality ratio = GQ / PQ
 *   OEE index     = Availability × Effectiveness × Quality ratio  (= PRI × GQ / PBT)
 *
 * A factor whose denominator is zero is `null` (no planned time, no run time, no parts), not 0 or
 * 1, so a dashboard can say "no data" instead of inventing a figure. Effectiveness above 1 means
 * the ideal cycle time is set too long; it is reported, not clamped.
 */
import { XinzhiError } from '../../core/index.js';
import { MACHINE_STATE } from './machine-state.js';

/** How a state code counts in the ISO 22400 time model. */
export type StateClass = 'running' | 'stopped' | 'planned-downtime' | 'not-scheduled';

/** Classification of the `MACHINE_STATE` codes; unknown codes count as `stopped`. */
export const DEFAULT_STATE_CLASSES: Readonly<Record<number, StateClass>> = {
  [MACHINE_STATE.OFF]: 'not-scheduled',
  [MACHINE_STATE.RUN]: 'running',
  [MACHINE_STATE.IDLE]: 'stopped',
  [MACHINE_STATE.DOWN]: 'stopped',
  [MACHINE_STATE.PLANNED_STOP]: 'planned-downtime',
};

export const defaultClassify = (code: number): StateClass => DEFAULT_STATE_CLASSES[code] ?? 'stopped';

/** A sample of a state series or a counter series. */
export interface TimedValue {
  readonly ts: number;
  readonly value: number;
}

export interface OeeResult {
  readonly from: number;
  readonly to: number;
  /** ISO 22400 time elements, ms. */
  readonly pot: number;
  readonly pdot: number;
  readonly pbt: number;
  readonly apt: number;
  /** Unplanned stop time within PBT (ADOT + ADET), ms. */
  readonly stoppedMs: number;
  /** Time not scheduled (outside POT), ms. */
  readonly notScheduledMs: number;
  /** Time in the window before the first known state, counted nowhere, ms. */
  readonly unknownMs: number;
  /** Planned run time per item, ms. */
  readonly pri: number;
  /** PRI × PQ, ms: the time the produced parts would take at ideal speed. */
  readonly idealRunMs: number;
  readonly pq: number;
  readonly gq: number;
  readonly sq: number;
  /** Where GQ came from: a good counter, a scrap counter or count, or assumed all good. */
  readonly qualitySource: 'good-counter' | 'scrap-counter' | 'scrap-count' | 'assumed' | 'mixed';
  /** Counter resets seen in the window (part, good and scrap counters together). */
  readonly counterResets: number;
  readonly availability: number | null;
  readonly effectiveness: number | null;
  readonly quality: number | null;
  readonly oee: number | null;
}

export interface OeeTrackerOptions {
  /** Window start (UTC ms); samples before it only set the initial state and counter baselines. */
  readonly from: number;
  /** Ideal cycle time (ISO 22400 PRI), ms per part; > 0. */
  readonly idealCycleTimeMs: number;
  /** Maps a state code to its time class; default `defaultClassify`. */
  readonly classify?: (code: number) => StateClass;
  /**
   * A state sample holds for at most this long (ms); beyond it, until the next sample, time is
   * unknown rather than the last state (a device that went silent). Default: holds until the next
   * sample, which suits change-only state reporting.
   */
  readonly staleAfterMs?: number;
}

/** Incremental OEE for live use: feed samples in time order, read `result(now)` at any time. */
export interface OeeTracker {
  state(ts: number, code: number): void;
  /** Cumulative produced-parts counter. */
  produced(ts: number, count: number): void;
  good(ts: number, count: number): void;
  scrap(ts: number, count: number): void;
  /** OEE over [from, at]; `at` must not be before the last state sample. */
  result(at: number): OeeResult;
  /** Samples dropped for arriving older than the previous one of the same series. */
  readonly outOfOrder: number;
}

/**
 * Increase of a cumulative counter. A drop is a reset (controller restart, shift reset): the
 * counter restarted from zero, so the increase is the new value itself.
 */
class CounterDelta {
  private last: number | undefined;
  private lastTs = Number.NEGATIVE_INFINITY;
  total = 0;
  resets = 0;
  seen = false;
  constructor(private readonly from: number) {}
  /** False when the sample is older than the previous one and was ignored. */
  push(ts: number, v: number, field: string): boolean {
    if (!Number.isFinite(ts) || !Number.isFinite(v) || v < 0)
      throw new XinzhiError('BAD_INPUT', `${field}: counter sample needs a finite ts and a value ≥ 0`, {
        field,
        context: { ts, value: v },
      });
    if (ts < this.lastTs) return false;
    this.lastTs = ts;
    const prev = this.last;
    this.last = v;
    if (ts > this.from) this.seen = true;
    if (prev === undefined || ts <= this.from) return true;
    if (v >= prev) this.total += v - prev;
    else {
      this.total += v;
      this.resets++;
    }
    return true;
  }
}

const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);

/**
 * @example
 *   const t = createOeeTracker({ from: shiftStart, idealCycleTimeMs: 48_000 });
 *   t.state(ts, 1); t.produced(ts, 1234);   // as samples arrive
 *   t.result(Date.now()).oee;               // 0.0…1.0, or null before any planned time
 */
export function createOeeTracker(options: OeeTrackerOptions): OeeTracker {
  const { from, idealCycleTimeMs } = options;
  if (!Number.isFinite(from))
    throw new XinzhiError('BAD_INPUT', 'from must be a time in ms', { field: 'from' });
  if (!(Number.isFinite(idealCycleTimeMs) && idealCycleTimeMs > 0))
    throw new XinzhiError('BAD_INPUT', `idealCycleTimeMs must be > 0, got ${idealCycleTimeMs}`, {
      field: 'idealCycleTimeMs',
    });
  const classify = options.classify ?? defaultClassify;
  const stale = options.staleAfterMs ?? Number.POSITIVE_INFINITY;
  if (!(stale > 0))
    throw new XinzhiError('BAD_INPUT', `staleAfterMs must be > 0, got ${stale}`, { field: 'staleAfterMs' });
  const time: Record<StateClass, number> = {
    running: 0,
    stopped: 0,
    'planned-downtime': 0,
    'not-scheduled': 0,
  };
  let current: StateClass | undefined;
  let since = from;
  let lastStateTs = Number.NEGATIVE_INFINITY;
  let unknown = 0;
  let outOfOrder = 0;
  /** Splits [since, t) into time the current state covers and unknown time. */
  const split = (t: number): [number, number] => {
    if (current === undefined) return [0, t - since];
    const validUntil = Math.max(since, lastStateTs + stale);
    const known = Math.max(0, Math.min(t, validUntil) - since);
    return [known, t - since - known];
  };
  const parts = new CounterDelta(from);
  const goods = new CounterDelta(from);
  const scraps = new CounterDelta(from);

  return {
    get outOfOrder() {
      return outOfOrder;
    },
    state(ts, code) {
      if (!Number.isFinite(ts) || !Number.isFinite(code))
        throw new XinzhiError('BAD_INPUT', 'state sample needs a finite ts and code', {
          field: 'state',
          context: { ts, code },
        });
      if (ts < lastStateTs) {
        outOfOrder++;
        return;
      }
      if (ts > from) {
        const [known, unk] = split(ts);
        if (current !== undefined) time[current] += known;
        unknown += unk;
        since = ts;
      }
      lastStateTs = ts;
      current = classify(code);
    },
    produced(ts, count) {
      if (!parts.push(ts, count, 'produced')) outOfOrder++;
    },
    good(ts, count) {
      if (!goods.push(ts, count, 'good')) outOfOrder++;
    },
    scrap(ts, count) {
      if (!scraps.push(ts, count, 'scrap')) outOfOrder++;
    },
    result(at) {
      if (!(Number.isFinite(at) && at >= since))
        throw new XinzhiError('BAD_INPUT', `result time ${at} is before the last state sample at ${since}`, {
          field: 'at',
        });
      const t = { ...time };
      const [known, unk0] = split(at);
      if (current !== undefined) t[current] += known;
      const unk = unknown + unk0;
      const pq = parts.total;
      let gq: number;
      let sq: number;
      let qualitySource: OeeResult['qualitySource'];
      if (goods.seen) {
        gq = goods.total;
        sq = Math.max(0, pq - gq);
        qualitySource = 'good-counter';
      } else if (scraps.seen) {
        sq = scraps.total;
        gq = Math.max(0, pq - sq);
        qualitySource = 'scrap-counter';
      } else {
        gq = pq;
        sq = 0;
        qualitySource = 'assumed';
      }
      return assemble({
        from,
        to: at,
        running: t.running,
        stopped: t.stopped,
        planned: t['planned-downtime'],
        notScheduled: t['not-scheduled'],
        unknownMs: unk,
        pri: idealCycleTimeMs,
        idealRunMs: idealCycleTimeMs * pq,
        pq,
        gq,
        sq,
        qualitySource,
        counterResets: parts.resets + goods.resets + scraps.resets,
      });
    },
  };
}

interface Parts {
  from: number;
  to: number;
  running: number;
  stopped: number;
  planned: number;
  notScheduled: number;
  unknownMs: number;
  pri: number;
  idealRunMs: number;
  pq: number;
  gq: number;
  sq: number;
  qualitySource: OeeResult['qualitySource'];
  counterResets: number;
}

function assemble(p: Parts): OeeResult {
  const pbt = p.running + p.stopped;
  const availability = ratio(p.running, pbt);
  const effectiveness = ratio(p.idealRunMs, p.running);
  const quality = ratio(p.gq, p.pq);
  const oee =
    availability === null || effectiveness === null || quality === null
      ? null
      : availability * effectiveness * quality;
  return {
    from: p.from,
    to: p.to,
    pot: pbt + p.planned,
    pdot: p.planned,
    pbt,
    apt: p.running,
    stoppedMs: p.stopped,
    notScheduledMs: p.notScheduled,
    unknownMs: p.unknownMs,
    pri: p.pri,
    idealRunMs: p.idealRunMs,
    pq: p.pq,
    gq: p.gq,
    sq: p.sq,
    qualitySource: p.qualitySource,
    counterResets: p.counterResets,
    availability,
    effectiveness,
    quality,
    oee,
  };
}

export interface OeeInput {
  readonly from: number;
  readonly to: number;
  readonly idealCycleTimeMs: number;
  /** State samples (codes); repeated values are fine, only changes matter. */
  readonly states: readonly TimedValue[];
  /** Cumulative produced-parts counter. */
  readonly produced: readonly TimedValue[];
  readonly good?: readonly TimedValue[];
  readonly scrap?: readonly TimedValue[];
  /** Scrap counted by hand for the window, used when no good or scrap counter is given. */
  readonly scrapCount?: number;
  readonly classify?: (code: number) => StateClass;
  /** See `OeeTrackerOptions.staleAfterMs`. */
  readonly staleAfterMs?: number;
}

const byTs = (a: TimedValue, b: TimedValue): number => a.ts - b.ts;

/**
 * OEE of one machine over [from, to] from plain arrays (any order). A part counts at the time of
 * the first counter sample that shows it; a sample exactly at `from` is a baseline.
 *
 * @example
 *   computeOee({ from, to, idealCycleTimeMs: 60_000, states, produced, scrap }).oee
 */
export function computeOee(input: OeeInput): OeeResult {
  const { from, to } = input;
  if (!(Number.isFinite(from) && Number.isFinite(to) && to > from))
    throw new XinzhiError('BAD_INPUT', `window needs from < to, got [${from}, ${to}]`, { field: 'to' });
  const check = (list: readonly TimedValue[] | undefined, name: string): void => {
    list?.forEach((s, i) => {
      if (!(Number.isFinite(s.ts) && Number.isFinite(s.value)))
        throw new XinzhiError('BAD_INPUT', `${name}[${i}] needs a finite ts and value`, {
          field: `${name}[${i}]`,
          context: { ts: s.ts, value: s.value },
        });
    });
  };
  check(input.states, 'states');
  check(input.produced, 'produced');
  check(input.good, 'good');
  check(input.scrap, 'scrap');
  const t = createOeeTracker({
    from,
    idealCycleTimeMs: input.idealCycleTimeMs,
    ...(input.classify ? { classify: input.classify } : {}),
    ...(input.staleAfterMs !== undefined ? { staleAfterMs: input.staleAfterMs } : {}),
  });
  for (const s of [...input.states].sort(byTs)) if (s.ts <= to) t.state(s.ts, s.value);
  for (const s of [...input.produced].sort(byTs)) if (s.ts <= to) t.produced(s.ts, s.value);
  for (const s of [...(input.good ?? [])].sort(byTs)) if (s.ts <= to) t.good(s.ts, s.value);
  for (const s of [...(input.scrap ?? [])].sort(byTs)) if (s.ts <= to) t.scrap(s.ts, s.value);
  const r = t.result(to);
  if (r.qualitySource !== 'assumed' || input.scrapCount === undefined) return r;
  const sc = input.scrapCount;
  if (!(Number.isInteger(sc) && sc >= 0 && sc <= r.pq))
    throw new XinzhiError('BAD_INPUT', `scrapCount must be an integer in [0, ${r.pq}], got ${sc}`, {
      field: 'scrapCount',
    });
  return assemble({
    from: r.from,
    to: r.to,
    running: r.apt,
    stopped: r.stoppedMs,
    planned: r.pdot,
    notScheduled: r.notScheduledMs,
    unknownMs: r.unknownMs,
    pri: r.pri,
    idealRunMs: r.idealRunMs,
    pq: r.pq,
    gq: r.pq - sc,
    sq: sc,
    qualitySource: 'scrap-count',
    counterResets: r.counterResets,
  });
}

/**
 * OEE of a group of work units (a line, an area) from their individual results: the time and
 * quantity elements are summed and the ratios taken on the sums, so each machine weighs by its
 * planned busy time and output, never by a plain average of percentages. With one result it
 * returns the same figures.
 */
export function combineOee(results: readonly OeeResult[]): OeeResult {
  if (results.length === 0)
    throw new XinzhiError('BAD_INPUT', 'combineOee needs at least one result', { field: 'results' });
  const sum = (f: (r: OeeResult) => number): number => results.reduce((s, r) => s + f(r), 0);
  const sources = new Set(results.map((r) => r.qualitySource));
  const pq = sum((r) => r.pq);
  return assemble({
    from: Math.min(...results.map((r) => r.from)),
    to: Math.max(...results.map((r) => r.to)),
    running: sum((r) => r.apt),
    stopped: sum((r) => r.stoppedMs),
    planned: sum((r) => r.pdot),
    notScheduled: sum((r) => r.notScheduledMs),
    unknownMs: sum((r) => r.unknownMs),
    pri: pq > 0 ? sum((r) => r.idealRunMs) / pq : 0,
    idealRunMs: sum((r) => r.idealRunMs),
    pq,
    gq: sum((r) => r.gq),
    sq: sum((r) => r.sq),
    qualitySource: sources.size === 1 ? results[0]!.qualitySource : 'mixed',
    counterResets: sum((r) => r.counterResets),
  });
}
