import { describe, expect, it } from 'vitest';
import { halfRuleFopdt, halfRuleSopdt } from './half-rule.js';
import {
  amigo,
  cohenCoon,
  imcPid,
  lambdaPi,
  simcIntegrating,
  simcPi,
  simcPidSopdt,
  zieglerNicholsStep,
  zieglerNicholsUltimate,
} from './rules.js';
import { tune } from './tune.js';

const p = { gain: 2, tau: 10, deadTime: 1 };

describe('tuning rules (hand-evaluated formulas)', () => {
  it('SIMC PI: Kc = τ/(K(τc+θ)), Ti = min(τ, 4(τc+θ))', () => {
    const t = simcPi(p);
    expect(t.kc).toBeCloseTo(10 / (2 * 2), 12);
    expect(t.ti).toBe(8);
    expect(simcPi(p, 2).ti).toBe(10);
  });
  it('SIMC PID on SOPDT converts series to ideal', () => {
    const t = simcPidSopdt({ gain: 1, tau1: 2, tau2: 1.2, deadTime: 0.77 });
    expect(t.series?.kc).toBeCloseTo(2 / 1.54, 12);
    expect(t.kc).toBeCloseTo((2 / 1.54) * 1.6, 12);
    expect(t.ti).toBeCloseTo(3.2, 12);
    expect(t.td).toBeCloseTo(0.75, 12);
  });
  it('SIMC for integrating processes', () => {
    const t = simcIntegrating({ gain: 0.1, deadTime: 2 });
    expect(t.kc).toBeCloseTo(2.5, 12);
    expect(t.ti).toBe(16);
  });
  it('Ziegler–Nichols step and ultimate', () => {
    const zn = zieglerNicholsStep(p, 'PID');
    expect([zn.kc, zn.ti, zn.td].map((v) => +v.toFixed(12))).toEqual([6, 2, 0.5]);
    expect(zieglerNicholsStep(p, 'P').ti).toBe(Number.POSITIVE_INFINITY);
    const u = zieglerNicholsUltimate({ ku: 8, pu: 4 }, 'PI');
    expect(u.kc).toBeCloseTo(3.6, 12);
    expect(u.ti).toBeCloseTo(4 / 1.2, 12);
  });
  it('Cohen–Coon, lambda, IMC and AMIGO', () => {
    expect(cohenCoon({ gain: 1, tau: 1, deadTime: 1 }, 'P').kc).toBeCloseTo(4 / 3, 12);
    expect(lambdaPi(p).kc).toBeCloseTo(10 / (2 * 11), 12);
    const imc = imcPid({ gain: 1, tau: 1, deadTime: 1 });
    expect([imc.kc, imc.ti]).toEqual([1, 1.5]);
    const am = amigo({ gain: 1, tau: 1, deadTime: 1 }, 'PI');
    expect(am.kc).toBeCloseTo(0.25, 12);
    expect(am.ti).toBeCloseTo(1, 12);
    expect(amigo(p, 'PID').kc).toBeCloseTo((0.2 + 4.5) / 2, 12);
  });
  it('rejects processes the rule cannot tune, naming the field', () => {
    expect(() => zieglerNicholsStep({ gain: 1, tau: 1, deadTime: 0 })).toThrow(/dead time/);
    expect(() => simcPi({ gain: 0, tau: 1, deadTime: 1 })).toThrow(/gain/);
    expect(() => simcPi({ gain: 1, tau: -1, deadTime: 1 })).toThrow(/tau/);
    expect(() => tune({ type: 'fopdt', gain: 1, tau: 1, deadTime: 1 }, 'simc', { type: 'PID' })).toThrow(
      /sopdt/,
    );
  });
  it('half rule reproduces Skogestad’s example E1 reductions', () => {
    const e1 = { gain: 1, timeConstants: [2, 1, 0.4, 0.12, 0.05, 0.05, 0.05], rhpZeros: [0.3] };
    const f = halfRuleFopdt(e1);
    expect(f.tau).toBeCloseTo(2.5, 12);
    expect(f.deadTime).toBeCloseTo(1.47, 12);
    const s = halfRuleSopdt(e1);
    expect(s.tau2).toBeCloseTo(1.2, 12);
    expect(s.deadTime).toBeCloseTo(0.77, 12);
  });
  it('dispatches by rule name', () => {
    const spec = { type: 'fopdt', gain: 1, tau: 1, deadTime: 1 } as const;
    expect(tune(spec, 'zn-ultimate', { type: 'P' }).kc).toBeCloseTo(2.261826334 / 2, 8);
    expect(tune(spec, 'imc', { type: 'PI' }).ti).toBe(1);
  });
});
