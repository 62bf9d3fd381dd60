/**
 * Skogestad's half rule (J. Process Control 13 (2003) §2): reduce a process with time constants
 * τ1 ≥ τ2 ≥ … , dead time θ0 and inverse-response (right-half-plane) zeros T0_j to FOPDT (for PI) or
 * SOPDT (for PID): the largest neglected time constant is split half to the last kept one and half to
 * the effective delay; the other neglected time constants and every T0_j add to the delay.
 * Left-half-plane zeros must be cancelled against poles by the caller (Skogestad's T0/τ0 rules).
 */
import { XinzhiError } from '../../core/index.js';
import type { Fopdt, Sopdt } from './rules.js';

export interface HigherOrder {
  readonly gain: number;
  readonly timeConstants: readonly number[];
  readonly deadTime?: number;
  /** Time constants T0 of right-half-plane zeros (−T0·s + 1). */
  readonly rhpZeros?: readonly number[];
}

function sorted(p: HigherOrder, need: number): number[] {
  const t = [...p.timeConstants].sort((a, b) => b - a);
  if (t.some((v) => !(v > 0)))
    throw new XinzhiError('BAD_INPUT', 'time constants must be > 0', { field: 'timeConstants' });
  if (t.length < need)
    throw new XinzhiError('BAD_INPUT', `need at least ${need} time constant(s)`, { field: 'timeConstants' });
  return t;
}
const extraDelay = (p: HigherOrder): number =>
  (p.deadTime ?? 0) + (p.rhpZeros ?? []).reduce((s, v) => s + v, 0);

export function halfRuleFopdt(p: HigherOrder): Fopdt {
  const t = sorted(p, 1);
  const t2 = t[1] ?? 0;
  const rest = t.slice(2).reduce((s, v) => s + v, 0);
  return { gain: p.gain, tau: t[0]! + t2 / 2, deadTime: extraDelay(p) + t2 / 2 + rest };
}

export function halfRuleSopdt(p: HigherOrder): Sopdt {
  const t = sorted(p, 2);
  const t3 = t[2] ?? 0;
  const rest = t.slice(3).reduce((s, v) => s + v, 0);
  return { gain: p.gain, tau1: t[0]!, tau2: t[1]! + t3 / 2, deadTime: extraDelay(p) + t3 / 2 + rest };
}
