import { describe, expect, it } from 'vitest';
import { simulateClosedLoop, simulateStep } from './closed-loop.js';
import { DiscreteFopdt } from './discrete-fopdt.js';
import { linearPlant } from './linear-plant.js';

describe('plants', () => {
  it('FOPDT step response is exact: K(1 − e^(−(t−θ)/τ)) after the dead time', () => {
    const { t, y } = simulateStep(linearPlant({ type: 'fopdt', gain: 2, tau: 3, deadTime: 1.5 }), {
      duration: 12,
    });
    for (let i = 0; i < t.length; i += 97) {
      const want = t[i]! < 1.5 ? 0 : 2 * (1 - Math.exp(-(t[i]! - 1.5) / 3));
      expect(Math.abs(y[i]! - want)).toBeLessThan(1e-10);
    }
  });
  it('transfer functions and SOPDT agree', () => {
    const a = simulateStep(linearPlant({ type: 'sopdt', gain: 1, tau1: 2, tau2: 0.5, deadTime: 0 }), {
      duration: 10,
      dt: 0.001,
    });
    const b = simulateStep(linearPlant({ type: 'tf', num: [1], den: [1, 2.5, 1] }), {
      duration: 10,
      dt: 0.001,
    });
    expect(Math.abs(a.y[a.y.length - 1]! - b.y[b.y.length - 1]!)).toBeLessThan(1e-10);
  });
  it('the exact discrete FOPDT with a fractional delay matches the continuous step response', () => {
    const d = new DiscreteFopdt(1, 4, 1.3, 0.5);
    let y = 0;
    for (let k = 0; k < 20; k++) y = d.step(1);
    const t = 10;
    expect(y).toBeCloseTo(1 - Math.exp(-(t - 1.3) / 4), 12);
  });
  it('closed loop: SIMC with τc = θ gives IE = τI/(K·Kc) and load IE = −τI/Kc', () => {
    const r = simulateClosedLoop({
      plant: linearPlant({ type: 'fopdt', gain: 1, tau: 1, deadTime: 1 }),
      controller: { kind: 'continuous', kc: 0.5, ti: 1 },
      loadStep: { at: 40, size: 1 },
      duration: 80,
    });
    expect(r.setpoint?.ie).toBeCloseTo(2, 4);
    expect(r.load?.ie).toBeCloseTo(-2, 4);
    expect(r.setpoint?.overshoot).toBeCloseTo(4.052, 2);
  });
  it('a discrete PID with a short sample time approaches the continuous loop', () => {
    const plant = linearPlant({ type: 'fopdt', gain: 1, tau: 1, deadTime: 1 });
    const c = simulateClosedLoop({ plant, controller: { kind: 'continuous', kc: 0.5, ti: 1 }, duration: 40 });
    const d = simulateClosedLoop({
      plant,
      controller: { kind: 'discrete', pid: { sampleTime: 0.01, kp: 0.5, ki: 0.5 } },
      duration: 40,
    });
    expect(Math.abs(d.setpoint!.iae - c.setpoint!.iae) / c.setpoint!.iae).toBeLessThan(0.01);
  });
  it('rejects bad process specs by field', () => {
    expect(() => linearPlant({ type: 'fopdt', gain: 1, tau: 0, deadTime: 1 })).toThrow(/tau/);
    expect(() => linearPlant({ type: 'tf', num: [1, 0], den: [1, 1] })).toThrow(/proper/);
    expect(() => linearPlant({ type: 'sopdt', gain: 1, tau1: 1, tau2: 1, deadTime: -1 })).toThrow(/deadTime/);
  });
});
