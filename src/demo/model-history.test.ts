import { describe, expect, it } from 'vitest';
import { HOUR } from './calendar.js';
import { createDemoModel, type DemoModelOptions, type DemoPoint, HISTORY_INTERVALS } from './model.js';
import { DATA_PREFIX } from './topics.js';

// 06:00 China Standard Time: T0 of the fault script is the start itself.
const START = Date.parse('2026-06-01T06:00:00+08:00');
const UNTIL = START + 8 * HOUR + 30_500; // deliberately off the history grid
const DAY = 24 * HOUR;

const collect = (options: DemoModelOptions, to: number, chunkMs: number): Map<string, DemoPoint[]> => {
  const m = createDemoModel(options);
  const from = options.start - (options.history?.farmLeadMs ?? 0);
  const all = new Map<string, DemoPoint[]>();
  for (let t = from; t < to; ) {
    t = Math.min(to, t + chunkMs);
    for (const [topic, pts] of m.advance(t)) all.set(topic, [...(all.get(topic) ?? []), ...pts]);
  }
  return all;
};
const ts = (all: Map<string, DemoPoint[]>, series: string): number[] =>
  (all.get(`${DATA_PREFIX}${series}`) ?? []).map((p) => p.ts);
const values = (all: Map<string, DemoPoint[]>, series: string): number[] =>
  (all.get(`${DATA_PREFIX}${series}`) ?? []).map((p) => p.value);

describe('createDemoModel with a history', () => {
  const options: DemoModelOptions = {
    seed: 42,
    start: START,
    history: { until: UNTIL, farmLeadMs: 2 * DAY },
  };
  const all = collect(options, UNTIL + 10_000, HOUR);

  it('samples coarsely before `until`, lands on it, and at the live intervals after', () => {
    const state = ts(all, 'factory1/assembly/line1/cnc-01/state');
    const before = state.filter((t) => t < UNTIL);
    expect(before[0]).toBe(START);
    // on the history grid, then one sample a live interval before `until`
    for (let i = 1; i < before.length - 1; i++)
      expect(before[i]! - before[i - 1]!).toBe(HISTORY_INTERVALS.factory);
    expect(before.at(-1)).toBe(UNTIL - 1000);
    expect(before.at(-1)! - before.at(-2)!).toBeLessThanOrEqual(HISTORY_INTERVALS.factory);
    const after = state.filter((t) => t >= UNTIL);
    expect(after).toEqual(Array.from({ length: 10 }, (_, i) => UNTIL + i * 1000));
    const vans = ts(all, 'depot1/van-01/status');
    expect(vans.filter((t) => t >= UNTIL)).toEqual([UNTIL, UNTIL + 5000]);
  });

  it('starts the farm `farmLeadMs` earlier, at the history interval', () => {
    const air = ts(all, 'farm1/weather-station/air_temp');
    expect(air[0]).toBe(START - 2 * DAY);
    expect(air[1]! - air[0]!).toBe(HISTORY_INTERVALS.farm);
    // two days before the factory and 8 h with it at 15 min, the last one a minute before `until`
    const before = air.filter((t) => t < UNTIL);
    expect(before).toHaveLength(Math.ceil((UNTIL - 60_000 - (START - 2 * DAY)) / HISTORY_INTERVALS.farm) + 1);
    expect(before.at(-1)).toBe(UNTIL - 60_000);
    expect(air.filter((t) => t >= UNTIL)).toEqual([UNTIL]);
    expect(ts(all, 'factory1/assembly/line1/cnc-01/state')[0]).toBe(START);
  });

  it('is deterministic whatever the chunking', () => {
    const b = collect(options, UNTIL + 10_000, 7 * 60_000 + 13);
    expect([...b.keys()].sort()).toEqual([...all.keys()].sort());
    for (const [topic, pts] of all) expect(b.get(topic)).toEqual(pts);
  });

  it("keeps the physics in the coarse history: the day's bearing wears, the others do not", () => {
    // T0 + 6 h: severity ~0.37 of the degrading bearing of line1/cnc-02 (vibration ×3.6 while cutting).
    const at = (series: string, from: number, to: number): number[] => {
      const t = ts(all, series);
      const v = values(all, series);
      return v.filter((_, i) => t[i]! >= from && t[i]! < to);
    };
    const window = [START + 6 * HOUR, START + 7 * HOUR] as const;
    const worn = Math.max(...at('factory1/assembly/line1/cnc-02/vibration', ...window));
    const healthy = Math.max(...at('factory1/assembly/line1/cnc-01/vibration', ...window));
    expect(worn).toBeGreaterThan(4.5);
    expect(healthy).toBeLessThan(4.5);
    // failed at T0 + 7 h: down (3) until the repair at + 9 h
    expect(at('factory1/assembly/line1/cnc-02/state', START + 7.1 * HOUR, START + 8 * HOUR)).toSatisfy(
      (s: number[]) => s.length > 0 && s.every((x) => x === 3),
    );
    // parts are counted in the coarse steps too (a CNC mill makes ~55 parts an hour)
    const parts = at('factory1/assembly/line1/cnc-01/parts_total', START, UNTIL);
    expect(parts.at(-1)).toBeGreaterThan(200);
  });

  it('gives the history descriptions the history intervals, the live ones the live intervals', () => {
    const m = createDemoModel(options);
    const cnc = (list: typeof m.assets) => list.find((a) => a.id === 'factory1/assembly/line1/cnc-01');
    expect(cnc(m.historyAssets)?.metrics['state']?.intervalMs).toBe(HISTORY_INTERVALS.factory);
    expect(cnc(m.assets)?.metrics['state']?.intervalMs).toBe(1000);
  });

  it('rejects bad history settings', () => {
    expect(() =>
      createDemoModel({ ...options, history: { until: UNTIL, intervals: { factory: 0 } } }),
    ).toThrow(/history.intervals.factory/);
    expect(() => createDemoModel({ ...options, history: { until: UNTIL, farmLeadMs: -1 } })).toThrow(
      /farmLeadMs/,
    );
    expect(() =>
      createDemoModel({ ...options, history: { until: UNTIL, farmLeadMs: Number.POSITIVE_INFINITY } }),
    ).toThrow(/farmLeadMs/);
  });
});
