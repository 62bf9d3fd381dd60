import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/index.js';
import { normalTail } from './normal-tail.js';
import { RollingStats } from './rolling-stats.js';
import { StreamingDetector } from './streaming-detector.js';

/** Deterministic noise so the synthetic series are the same on every run. */
const rng = (seed: number): (() => number) => createRng(seed).next;

const T0 = Date.UTC(2024, 0, 1);
const STEP = 5 * 60_000;
/** Daily sine around 50 with noise, 5-minute steps. */
function seasonal(n: number, seed = 1): number[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => 50 + 10 * Math.sin((2 * Math.PI * i) / 288) + (r() - 0.5));
}

function runAll(values: readonly number[]) {
  const d = new StreamingDetector();
  return values.map((v, i) => d.update(T0 + i * STEP, v));
}

describe('StreamingDetector', () => {
  it('alerts on a spike in a noisy daily pattern within a few points, and rarely elsewhere', () => {
    const v = seasonal(288 * 14);
    const at = 288 * 10 + 37;
    v[at] = (v[at] ?? 0) + 12;
    const out = runAll(v);
    const hits = out.map((o, i) => (o.alert ? i : -1)).filter((i) => i >= 0);
    expect(hits.some((i) => i >= at && i <= at + 5)).toBe(true);
    expect(hits.filter((i) => i < at).length).toBeLessThanOrEqual(2);
    for (const o of out) expect(o.score >= 0 && o.score <= 1).toBe(true);
  });

  it('alerts on a level shift', () => {
    const v = seasonal(288 * 8, 7);
    const at = 288 * 6;
    for (let i = at; i < v.length; i++) v[i] = (v[i] ?? 0) + 8;
    const hits = runAll(v)
      .map((o, i) => (o.alert ? i : -1))
      .filter((i) => i >= 0);
    expect(hits.some((i) => i >= at && i <= at + 10)).toBe(true);
  });

  it('the long channel flags denser bursts sooner, with no value beyond the usual range', () => {
    const at = 288 * 6;
    const firstAfter = (longWindow: number): number => {
      const r = rng(5);
      const d = new StreamingDetector({ longWindow });
      let first = -1;
      for (let i = 0; i < 288 * 8; i++) {
        // Before: quiet with a ±2 burst every 50 points; after: a ±2 burst on every other point.
        const burst = i >= at ? i % 2 === 0 : i % 50 === 0;
        const alert = d.update(T0 + i * STEP, 50 + (r() - 0.5) * (burst ? 4 : 0.5)).alert;
        if (alert && i >= at && first < 0) first = i;
      }
      return first;
    };
    const withLong = firstAfter(32);
    expect(withLong).toBeGreaterThanOrEqual(at);
    expect(withLong).toBeLessThan(at + 32);
    const without = firstAfter(0);
    expect(without < 0 || without > withLong).toBe(true);
  });

  it('alerts exactly when its evidence reaches the threshold outside the hold, never in warm-up', () => {
    const v = seasonal(288 * 6, 11);
    for (const at of [700, 1100, 1130, 1500]) v[at] = (v[at] ?? 0) + 15;
    const d = new StreamingDetector({ warmup: 200, suppress: 40 });
    let last = Number.NEGATIVE_INFINITY;
    const rows: number[] = [];
    v.forEach((x, i) => {
      const r = d.update(T0 + i * STEP, x);
      if (i < 200) expect(r.evidence).toBe(0);
      const expected = r.evidence > 0 && r.evidence >= 0.3 && i - last > 40;
      expect(r.alert).toBe(expected);
      if (r.alert) {
        last = i;
        rows.push(i);
      }
    });
    for (const at of [700, 1100, 1500]) expect(rows.some((i) => i >= at && i <= at + 2)).toBe(true);
    // The spike at 1130 falls in the hold after the one at 1100.
    expect(rows.some((i) => i >= 1130 && i <= 1140)).toBe(false);
  });
  it('is causal: later points never change the score of earlier ones', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 200 }),
        fc.integer({ min: 0, max: 7 }),
        (tail, seed) => {
          const head = seasonal(600, seed + 1);
          const a = runAll(head);
          const b = runAll([...head, ...tail]).slice(0, head.length);
          expect(b).toEqual(a);
        },
      ),
      { numRuns: 20 },
    );
  });

  it('skips non-finite values without disturbing the state', () => {
    const v = seasonal(1000, 3);
    const d1 = new StreamingDetector();
    const d2 = new StreamingDetector();
    const out1 = v.map((x, i) => d1.update(T0 + i * STEP, x));
    const out2: { score: number }[] = [];
    v.forEach((x, i) => {
      if (i === 500)
        expect(d2.update(T0 + i * STEP - 1, Number.NaN)).toMatchObject({ score: 0, alert: false });
      out2.push(d2.update(T0 + i * STEP, x));
    });
    expect(out2.map((o) => o.score)).toEqual(out1.map((o) => o.score));
  });
});

describe('normalTail', () => {
  it('matches tabulated standard normal tail probabilities', () => {
    expect(normalTail(0)).toBeCloseTo(0.5, 7);
    expect(normalTail(1.959964)).toBeCloseTo(0.025, 6);
    expect(normalTail(-1.959964)).toBeCloseTo(0.975, 6);
    expect(normalTail(5) / 2.866516e-7).toBeCloseTo(1, 5);
  });
});

describe('RollingStats', () => {
  it('mean and deviation of the last values only', () => {
    const r = new RollingStats(4);
    for (const x of [100, 100, 1, 2, 3, 4]) r.push(x);
    expect(r.size).toBe(4);
    expect(r.mean).toBeCloseTo(2.5, 12);
    expect(r.std).toBeCloseTo(Math.sqrt(1.25), 12);
  });
});
