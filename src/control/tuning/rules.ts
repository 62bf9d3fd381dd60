/**
 * PID tuning rules for first-order-plus-dead-time (FOPDT) K·e^(−θs)/(τs+1), second-order (SOPDT) and
 * integrating k'·e^(−θs)/s processes. Every result is in the ideal (ISA) form
 * u = Kc·(e + (1/Ti)∫e dt + Td·de/dt); rules published in series form are converted (and the series
 * settings are returned too). Ti = Infinity means no integral action.
 *
 * Sources (formulas as in the papers; see docs/control.md):
 * - SIMC: S. Skogestad, "Simple analytic rules for model reduction and PID controller tuning",
 *   J. Process Control 13 (2003) 291–309.
 * - Lambda / IMC-PI: Kc = τ/(K(λ+θ)), Ti = τ (Dahlin 1968; Chien & Fruehauf 1990 for integrating processes).
 * - IMC-PID: D.E. Rivera, M. Morari, S. Skogestad, "Internal model control. 4. PID controller design",
 *   Ind. Eng. Chem. Process Des. Dev. 25 (1986) 252–265 (first-order Padé for the delay).
 * - AMIGO: K.J. Åström, T. Hägglund, "Revisiting the Ziegler–Nichols step response method for PID
 *   control", J. Process Control 14 (2004) 635–650; Advanced PID Control (ISA 2006).
 * - Ziegler–Nichols: J.G. Ziegler, N.B. Nichols, "Optimum settings for automatic controllers",
 *   Trans. ASME 64 (1942) 759–768.
 * - Cohen–Coon: G.H. Cohen, G.A. Coon, "Theoretical consideration of retarded control",
 *   Trans. ASME 75 (1953) 827–834.
 */
import { XinzhiError } from '../../core/index.js';
import { seriesToIdeal } from '../pid/forms.js';

export type ControllerType = 'P' | 'PI' | 'PID';

export interface Fopdt {
  readonly gain: number;
  readonly tau: number;
  readonly deadTime: number;
}
export interface Sopdt {
  readonly gain: number;
  readonly tau1: number;
  readonly tau2: number;
  readonly deadTime: number;
}
export interface Integrating {
  /** k': PV slope per unit input. */
  readonly gain: number;
  readonly deadTime: number;
}

export interface Tuning {
  readonly rule: string;
  readonly type: ControllerType;
  /** Ideal-form gain Kc. */
  readonly kc: number;
  /** Ideal-form integral time (s); Infinity for none. */
  readonly ti: number;
  /** Ideal-form derivative time (s). */
  readonly td: number;
  readonly form: 'ideal';
  /** The rule's own series-form settings when it is published in series form. */
  readonly series?: { readonly kc: number; readonly ti: number; readonly td: number };
  /** Closed-loop time constant / λ used, when the rule has one. */
  readonly tauC?: number;
}

const INF = Number.POSITIVE_INFINITY;

function checkFopdt(p: Fopdt, needDelay: boolean): void {
  if (!Number.isFinite(p.gain) || p.gain === 0)
    throw new XinzhiError('BAD_INPUT', 'gain must be finite and ≠ 0', { field: 'gain' });
  if (!(p.tau > 0) || !Number.isFinite(p.tau))
    throw new XinzhiError('BAD_INPUT', 'tau must be > 0', { field: 'tau' });
  if (needDelay ? !(p.deadTime > 0) : !(p.deadTime >= 0))
    throw new XinzhiError('BAD_INPUT', `dead time must be ${needDelay ? '> 0 for this rule' : '≥ 0'}`, {
      field: 'deadTime',
    });
}
function checkTauC(tauC: number, p: { deadTime: number }): void {
  if (!(tauC >= 0) || !Number.isFinite(tauC))
    throw new XinzhiError('BAD_INPUT', 'tauC must be ≥ 0', { field: 'tauC' });
  if (tauC + p.deadTime <= 0)
    throw new XinzhiError('BAD_INPUT', 'tauC must be > 0 when the dead time is 0', { field: 'tauC' });
}

