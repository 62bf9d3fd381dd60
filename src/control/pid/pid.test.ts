import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DiscreteFopdt } from '../plants/discrete-fopdt.js';
import { idealToParallel, parallelToIdeal, seriesToIdeal } from './forms.js';
import { Pid } from './pid.js';

/** Closed loop of a PID on the exactly discretised 2·e^(−2s)/(10s+1), Ts = 1. */
function run(pid: Pid, steps: number, sp = 1.8, onStep?: (k: number) => void) {
  const plant = new DiscreteFopdt(2, 10, 2, 1);
  const y = [0];
  const u: number[] = [];
  for (let k = 0; k < steps; k++) {
    onStep?.(k);
    u.push(pid.update(sp, y[k]!));
    y.push(plant.step(u[k]!));
  }
  return { y, u };
}

describe('Pid', () => {
  it('is the textbook positional PI without limits', () => {
    const pid = new Pid({ sampleTime: 0.5, kp: 2, ki: 0.4 });
    // e = 1 → P = 2, I = 0.4·0.5·1 = 0.2
    expect(pid.update(1, 0)).toBeCloseTo(2.2, 12);
    expect(pid.update(1, 0.5)).toBeCloseTo(1 + 0.2 + 0.1, 12);
  });

  it('takes the derivative on the measurement: no kick on a setpoint step', () => {
    const pid = new Pid({ sampleTime: 1, kp: 1, kd: 5, n: Number.POSITIVE_INFINITY });
    pid.update(0, 0);
    expect(pid.update(1, 0)).toBe(1);
    // PV rises by 0.1 → D = −5·0.1/1
    expect(pid.update(1, 0.1)).toBeCloseTo(0.9 - 0.5, 12);
  });

  it('filters the derivative with Tf = Td/N (backward Euler)', () => {
    const pid = new Pid({ sampleTime: 0.1, kp: 1, kd: 2, n: 10 }); // Td = 2, Tf = 0.2
    pid.update(0, 0);
    const u = pid.update(0, 1); // dw = −1 → f = −1/(0.2 + 0.1)
    expect(u).toBeCloseTo(-1 + 2 * (-1 / 0.3), 12);
  });

  it('weights the setpoint in P with b', () => {
    const pid = new Pid({ sampleTime: 1, kp: 2, b: 0.25 });
    expect(pid.update(4, 1)).toBeCloseTo(2 * (0.25 * 4 - 1), 12);
  });

  it('limits the output and its rate', () => {
    const pid = new Pid({ sampleTime: 0.5, kp: 10, outMin: -1, outMax: 3, rateLimit: 2 });
    expect(pid.update(1, 0)).toBe(1); // 10 wanted, +2/s · 0.5 s allowed
    expect(pid.update(1, 0)).toBe(2);
    expect(pid.update(1, 0)).toBe(3);
    expect(pid.state().saturated).toBe('high');
  });

  it('reverses its sign for direct action', () => {
    const a = new Pid({ sampleTime: 1, kp: 2, ki: 1 });
    const b = new Pid({ sampleTime: 1, kp: 2, ki: 1, action: 'direct' });
    expect(b.update(1, 3)).toBeCloseTo(-a.update(1, 3), 12);
  });

  it('adds feed-forward to the output', () => {
    const pid = new Pid({ sampleTime: 1, kp: 1 });
    expect(pid.update(1, 0, 0.5)).toBe(1.5);
  });

  it('winds up without anti-windup and not with clamping, conditional or back-calculation', () => {
    const overshoot = (antiWindup: 'none' | 'clamp' | 'conditional' | 'back-calculation') => {
      const { y } = run(
        new Pid({ sampleTime: 1, kp: 1.25, ki: 0.125, outMin: 0, outMax: 1, antiWindup }),
        200,
      );
      return (100 * (Math.max(...y) - 1.8)) / 1.8;
    };
    const none = overshoot('none');
    expect(none).toBeGreaterThan(10);
    for (const m of ['clamp', 'conditional', 'back-calculation'] as const)
      expect(overshoot(m)).toBeLessThan(none / 2);
  });

  it('switches manual → auto without a bump when bumpless', () => {
    const pid = new Pid({
      sampleTime: 1,
      kp: 1.25,
      ki: 0.125,
      outMin: 0,
      outMax: 1,
      mode: 'manual',
      initialOutput: 0.9,
    });
    const { u } = run(pid, 80, 1.8, (k) => {
      if (k === 60) pid.setMode('auto');
    });
    expect(Math.abs(u[60]! - 0.9)).toBeLessThan(0.01);
    expect(pid.mode).toBe('auto');
  });

  it('changes tuning on the fly without a bump', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 2, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (kp, ki, b) => {
          const pid = new Pid({ sampleTime: 1, kp: 1, ki: 0.1, kd: 0.5 });
          pid.update(1, 0.2);
          const before = pid.update(1, 0.3);
          pid.setTuning({ kp, ki, b });
          // The terms after the change add up to the output before it: no bump.
          const s = pid.state();
          return Math.abs(s.p + s.i + s.d - before) < 1e-9 * (1 + kp);
        },
      ),
    );
  });

  it('rejects bad settings naming the field', () => {
    expect(() => new Pid({ sampleTime: 0, kp: 1 })).toThrow(/sampleTime/);
    expect(() => new Pid({ sampleTime: 1, kp: Number.NaN })).toThrow(/kp/);
    expect(() => new Pid({ sampleTime: 1, kp: 1, outMin: 2, outMax: 1 })).toThrow(/outMin/);
    expect(() => new Pid({ sampleTime: 1, kp: 1 }).update(Number.NaN, 0)).toThrow(/setpoint/);
    expect(() => new Pid({ sampleTime: 1, kp: 1 }).setManualOutput(1)).toThrow(/manual/);
  });
});

describe('PID forms', () => {
  it('converts ideal ↔ parallel and series → ideal', () => {
    expect(idealToParallel({ kc: 2, ti: 4, td: 0.5 })).toEqual({ kp: 2, ki: 0.5, kd: 1 });
    expect(parallelToIdeal({ kp: 2, ki: 0.5, kd: 1 })).toEqual({ kc: 2, ti: 4, td: 0.5 });
    const s = seriesToIdeal({ kc: 1.2987012987, ti: 2, td: 1.2 });
    expect(s.kc).toBeCloseTo(2.077922078, 8);
    expect(s.ti).toBeCloseTo(3.2, 12);
    expect(s.td).toBeCloseTo(0.75, 12);
  });
});
