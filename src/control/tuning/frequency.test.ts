import { describe, expect, it } from 'vitest';
import { linearPlant } from '../plants/linear-plant.js';
import { loopMargins, ultimatePoint } from './frequency.js';
import { relayExperiment, relayLimitCycleFopdt } from './relay.js';

describe('ultimate point and margins', () => {
  it('finds Ku = 8, Pu = 2π/√3 for 1/(s+1)^3 and Ku = 4, Pu = 2π for 1/(s+1)^4', () => {
    const a = ultimatePoint({ type: 'tf', num: [1], den: [1, 3, 3, 1] });
    expect(a.ku).toBeCloseTo(8, 9);
    expect(a.pu).toBeCloseTo((2 * Math.PI) / Math.sqrt(3), 9);
    const b = ultimatePoint({ type: 'tf', num: [1], den: [1, 4, 6, 4, 1] });
    expect(b.ku).toBeCloseTo(4, 9);
    expect(b.pu).toBeCloseTo(2 * Math.PI, 9);
  });
  it('solves atan(ωτ) + ωθ = π for FOPDT', () => {
    const u = ultimatePoint({ type: 'fopdt', gain: 1, tau: 1, deadTime: 1 });
    expect(Math.atan(u.omegaU) + u.omegaU).toBeCloseTo(Math.PI, 12);
    expect(u.ku).toBeCloseTo(Math.hypot(1, u.omegaU), 12);
  });
  it('gives GM = π and PM = 90° − 1 rad… for SIMC τc = θ (L = e^(−θs)/(2θs))', () => {
    const m = loopMargins({ type: 'fopdt', gain: 3, tau: 5, deadTime: 1 }, { kc: 5 / 6, ti: 5 });
    expect(m.gainMargin).toBeCloseTo(Math.PI, 9);
    expect(m.phaseMarginDeg).toBeCloseTo(((Math.PI / 2 - 0.5) * 180) / Math.PI, 9);
  });
});

describe('relay experiment', () => {
  it('reproduces the exact FOPDT limit cycle', () => {
    const p = { gain: 1, tau: 1, deadTime: 0.5 };
    const r = relayExperiment(linearPlant({ type: 'fopdt', ...p }), { amplitude: 2 });
    const exact = relayLimitCycleFopdt(p, 2);
    expect(r.amplitude).toBeCloseTo(exact.amplitude, 9);
    expect(r.period).toBeCloseTo(exact.period, 9);
    expect(r.ku).toBeCloseTo((4 * 2) / (Math.PI * exact.amplitude), 8);
  });
  it('uses the hysteresis in Ku = 4d/(π√(a² − ε²))', () => {
    const r = relayExperiment(linearPlant({ type: 'fopdt', gain: 1, tau: 1, deadTime: 0.5 }), {
      hysteresis: 0.05,
    });
    expect(r.ku).toBeCloseTo(4 / (Math.PI * Math.sqrt(r.amplitude ** 2 - 0.0025)), 12);
    expect(r.amplitude).toBeGreaterThan(relayLimitCycleFopdt({ gain: 1, tau: 1, deadTime: 0.5 }).amplitude);
  });
  it('fails clearly when the loop does not oscillate', () => {
    expect(() =>
      relayExperiment(linearPlant({ type: 'fopdt', gain: -1, tau: 1, deadTime: 0.5 }), { maxTime: 20 }),
    ).toThrow(/oscillation/);
  });
});
