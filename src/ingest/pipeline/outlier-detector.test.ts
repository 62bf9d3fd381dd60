import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/index.js';
import { HampelWindow } from './hampel-window.js';
import { OutlierDetector } from './outlier-detector.js';

/** Indices flagged by the default detector (9-point prediction, 64 errors, 3.5σ, 20 errors). */
const flagged = (xs: readonly number[]): number[] => {
  const d = new OutlierDetector(9, 64, 3.5, 20);
  const out: number[] = [];
  xs.forEach((v, i) => {
    const a = d.assess(v);
    d.push(v, a);
    if (a.outlier) out.push(i);
  });
  return out;
};

/** The previous test: past-only Hampel window of 21, 3.5 × 1.4826 × MAD. */
const hampelFlagged = (xs: readonly number[]): number[] => {
  const w = new HampelWindow(21);
  const out: number[] = [];
  xs.forEach((v, i) => {
    if (w.isOutlier(v, 3.5, 10)) out.push(i);
    w.push(v);
  });
  return out;
};

/** A seeded generator, so the rates below are reproducible. */
const rng = (seed: number): (() => number) => createRng(seed).next;
const gauss = (r: () => number): number =>
  Math.sqrt(-2 * Math.log(r() + 1e-12)) * Math.cos(2 * Math.PI * r());
const range = (n: number, f: (i: number) => number): number[] => Array.from({ length: n }, (_, i) => f(i));

describe('OutlierDetector', () => {
  it('does not flag smooth curves, trends or quantised data (the Hampel window did)', () => {
    const sine = range(200, (i) => 20 + 5 * Math.sin((2 * Math.PI * i) / 200));
    const fastSine = range(200, (i) => 20 + 5 * Math.sin((2 * Math.PI * i) / 50));
    const ramp = range(200, (i) => 3 + 0.5 * i);
    const integers = range(200, (i) => Math.round(20 + 3 * Math.sin(i / 15)));
    const r = rng(3);
    const noisyIntegers = range(500, () => Math.round(50 + 0.6 * gauss(r)));
    expect(hampelFlagged(sine).length).toBeGreaterThan(10);
    expect(hampelFlagged(fastSine).length).toBeGreaterThan(10);
    expect(hampelFlagged(noisyIntegers).length).toBeGreaterThan(100);
    for (const xs of [sine, fastSine, ramp, integers, noisyIntegers]) expect(flagged(xs)).toEqual([]);
  });

  it('flags the first point of a persistent level shift only, then follows the new level', () => {
    const xs = range(200, (i) => (i < 100 ? 10 : 30) + 0.01 * Math.sin(i));
    expect(flagged(xs)).toEqual([100]);
    const down = range(200, (i) => (i < 100 ? 0.5 * i : 0.5 * i - 40));
    expect(flagged(down)).toEqual([100]);
  });

  it('flags isolated spikes on noisy trending signals: recall ≥ 98 %, false positives ≤ 0.5 %', () => {
    let hit = 0;
    let missed = 0;
    let falseAlarms = 0;
    let normal = 0;
    for (let seed = 0; seed < 40; seed++) {
      const r = rng(100 + seed);
      const spikes = new Set<number>();
      const xs = range(400, (i) => {
        let v = 20 + 3 * Math.sin(i / 30) + 0.02 * i + 0.3 * gauss(r);
        if (i > 30 && r() < 0.02) {
          // 10–27 σ of the noise, either sign.
          v += (r() < 0.5 ? -1 : 1) * (3 + 5 * r());
          spikes.add(i);
        }
        return v;
      });
      const f = new Set(flagged(xs));
      for (let i = 0; i < xs.length; i++) {
        if (spikes.has(i)) f.has(i) ? hit++ : missed++;
        else {
          normal++;
          if (f.has(i)) falseAlarms++;
        }
      }
    }
    expect(hit / (hit + missed)).toBeGreaterThanOrEqual(0.98);
    expect(falseAlarms / normal).toBeLessThanOrEqual(0.005);
  });

  it('flags any single large spike on a random smooth noisy signal, and little else', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 }),
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.double({ min: 0.01, max: 10, noNaN: true }),
        fc.integer({ min: 40, max: 90 }),
        fc.constantFrom(-1, 1),
        (seed, level, noise, at, sign) => {
          const r = rng(seed);
          const xs = range(100, (i) => level + noise * (Math.sin(i / 20) + 0.1 * gauss(r)));
          xs[at] = xs[at]! + sign * 20 * noise;
          const f = flagged(xs);
          expect(f).toContain(at);
          // Ordinary points have a small false-alarm rate (see above), the spike does not raise it.
          expect(f.length).toBeLessThanOrEqual(5);
        },
      ),
      { numRuns: 300, seed: 42 },
    );
  });

  it('assess does not change the state (late points are only checked)', () => {
    const d = new OutlierDetector(9, 64, 3.5, 20);
    for (let i = 0; i < 30; i++) d.push(i, d.assess(i));
    const a = d.assess(500);
    expect(a.outlier).toBe(true);
    expect(d.assess(500)).toEqual(a);
    expect(d.assess(30).outlier).toBe(false);
  });

  it('accepts a change of slope after one point, and flags a unit mix-up for as long as it lasts', () => {
    const r = rng(9);
    const parked = range(200, (i) => 31.3 + (i < 100 ? 0 : 0.0014 * (i - 99)) + 2e-5 * gauss(r));
    // The onset is flagged; afterwards the slope restarted from two noisy points still lets a few
    // points through as outliers (known limitation, docs/ingest.md), none before the onset.
    const f = flagged(parked);
    expect(f[0]).toBe(100);
    expect(f.length).toBeLessThanOrEqual(8);
    const celsius = range(200, (i) => 40 + 2 * Math.sin(i / 20) + 0.1 * gauss(r));
    const sent = celsius.map((c, i) => (i >= 100 && i < 160 ? Math.round((c * 1.8 + 32) * 10) / 10 : c));
    const d = new OutlierDetector(9, 64, 3.5, 20);
    d.mixups = [(f) => (f - 32) / 1.8];
    const out = sent.flatMap((v, i) => {
      const a = d.assess(v);
      d.push(v, a);
      return a.outlier ? [i] : [];
    });
    expect(out.filter((i) => i >= 100 && i < 160)).toHaveLength(60);
    expect(out.filter((i) => i < 100 || i > 160)).toEqual([]);
  });
});
