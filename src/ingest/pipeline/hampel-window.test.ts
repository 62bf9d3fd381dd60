import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HampelWindow } from './hampel-window.js';

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

describe('HampelWindow', () => {
  it('keeps median and MAD equal to a brute-force recomputation', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 1, maxLength: 80 }),
        (size, values) => {
          const w = new HampelWindow(size);
          for (let i = 0; i < values.length; i++) {
            w.push(values[i]!);
            const win = values.slice(Math.max(0, i + 1 - size), i + 1);
            const med = median(win);
            expect(w.median()).toBe(med);
            expect(w.mad(med)).toBe(median(win.map((x) => Math.abs(x - med))));
          }
        },
      ),
    );
  });

  it('flags a spike and not ordinary noise', () => {
    const w = new HampelWindow(21);
    for (let i = 0; i < 21; i++) w.push(20 + Math.sin(i));
    expect(w.isOutlier(20.5, 3.5, 10)).toBe(false);
    expect(w.isOutlier(80, 3.5, 10)).toBe(true);
  });

  it('does not flag before the window has enough points', () => {
    const w = new HampelWindow(21);
    w.push(1);
    w.push(1);
    expect(w.isOutlier(1000, 3.5, 10)).toBe(false);
  });
});