/** SIMC PI for FOPDT: Kc = τ/(K(τc+θ)), Ti = min(τ, 4(τc+θ)); default τc = θ ("tight but robust"). */
export function simcPi(p: Fopdt, tauC = p.deadTime): Tuning {
  checkFopdt(p, false);
  checkTauC(tauC, p);
  const kc = p.tau / (p.gain * (tauC + p.deadTime));
  return {
    rule: 'simc',
    type: 'PI',
    kc,
    ti: Math.min(p.tau, 4 * (tauC + p.deadTime)),
    td: 0,
    form: 'ideal',
    tauC,
  };
}

/** SIMC PID for SOPDT (τ1 ≥ τ2) in series form Kc = τ1/(k(τc+θ)), Ti = min(τ1, 4(τc+θ)), Td = τ2, then ideal. */
export function simcPidSopdt(p: Sopdt, tauC = p.deadTime): Tuning {
  checkFopdt({ gain: p.gain, tau: p.tau1, deadTime: p.deadTime }, false);
  if (!(p.tau2 > 0)) throw new XinzhiError('BAD_INPUT', 'tau2 must be > 0', { field: 'tau2' });
  checkTauC(tauC, p);
  const t1 = Math.max(p.tau1, p.tau2);
  const t2 = Math.min(p.tau1, p.tau2);
  const series = {
    kc: t1 / (p.gain * (tauC + p.deadTime)),
    ti: Math.min(t1, 4 * (tauC + p.deadTime)),
    td: t2,
  };
  const ideal = seriesToIdeal(series);
  return { rule: 'simc', type: 'PID', ...ideal, form: 'ideal', series, tauC };
}

/** SIMC PI for an integrating process: Kc = 1/(k'(τc+θ)), Ti = 4(τc+θ). */
export function simcIntegrating(p: Integrating, tauC = p.deadTime): Tuning {
  checkIntegrating(p);
  checkTauC(tauC, p);
  const s = tauC + p.deadTime;
  return { rule: 'simc', type: 'PI', kc: 1 / (p.gain * s), ti: 4 * s, td: 0, form: 'ideal', tauC };
}

/** Lambda (IMC-PI): Kc = τ/(K(λ+θ)), Ti = τ; default λ = τ (closed loop as fast as open loop). */
export function lambdaPi(p: Fopdt, lambda = p.tau): Tuning {
  checkFopdt(p, false);
  checkTauC(lambda, p);
  return {
    rule: 'lambda',
    type: 'PI',
    kc: p.tau / (p.gain * (lambda + p.deadTime)),
    ti: p.tau,
    td: 0,
    form: 'ideal',
    tauC: lambda,
  };
}

/** Lambda for integrating processes (Chien & Fruehauf 1990): Kc = (2λ+θ)/(k'(λ+θ)²), Ti = 2λ+θ. */
export function lambdaIntegrating(p: Integrating, lambda: number): Tuning {
  checkIntegrating(p);
  checkTauC(lambda, p);
  const s = lambda + p.deadTime;
  return {
    rule: 'lambda',
    type: 'PI',
    kc: (2 * lambda + p.deadTime) / (p.gain * s * s),
    ti: 2 * lambda + p.deadTime,
    td: 0,
    form: 'ideal',
    tauC: lambda,
  };
}

/** IMC-PID (Rivera et al. 1986): Kc = (2τ+θ)/(K(2λ+θ)), Ti = τ+θ/2, Td = τθ/(2τ+θ); default λ = θ. */
export function imcPid(p: Fopdt, lambda = p.deadTime): Tuning {
  checkFopdt(p, false);
  checkTauC(lambda, p);
  const { gain: k, tau, deadTime: th } = p;
  return {
    rule: 'imc',
    type: 'PID',
    kc: (2 * tau + th) / (k * (2 * lambda + th)),
    ti: tau + th / 2,
    td: (tau * th) / (2 * tau + th),
    form: 'ideal',
    tauC: lambda,
  };
}

