import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DiscreteFopdt } from '../plants/discrete-fopdt.js';
import { fitFopdt, fitIntegrating, twoPointFopdt } from './identify.js';

function stepTest(k: number, tau: number, theta: number, noise = 0) {
  const plant = new DiscreteFopdt(k, tau, theta, 0.5);
  let seed = 7;
  const rnd = () => {
    seed = (seed * 16807) % 2147483647;
    return seed / 2147483647 - 0.5;
  };
  const t: number[] = [];
  const u: number[] = [];
  const y: number[] = [];
  for (let i = 0; i < 240; i++) {
    t.push(i * 0.5);
    const ui = i >= 10 ? 40 : 30;
    u.push(ui);
    y.push(50 + plant.y + noise * rnd());
    plant.step(ui - 30);
  }
  return { t, u, y };
}

describe('FOPDT identification', () => {
  it('recovers K, τ, θ exactly from noise-free data, including a fractional dead time', () => {
    const f = fitFopdt(stepTest(1.7, 8, 2.3));
    expect(f.gain).toBeCloseTo(1.7, 5);
    expect(f.tau).toBeCloseTo(8, 4);
    expect(f.deadTime).toBeCloseTo(2.3, 4);
    expect(f.fitRmse).toBeLessThan(1e-5);
  });
  it('stays close with noise and reports the RMSE at the noise level', () => {
    const f = fitFopdt(stepTest(1.7, 8, 2.3, 0.2));
    expect(Math.abs(f.gain - 1.7)).toBeLessThan(0.02);
    expect(Math.abs(f.tau - 8)).toBeLessThan(0.3);
    expect(Math.abs(f.deadTime - 2.3)).toBeLessThan(0.2);
    expect(f.fitRmse).toBeGreaterThan(0.04);
    expect(f.fitRmse).toBeLessThan(0.07);
  });
  it('two-point methods land near the truth', () => {
    const d = stepTest(2, 10, 3);
    for (const m of ['smith', 'sundaresan-krishnaswamy'] as const) {
      const f = twoPointFopdt(d, m);
      expect(Math.abs(f.tau - 10) / 10).toBeLessThan(0.05);
      expect(Math.abs(f.deadTime - 3)).toBeLessThan(0.3);
    }
  });
  it('fits integrating processes', () => {
    const d = stepTest(1, 1, 0);
    const y = d.t.map((t) => 5 + 0.3 * 10 * Math.max(0, t - 5 - 2.2));
    const f = fitIntegrating({ ...d, y });
    expect(f.gain).toBeCloseTo(0.3, 6);
    expect(f.deadTime).toBeCloseTo(2.2, 4);
  });
  it('rejects malformed data naming the row', () => {
    const d = stepTest(1, 2, 1);
    expect(() => fitFopdt({ ...d, y: d.y.slice(1) })).toThrow(/same length/);
    const t = [...d.t];
    t[5] = t[4]!;
    expect(() => fitFopdt({ ...d, t })).toThrow(/row 6/);
    expect(() => fitFopdt({ ...d, u: d.u.map(() => 1) })).toThrow(/never changes/);
    fc.assert(
      fc.property(fc.array(fc.double(), { minLength: 0, maxLength: 8 }), (y) => {
        try {
          fitFopdt({ t: y.map((_, i) => i), u: y.map((_, i) => (i > 1 ? 1 : 0)), y });
          return true;
        } catch (e) {
          return (
            e instanceof Error &&
            /BAD_INPUT|row|samples|never|reach|number/.test(`${(e as { code?: string }).code} ${e.message}`)
          );
        }
      }),
    );
  });
});
