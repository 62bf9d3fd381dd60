import { describe, expect, it } from 'vitest';
import { StreamingDetector } from '../../src/analytics/detect/index.js';
import { buildTable, crossValidate, kFoldByFile, replayAlerts, scoreAlertRows, select } from './cv.js';
import { scoreFile, sweep } from './sweeper.js';

const standard = { tpWeight: 1, fpWeight: 0.11, fnWeight: 1 };
const profiles = { standard, reward_low_FP_rate: standard, reward_low_FN_rate: standard };

/** Daily sine with deterministic noise and a few spikes, 5-minute steps. */
function series(n: number, seed: number): number[] {
  let s = seed;
  return Array.from({ length: n }, (_, i) => {
    s = (s * 16807) % 2147483647;
    return 50 + 10 * Math.sin((2 * Math.PI * i) / 288) + (s / 2147483647 - 0.5) + (i % 997 === 500 ? 9 : 0);
  });
}

describe('replayAlerts', () => {
  it('reproduces the detector’s own alerts from its evidence, at other thresholds and holds too', () => {
    const v = series(4000, 7);
    for (const [threshold, suppress] of [
      [0.3, 150],
      [0.2, 20],
      [0.5, 400],
    ] as const) {
      const d = new StreamingDetector({ threshold, suppress });
      const evidence: number[] = [];
      const alerts: number[] = [];
      v.forEach((x, i) => {
        const r = d.update(i * 300_000, x);
        evidence.push(r.evidence);
        if (r.alert) alerts.push(i);
      });
      expect(alerts.length).toBeGreaterThan(0);
      expect(replayAlerts(evidence, threshold, suppress)).toEqual(alerts);
    }
  });
  it('holds for `suppress` rows after each alert', () => {
    expect(replayAlerts([0, 1, 1, 1, 0.5, 1, 0.1], 0.5, 2)).toEqual([1, 4]);
    expect(replayAlerts([0, 1, 1, 1], 0.5, 0)).toEqual([1, 2, 3]);
  });
});

describe('scoreAlertRows', () => {
  it('equals the reference file score for the same detections', () => {
    const windows = [
      { start: 300, end: 399 },
      { start: 700, end: 799 },
    ];
    for (const rows of [[], [100, 200, 320, 350, 420, 905], [160, 799, 800, 999], [710]]) {
      const a = new Float64Array(1000);
      for (const r of rows) a[r] = 1;
      const ref = scoreFile(a, windows, standard, 0.5);
      const mine = scoreAlertRows(rows, sweep(1000, windows, standard), standard);
      expect(mine.score).toBeCloseTo(ref.score, 12);
      expect([mine.detected, mine.fp, mine.windows]).toEqual([ref.detected, ref.fp, ref.windows]);
    }
  });
});

describe('crossValidate', () => {
  // Two groups of files. Configuration 0 alerts at each window's start, configuration 1 also on
  // group B's quiet rows: chosen on A alone, either looks as good; chosen without A, 0 wins.
  const rows = 1000;
  const windows = [{ start: 500, end: 599 }];
  const files = ['a1', 'a2', 'b1'].map((name) => ({ name, category: name[0] ?? '', rows, windows }));
  const ev = (extra: number[]): Float32Array => {
    const e = new Float32Array(rows);
    e[500] = 1;
    for (const i of extra) e[i] = 1;
    return e;
  };
  const evidence = [
    [ev([]), ev([]), ev([])],
    [ev([200]), ev([]), ev([200, 300, 400])],
  ];
  const table = buildTable(files, evidence, [0.5], [10], profiles);

  it('chooses on the training files only and pools the held-out scores', () => {
    expect(select(table, 'standard', [0, 1, 2])).toBe(0);
    const r = crossValidate(table, 'standard', standard, (f) => f.category);
    expect(r.chosen).toBe(0);
    expect(r.inSample).toBeCloseTo(100, 6);
    const a = r.groups.find((g) => g.group === 'a');
    const b = r.groups.find((g) => g.group === 'b');
    expect(a?.chosen).toBe(0);
    expect(b?.chosen).toBe(0);
    expect(r.cv).toBeCloseTo(r.inSample, 9);
  });
  it('a choice that only fits the held-out group does not reach the CV score', () => {
    // Configuration 1 now wins on group b alone but loses on group a.
    const ev2 = [
      [ev([]), ev([]), ev([100, 200, 300])],
      [ev([150, 250]), ev([150]), ev([])],
    ];
    const t = buildTable(files, ev2, [0.5], [10], profiles);
    const r = crossValidate(t, 'standard', standard, (f) => f.category);
    const b = r.groups.find((g) => g.group === 'b');
    expect(b?.chosen).toBe(0);
    expect(b?.cv).toBeLessThan(100);
    expect(r.cv).toBeLessThan(r.inSample + 1e-9);
  });
  it('k-fold by file gives one CV score per shuffle, never above the in-sample score here', () => {
    const r = crossValidate(table, 'standard', standard, (f) => f.category);
    const k = kFoldByFile(table, 'standard', standard, 3, 4);
    expect(k).toHaveLength(4);
    for (const x of k) expect(x).toBeLessThanOrEqual(r.inSample + 1e-9);
    expect(kFoldByFile(table, 'standard', standard, 3, 4)).toEqual(k);
  });
});
