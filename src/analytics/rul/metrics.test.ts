import { describe, expect, it } from 'vitest';
import { classificationReport, formatClassificationReport } from './classify.js';
import { applyConformal, fitConformal } from './interval.js';
import { nasaScore, rmse } from './metrics.js';

describe('rmse and the NASA score', () => {
  it('match hand-computed values', () => {
    expect(rmse([10, 20], [13, 16])).toBeCloseTo(Math.sqrt((9 + 16) / 2), 12);
    // late by 10: e^1 − 1; early by 13: e^1 − 1; exact: 0.
    expect(nasaScore([50, 50, 50], [60, 37, 50])).toBeCloseTo(2 * (Math.E - 1), 12);
    // late predictions cost more than early ones of the same size
    expect(nasaScore([50], [60])).toBeGreaterThan(nasaScore([50], [40]));
  });
});

describe('classificationReport', () => {
  it('counts the confusion matrix and per-class precision/recall/F1/support', () => {
    const truth = [5, 10, 20, 40, 50, 100, 25, 80];
    const pred = [8, 40, 15, 20, 60, 90, 28, 85];
    const r = classificationReport(truth, pred, 30);
    // within-30 truths: 5, 10, 20, 25 → predicted 8 ✓, 40 ✗, 15 ✓, 28 ✓; later: 40→20 ✗, others ✓
    expect(r.confusion).toEqual([
      [3, 1],
      [1, 3],
    ]);
    expect(r.classes[1].precision).toBeCloseTo(0.75);
    expect(r.classes[1].recall).toBeCloseTo(0.75);
    expect(r.classes[1].support).toBe(4);
    expect(r.accuracy).toBeCloseTo(0.75);
    expect(formatClassificationReport(r)).toMatch(/≤ 30 cycles\s+0\.75\s+0\.75\s+0\.75\s+4/);
  });
});

describe('conformal band', () => {
  it('covers the requested share of calibration residuals and widens where errors are larger', () => {
    const truth: number[] = [];
    const pred: number[] = [];
    for (let i = 0; i < 400; i++) {
      const p = (i % 150) + 1;
      pred.push(p);
      truth.push(p + ((i * 37) % 21) - 10 + (p > 100 ? ((i * 13) % 41) - 20 : 0));
    }
    const m = fitConformal(truth, pred, 0.9);
    const inside = truth.filter((t, i) => {
      const b = applyConformal(m, pred[i]!);
      return t >= b.low && t <= b.high;
    }).length;
    expect(inside / truth.length).toBeGreaterThanOrEqual(0.88);
    const narrow = applyConformal(m, 30);
    const wide = applyConformal(m, 120);
    expect(wide.high - wide.low).toBeGreaterThan(narrow.high - narrow.low);
  });
});
