import { describe, expect, it } from 'vitest';
import { createRng } from './random.js';

describe('createRng', () => {
  it('repeats its sequence for a seed and differs across seeds and forks', () => {
    const a = createRng(42);
    const b = createRng(42);
    const xs = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(xs);
    expect(createRng(43).next()).not.toBe(xs[0]);
    expect(createRng(42).fork('a').next()).toBe(createRng(42).fork('a').next());
    expect(createRng(42).fork('a').next()).not.toBe(createRng(42).fork('b').next());
  });

  it('has the moments of its distributions', () => {
    const r = createRng(7);
    const n = 20_000;
    let u = 0;
    let z = 0;
    let z2 = 0;
    let e = 0;
    for (let i = 0; i < n; i++) {
      const x = r.next();
      if (x < 0 || x >= 1) throw new Error(`next() out of [0, 1): ${x}`);
      u += x;
      const g = r.normal(10, 2);
      z += g;
      z2 += (g - 10) ** 2;
      e += r.exp(3);
    }
    expect(u / n).toBeCloseTo(0.5, 1);
    expect(z / n).toBeCloseTo(10, 1);
    expect(Math.sqrt(z2 / n)).toBeCloseTo(2, 1);
    expect(e / n).toBeCloseTo(3, 0);
  });
});
