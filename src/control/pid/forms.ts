/**
 * PID parameter forms and conversions between them.
 *
 *   ideal (ISA):  u = Kc·( b·r − y + (1/Ti)·∫(r − y)dt + Td·d/dt(c·r − y) )
 *   parallel:     u = Kp·(b·r − y) + Ki·∫(r − y)dt + Kd·d/dt(c·r − y),  Kp = Kc, Ki = Kc/Ti, Kd = Kc·Td
 *   series:       C(s) = Kc·(Ti·s + 1)/(Ti·s)·(Td·s + 1)  (SIMC's PID; no ideal-form equivalent when Ti < 4Td
 *                 does not matter in this direction: series → ideal always exists)
 *
 * Ti = Infinity means no integral action; Td = 0 no derivative action.
 */
import { XinzhiError } from '../../core/index.js';

export type PidForm = 'ideal' | 'parallel' | 'series';

export interface IdealGains {
  /** Controller gain Kc (output units per PV unit). */
  readonly kc: number;
  /** Integral (reset) time Ti in seconds; Infinity disables integral action. */
  readonly ti: number;
  /** Derivative time Td in seconds; 0 disables derivative action. */
  readonly td: number;
}

export interface ParallelGains {
  /** Proportional gain Kp. */
  readonly kp: number;
  /** Integral gain Ki = Kc/Ti (per second). */
  readonly ki: number;
  /** Derivative gain Kd = Kc·Td (seconds). */
  readonly kd: number;
}

/** Ideal (ISA) → parallel. */
export function idealToParallel(g: IdealGains): ParallelGains {
  checkIdeal(g, 'ideal');
  return { kp: g.kc, ki: Number.isFinite(g.ti) ? g.kc / g.ti : 0, kd: g.kc * g.td };
}

/** Parallel → ideal; needs Kp ≠ 0 (a pure I or D controller has no ideal form). */
export function parallelToIdeal(g: ParallelGains): IdealGains {
  if (!Number.isFinite(g.kp) || g.kp === 0)
    throw new XinzhiError('BAD_INPUT', 'parallel → ideal needs a finite, non-zero kp', { field: 'kp' });
  return { kc: g.kp, ti: g.ki === 0 ? Number.POSITIVE_INFINITY : g.kp / g.ki, td: g.kd / g.kp };
}

/**
 * Series (interacting) → ideal: Kc' = Kc·(1 + Td/Ti), Ti' = Ti + Td, Td' = Td/(1 + Td/Ti)
 * (Skogestad 2003, eq. for converting SIMC PID settings).
 */
export function seriesToIdeal(g: IdealGains): IdealGains {
  checkIdeal(g, 'series');
  if (!Number.isFinite(g.ti)) return { kc: g.kc, ti: g.ti, td: g.td };
  const f = 1 + g.td / g.ti;
  return { kc: g.kc * f, ti: g.ti + g.td, td: g.td / f };
}

function checkIdeal(g: IdealGains, form: string): void {
  if (!Number.isFinite(g.kc))
    throw new XinzhiError('BAD_INPUT', `${form} kc must be finite`, { field: 'kc' });
  if (!(g.ti > 0))
    throw new XinzhiError('BAD_INPUT', `${form} ti must be > 0 (Infinity for none)`, { field: 'ti' });
  if (!(g.td >= 0) || !Number.isFinite(g.td))
    throw new XinzhiError('BAD_INPUT', `${form} td must be finite and ≥ 0`, { field: 'td' });
}
