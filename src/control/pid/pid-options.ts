import { XinzhiError } from '../../core/index.js';
import type { ParallelGains } from './forms.js';

/**
 * How the integrator is kept from winding up while the output is limited:
 * - `none`: integrate always; only the output is limited (shows reset windup);
 * - `clamp`: clamp the integral term to [outMin, outMax] (Beauregard / Arduino PID library);
 * - `conditional`: skip the increment when it would drive a saturated output further;
 * - `back-calculation`: the integral tracks the limited output with time constant Tt (Åström & Hägglund).
 */
export const ANTI_WINDUPS = ['none', 'clamp', 'conditional', 'back-calculation'] as const;
export type AntiWindup = (typeof ANTI_WINDUPS)[number];

/**
 * `reverse` (ISA): the output falls when the PV rises, the right choice when raising the output raises
 * the PV (heating, filling). `direct`: the output rises with the PV (cooling, draining).
 */
export type ControllerAction = 'reverse' | 'direct';

export type PidMode = 'auto' | 'manual';

/** Settings that can change on the fly (bumplessly). */
export interface PidTuning extends ParallelGains {
  /** Setpoint weight on the proportional term. Default 1 (P on error); 0 = P on measurement. */
  readonly b: number;
  /** Setpoint weight on the derivative term. Default 0 (derivative on measurement: no kick). */
  readonly c: number;
  /** Derivative filter divisor: Tf = Td/N = Kd/(Kp·N). Default 10; Infinity = no filter. */
  readonly n: number;
}

/** Everything a PID needs; defaults in {@link PID_DEFAULTS}. */
export interface PidOptions {
  /** Sample time Ts in seconds (> 0). The controller must be called once per Ts. */
  readonly sampleTime: number;
  /** Parallel gains; build them from ideal settings with `idealToParallel`. */
  readonly kp: number;
  readonly ki?: number | undefined;
  readonly kd?: number | undefined;
  readonly b?: number | undefined;
  readonly c?: number | undefined;
  readonly n?: number | undefined;
  /** Output limits; default ±Infinity. */
  readonly outMin?: number | undefined;
  readonly outMax?: number | undefined;
  /** Largest output change per second; default Infinity. */
  readonly rateLimit?: number | undefined;
  readonly antiWindup?: AntiWindup | undefined;
  /** Tracking time Tt for back-calculation; default √(Ti·Td) for PID, Ti for PI. */
  readonly trackingTime?: number | undefined;
  readonly action?: ControllerAction | undefined;
  /** Initial mode; default `auto`. */
  readonly mode?: PidMode | undefined;
  /** Output before the first sample (and the manual output in manual mode); default 0. */
  readonly initialOutput?: number | undefined;
  /**
   * Initialise on manual → auto so the output does not jump (integral := current output − feed-forward,
   * PV history := current PV). Default true.
   */
  readonly bumpless?: boolean | undefined;
}

export const PID_DEFAULTS = {
  ki: 0,
  kd: 0,
  b: 1,
  c: 0,
  n: 10,
  outMin: Number.NEGATIVE_INFINITY,
  outMax: Number.POSITIVE_INFINITY,
  rateLimit: Number.POSITIVE_INFINITY,
  antiWindup: 'clamp' as AntiWindup,
  action: 'reverse' as ControllerAction,
  mode: 'auto' as PidMode,
  initialOutput: 0,
  bumpless: true,
} as const;

const finite = (v: number, field: string): void => {
  if (!Number.isFinite(v)) throw new XinzhiError('BAD_INPUT', `${field} must be a finite number`, { field });
};

/** Throws a BAD_INPUT naming the field when a setting is out of range. */
export function checkTuning(t: PidTuning): void {
  finite(t.kp, 'kp');
  finite(t.ki, 'ki');
  finite(t.kd, 'kd');
  finite(t.b, 'b');
  finite(t.c, 'c');
  if (t.kd < 0) throw new XinzhiError('BAD_INPUT', 'kd must be ≥ 0', { field: 'kd' });
  if (!(t.n > 0))
    throw new XinzhiError('BAD_INPUT', 'n must be > 0 (Infinity for no filter)', { field: 'n' });
}

export function checkLimits(outMin: number, outMax: number, rateLimit: number, sampleTime: number): void {
  if (!(sampleTime > 0) || !Number.isFinite(sampleTime))
    throw new XinzhiError('BAD_INPUT', 'sampleTime must be a finite number > 0', { field: 'sampleTime' });
  if (Number.isNaN(outMin) || Number.isNaN(outMax) || outMin >= outMax)
    throw new XinzhiError('BAD_INPUT', `outMin (${outMin}) must be below outMax (${outMax})`, {
      field: 'outMin',
    });
  if (!(rateLimit > 0))
    throw new XinzhiError('BAD_INPUT', 'rateLimit must be > 0 (Infinity for none)', { field: 'rateLimit' });
}
