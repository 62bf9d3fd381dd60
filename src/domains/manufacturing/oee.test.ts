import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isXinzhiError } from '../../core/index.js';
import { MACHINE_STATE as S } from './machine-state.js';
import { combineOee, computeOee, createOeeTracker, type TimedValue } from './oee.js';

const H = 3_600_000;
const M = 60_000;

// An 8-hour shift: 2 h run, 30 min break, 1.5 h run, 45 min failure, 1.25 h run, 15 min short
// stop, 1.75 h run. APT 6.5 h, unplanned stops 1 h, PDOT 0.5 h, PBT 7.5 h, POT 8 h.
const states: TimedValue[] = [
  { ts: -1 * H, value: S.OFF },
  { ts: 0, value: S.RUN },
  { ts: 2 * H, value: S.PLANNED_STOP },
  { ts: 2.5 * H, value: S.RUN },
  { ts: 4 * H, value: S.DOWN },
  { ts: 4.75 * H, value: S.RUN },
  { ts: 6 * H, value: S.IDLE },
  { ts: 6.25 * H, value: S.RUN },
];
// 300 + 200 parts, a reset to 0 (then 40), then 210 more: PQ = 750.
const produced: TimedValue[] = [
  { ts: -10 * M, value: 990 },
  { ts: 0, value: 1000 },
  { ts: 3 * H, value: 1300 },
  { ts: 5 * H, value: 1500 },
  { ts: 5.5 * H, value: 40 },
  { ts: 8 * H, value: 250 },
  { ts: 9 * H, value: 900 }, // after the window
];
const scrap: TimedValue[] = [
  { ts: 0, value: 5 },
  { ts: 4 * H, value: 20 },
  { ts: 8 * H, value: 35 },
];
const base = { from: 0, to: 8 * H, idealCycleTimeMs: 24_000, states, produced, scrap };

describe('computeOee', () => {
  it('gives the exact ISO 22400 elements and factors of a constructed shift', () => {
    const r = computeOee(base);
    expect(r).toMatchObject({ pot: 8 * H, pdot: 0.5 * H, pbt: 7.5 * H, apt: 6.5 * H, stoppedMs: 1 * H });
    expect(r).toMatchObject({ pq: 750, sq: 30, gq: 720, counterResets: 1, unknownMs: 0 });
    expect(r.availability).toBeCloseTo(6.5 / 7.5, 12);
    expect(r.effectiveness).toBeCloseTo((24 * 750) / (6.5 * 3600), 12);
    expect(r.quality).toBeCloseTo(0.96, 12);
    // OEE = PRI × GQ / PBT = 24 s × 720 / 27000 s = 0.64 exactly.
    expect(r.oee).toBeCloseTo(0.64, 12);
    expect(r.qualitySource).toBe('scrap-counter');
  });

  it('does not depend on the order of the input arrays', () => {
    const shuffled = computeOee({
      ...base,
      states: [...states].reverse(),
      produced: [...produced].reverse(),
      scrap: [...scrap].reverse(),
    });
    expect(shuffled).toEqual(computeOee(base));
  });

  it('prefers a good counter, then a scrap counter, then a manual scrap count', () => {
    const good: TimedValue[] = [
      { ts: 0, value: 0 },
      { ts: 8 * H, value: 700 },
    ];
    expect(computeOee({ ...base, good }).gq).toBe(700);
    expect(computeOee({ ...base, good }).qualitySource).toBe('good-counter');
    const manual = computeOee({ ...base, scrap: [], scrapCount: 75 });
    expect(manual).toMatchObject({ gq: 675, sq: 75, qualitySource: 'scrap-count' });
    expect(manual.quality).toBeCloseTo(0.9, 12);
    expect(computeOee({ ...base, scrap: [] })).toMatchObject({
      gq: 750,
      qualitySource: 'assumed',
      quality: 1,
    });
  });

  it('counts time before the first known state as unknown, not as a loss', () => {
    const r = computeOee({ ...base, states: states.slice(2) });
    expect(r.unknownMs).toBe(2 * H);
    expect(r.pbt).toBe(5.5 * H);
  });

  it('reports null factors, not zeros, when there is nothing to divide by', () => {
    const r = computeOee({ ...base, states: [{ ts: 0, value: S.OFF }], produced: [] });
    expect(r).toMatchObject({
      pbt: 0,
      apt: 0,
      availability: null,
      effectiveness: null,
      quality: null,
      oee: null,
    });
    const stopped = computeOee({ ...base, states: [{ ts: 0, value: S.DOWN }], produced: [] });
    expect(stopped.availability).toBe(0);
    expect(stopped.oee).toBeNull();
  });

  it('names the bad field', () => {
    const fieldOf = (f: () => unknown): string | undefined => {
      try {
        f();
      } catch (e) {
        if (isXinzhiError(e)) return e.field;
        throw e;
      }
      return undefined;
    };
    expect(fieldOf(() => computeOee({ ...base, idealCycleTimeMs: 0 }))).toBe('idealCycleTimeMs');
    expect(fieldOf(() => computeOee({ ...base, to: 0 }))).toBe('to');
    expect(fieldOf(() => computeOee({ ...base, produced: [{ ts: 1, value: -3 }] }))).toBe('produced');
    expect(fieldOf(() => computeOee({ ...base, states: [{ ts: Number.NaN, value: 1 }] }))).toBe('states[0]');
    expect(fieldOf(() => createOeeTracker({ from: 0, idealCycleTimeMs: 1 }).state(1, Number.NaN))).toBe(
      'state',
    );
    expect(fieldOf(() => computeOee({ ...base, scrap: [], scrapCount: 751 }))).toBe('scrapCount');
  });
});