/** AMIGO PI or PID (Åström & Hägglund 2004). */
export function amigo(p: Fopdt, type: 'PI' | 'PID' = 'PI'): Tuning {
  checkFopdt(p, true);
  const { gain: k, tau: T, deadTime: L } = p;
  if (type === 'PI') {
    const kc = (0.15 + (0.35 - (L * T) / (L + T) ** 2) * (T / L)) / k;
    const ti = 0.35 * L + (13 * L * T * T) / (T * T + 12 * L * T + 7 * L * L);
    return { rule: 'amigo', type, kc, ti, td: 0, form: 'ideal' };
  }
  return {
    rule: 'amigo',
    type,
    kc: (0.2 + (0.45 * T) / L) / k,
    ti: (L * (0.4 * L + 0.8 * T)) / (L + 0.1 * T),
    td: (0.5 * L * T) / (0.3 * L + T),
    form: 'ideal',
  };
}

/** Ziegler–Nichols step-response (open-loop) rule with a = Kθ/τ. */
export function zieglerNicholsStep(p: Fopdt, type: ControllerType = 'PID'): Tuning {
  checkFopdt(p, true);
  const a = (p.gain * p.deadTime) / p.tau;
  const L = p.deadTime;
  const r = { rule: 'zn', type, form: 'ideal' as const };
  if (type === 'P') return { ...r, kc: 1 / a, ti: INF, td: 0 };
  if (type === 'PI') return { ...r, kc: 0.9 / a, ti: 3 * L, td: 0 };
  return { ...r, kc: 1.2 / a, ti: 2 * L, td: L / 2 };
}

/** Ziegler–Nichols ultimate-sensitivity (closed-loop) rule from Ku and Pu. */
export function zieglerNicholsUltimate(u: { ku: number; pu: number }, type: ControllerType = 'PID'): Tuning {
  if (!(u.ku > 0) || !Number.isFinite(u.ku))
    throw new XinzhiError('BAD_INPUT', 'ku must be > 0', { field: 'ku' });
  if (!(u.pu > 0) || !Number.isFinite(u.pu))
    throw new XinzhiError('BAD_INPUT', 'pu must be > 0', { field: 'pu' });
  const r = { rule: 'zn-ultimate', type, form: 'ideal' as const };
  if (type === 'P') return { ...r, kc: 0.5 * u.ku, ti: INF, td: 0 };
  if (type === 'PI') return { ...r, kc: 0.45 * u.ku, ti: u.pu / 1.2, td: 0 };
  return { ...r, kc: 0.6 * u.ku, ti: u.pu / 2, td: u.pu / 8 };
}

/** Cohen–Coon (1953) with r = θ/τ. */
export function cohenCoon(p: Fopdt, type: ControllerType = 'PID'): Tuning {
  checkFopdt(p, true);
  const { gain: k, tau, deadTime: th } = p;
  const r = th / tau;
  const base = tau / (k * th);
  const out = { rule: 'cc', type, form: 'ideal' as const };
  if (type === 'P') return { ...out, kc: base * (1 + r / 3), ti: INF, td: 0 };
  if (type === 'PI')
    return { ...out, kc: base * (0.9 + r / 12), ti: (th * (30 + 3 * r)) / (9 + 20 * r), td: 0 };
  return {
    ...out,
    kc: base * (4 / 3 + r / 4),
    ti: (th * (32 + 6 * r)) / (13 + 8 * r),
    td: (4 * th) / (11 + 2 * r),
  };
}

function checkIntegrating(p: Integrating): void {
  if (!Number.isFinite(p.gain) || p.gain === 0)
    throw new XinzhiError('BAD_INPUT', 'gain must be finite and ≠ 0', { field: 'gain' });
  if (!(p.deadTime >= 0) || !Number.isFinite(p.deadTime))
    throw new XinzhiError('BAD_INPUT', 'dead time must be ≥ 0', { field: 'deadTime' });
}