describe('staleAfterMs', () => {
  it('counts a silent device as unknown time instead of its last state', () => {
    // Sampled every minute, silent from 60 to 80 min, window 0–120 min.
    const st: TimedValue[] = [];
    for (let m = 0; m <= 120; m++) if (m < 60 || m >= 80) st.push({ ts: m * M, value: S.RUN });
    const held = computeOee({ ...base, to: 120 * M, states: st, produced: [] });
    expect(held).toMatchObject({ apt: 120 * M, unknownMs: 0 });
    const stale = computeOee({ ...base, to: 120 * M, states: st, produced: [], staleAfterMs: 2 * M });
    // The sample at 59 min holds until 61 min; 61–80 min is unknown.
    expect(stale).toMatchObject({ apt: 101 * M, unknownMs: 19 * M });
    const tail = computeOee({ ...base, to: 130 * M, states: st, produced: [], staleAfterMs: 2 * M });
    expect(tail.unknownMs).toBe(19 * M + 8 * M);
  });
});

describe('createOeeTracker', () => {
  it('gives the batch result at every moment when fed sample by sample', () => {
    const t = createOeeTracker({ from: 0, idealCycleTimeMs: 24_000 });
    const events = [
      ...states.map((s) => ({ ...s, kind: 'state' as const })),
      ...produced.filter((p) => p.ts <= 8 * H).map((s) => ({ ...s, kind: 'produced' as const })),
      ...scrap.map((s) => ({ ...s, kind: 'scrap' as const })),
    ].sort((a, b) => a.ts - b.ts);
    events.forEach((e, i) => {
      if (e.kind === 'state') t.state(e.ts, e.value);
      else if (e.kind === 'produced') t.produced(e.ts, e.value);
      else t.scrap(e.ts, e.value);
      // Compare once every sample of this instant is in.
      if (e.ts > 0 && events[i + 1]?.ts !== e.ts)
        expect(t.result(e.ts)).toEqual(computeOee({ ...base, to: e.ts }));
    });
    expect(t.result(8 * H).oee).toBeCloseTo(0.64, 12);
  });

  it('drops late samples and counts them', () => {
    const t = createOeeTracker({ from: 0, idealCycleTimeMs: 1000 });
    t.state(0, S.RUN);
    t.produced(0, 0);
    t.produced(10_000, 10);
    t.produced(5_000, 5); // a QoS 1 redelivery arriving late
    t.state(20_000, S.IDLE);
    t.state(10_000, S.RUN);
    const r = t.result(20_000);
    expect(t.outOfOrder).toBe(2);
    expect(r).toMatchObject({ pq: 10, apt: 20_000, counterResets: 0 });
    expect(r.effectiveness).toBeCloseTo(0.5, 12);
  });
});

describe('combineOee', () => {
  it('sums elements across machines (weighting by time and output) and is the identity on one', () => {
    const a = computeOee(base);
    const b = computeOee({
      from: 0,
      to: 8 * H,
      idealCycleTimeMs: 10_000,
      states: [
        { ts: 0, value: S.RUN },
        { ts: 4 * H, value: S.DOWN },
      ],
      produced: [
        { ts: 0, value: 0 },
        { ts: 8 * H, value: 1200 },
      ],
    });
    const line = combineOee([a, b]);
    expect(line).toMatchObject({ pbt: 15.5 * H, apt: 10.5 * H, pq: 1950, gq: 1920, qualitySource: 'mixed' });
    // A × E × Q on the summed elements (not an average of the two machines' OEE).
    const expected = (10.5 / 15.5) * ((24 * 750 + 10 * 1200) / (10.5 * 3600)) * (1920 / 1950);
    expect(line.oee).toBeCloseTo(expected, 12);
    expect(combineOee([a])).toEqual(a);
  });
});

describe('OEE invariants', () => {
  it('holds OEE = PRI × GQ / PBT and bounds A and Q on random timelines', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 600_000 }), fc.constantFrom(0, 1, 2, 3, 4)), {
          minLength: 1,
          maxLength: 30,
        }),
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 100, max: 20_000 }),
        (steps, increments, ict) => {
          const st: TimedValue[] = [];
          let ts = 0;
          for (const [d, code] of steps) {
            st.push({ ts, value: code });
            ts += d;
          }
          const to = ts;
          const pr: TimedValue[] = [{ ts: 0, value: 0 }];
          let count = 0;
          increments.forEach((inc, i) => {
            count += inc;
            pr.push({ ts: Math.max(1, Math.round(((i + 1) * to) / increments.length)), value: count });
          });
          const sc: TimedValue[] = [
            { ts: 0, value: 0 },
            { ts: to, value: Math.floor(count / 10) },
          ];
          const r = computeOee({ from: 0, to, idealCycleTimeMs: ict, states: st, produced: pr, scrap: sc });
          expect(r.pq).toBe(count);
          expect(r.pot + r.notScheduledMs + r.unknownMs).toBe(to);
          expect(r.pbt).toBe(r.apt + r.stoppedMs);
          if (r.availability !== null) expect(r.availability).toBeGreaterThanOrEqual(0);
          if (r.availability !== null) expect(r.availability).toBeLessThanOrEqual(1);
          if (r.quality !== null) expect(r.quality).toBeLessThanOrEqual(1);
          if (r.oee !== null) expect(r.oee).toBeCloseTo((ict * r.gq) / r.pbt, 9);
        },
      ),
      { numRuns: 200 },
    );
  });
});
