/**
 * A discrete PID controller for a fixed sample time Ts, in parallel form with setpoint weights:
 *
 *   P_k = s·Kp·(b·r_k − y_k)
 *   I_k = I_{k−1} + s·Ki·Ts·(r_k − y_k)                    (backward rectangle: e_k is in I_k)
 *   D_k = s·Kd·f_k,  f_k = (Tf·f_{k−1} + w_k − w_{k−1})/(Tf + Ts),  w = c·r − y,  Tf = Td/N
 *   v_k = P_k + I_k + D_k + ff_k,   u_k = rate-limit(clamp(v_k, outMin, outMax))
 *
 * s = +1 for reverse action, −1 for direct. f is the backward-Euler discretisation of the first-order
 * derivative filter Tf·f' + f = w' (stable for every Tf ≥ 0; Tf = 0 gives the plain difference
 * (w_k − w_{k−1})/Ts). The integral is stored as a term in output units (Ki·∫e, not ∫e), so changing Ki
 * or Ts never bumps the output. With Kd = 0 or N = ∞ and `clamp` anti-windup this is exactly the
 * Beauregard "Improving the beginner's PID" algorithm (Arduino PID library v1).
 *
 * Anti-windup: `clamp` limits I to [outMin, outMax]; `conditional` skips an increment that pushes a
 * saturated output further; `back-calculation` adds (1 − e^(−Ts/Tt))·(u − v) to I after each sample,
 * the exact discretisation of Tt·I' = u − v while saturated (Åström & Hägglund 2006, §3.5).
 *
 * Written by hand: no maintained JS PID library offers setpoint weighting, filtered derivative,
 * back-calculation and bumpless transfer together, and this is ~150 lines.
 *
 * @example
 * const pid = new Pid({ sampleTime: 1, ...idealToParallel({ kc: 1.25, ti: 10, td: 0 }), outMin: 0, outMax: 1 });
 * const op = pid.update(1.8, pv); // once per second
 */
import { compact, XinzhiError } from '../../core/index.js';
import {
  ANTI_WINDUPS,
  type AntiWindup,
  type ControllerAction,
  checkLimits,
  checkTuning,
  PID_DEFAULTS,
  type PidMode,
  type PidOptions,
  type PidTuning,
} from './pid-options.js';

export interface PidState {
  readonly mode: PidMode;
  readonly output: number;
  readonly p: number;
  readonly i: number;
  readonly d: number;
  readonly feedForward: number;
  /** Output limited by outMin/outMax or the rate limit in the last sample. */
  readonly saturated: 'high' | 'low' | null;
  readonly setpoint: number | null;
  readonly pv: number | null;
}

export interface PidLimits {
  readonly outMin: number;
  readonly outMax: number;
  readonly rateLimit: number;
}

const clamp = (v: number, lo: number, hi: number): number => Math.min(Math.max(v, lo), hi);

export class Pid {
  #tuning: PidTuning;
  #ts: number;
  #limits: PidLimits;
  #antiWindup: AntiWindup;
  #trackingTime: number | undefined;
  #action: ControllerAction;
  #bumpless: boolean;
  #mode: PidMode;
  #output: number;
  #integral = 0;
  #filtered = 0;
  #lastW: number | null = null;
  #lastR: number | null = null;
  #lastY: number | null = null;
  #lastP = 0;
  #lastD = 0;
  #lastFf = 0;
  #saturated: 'high' | 'low' | null = null;
  #pendingInit = false;

  constructor(options: PidOptions) {
    const D = PID_DEFAULTS;
    this.#tuning = {
      kp: options.kp,
      ki: options.ki ?? D.ki,
      kd: options.kd ?? D.kd,
      b: options.b ?? D.b,
      c: options.c ?? D.c,
      n: options.n ?? D.n,
    };
    checkTuning(this.#tuning);
    const outMin = options.outMin ?? D.outMin;
    const outMax = options.outMax ?? D.outMax;
    const rateLimit = options.rateLimit ?? D.rateLimit;
    checkLimits(outMin, outMax, rateLimit, options.sampleTime);
    this.#ts = options.sampleTime;
    this.#limits = { outMin, outMax, rateLimit };
    this.#antiWindup = options.antiWindup ?? D.antiWindup;
    if (!ANTI_WINDUPS.includes(this.#antiWindup))
      throw new XinzhiError('BAD_INPUT', `unknown antiWindup '${this.#antiWindup}'`, { field: 'antiWindup' });
    if (options.trackingTime !== undefined && !(options.trackingTime > 0))
      throw new XinzhiError('BAD_INPUT', 'trackingTime must be > 0', { field: 'trackingTime' });
    this.#trackingTime = options.trackingTime;
    this.#action = options.action ?? D.action;
    if (this.#action !== 'reverse' && this.#action !== 'direct')
      throw new XinzhiError('BAD_INPUT', `action must be reverse or direct`, { field: 'action' });
    this.#bumpless = options.bumpless ?? D.bumpless;
    this.#mode = options.mode ?? D.mode;
    const init = options.initialOutput ?? D.initialOutput;
    if (!Number.isFinite(init))
      throw new XinzhiError('BAD_INPUT', 'initialOutput must be finite', { field: 'initialOutput' });
    this.#output = clamp(init, outMin, outMax);
  }

  get tuning(): PidTuning {
    return this.#tuning;
  }
  get sampleTime(): number {
    return this.#ts;
  }
  get limits(): PidLimits {
    return this.#limits;
  }
  get mode(): PidMode {
    return this.#mode;
  }
  get action(): ControllerAction {
    return this.#action;
  }
  get output(): number {
    return this.#output;
  }
  /** Derivative filter time constant Tf = Kd/(|Kp|·N) in seconds (0 when unfiltered). */
  get filterTime(): number {
    const { kp, kd, n } = this.#tuning;
    return Number.isFinite(n) && kp !== 0 ? kd / Math.abs(kp) / n : 0;
  }
  /** Tracking time used by back-calculation. */
  get trackingTime(): number {
    if (this.#trackingTime !== undefined) return this.#trackingTime;
    const { kp, ki, kd } = this.#tuning;
    const ti = ki !== 0 ? Math.abs(kp / ki) : Number.POSITIVE_INFINITY;
    const td = kp !== 0 ? Math.abs(kd / kp) : 0;
    if (Number.isFinite(ti) && td > 0) return Math.sqrt(ti * td);
    return Number.isFinite(ti) && ti > 0 ? ti : this.#ts;
  }

  state(): PidState {
    return {
      mode: this.#mode,
      output: this.#output,
      p: this.#lastP,
      i: this.#integral,
      d: this.#lastD,
      feedForward: this.#lastFf,
      saturated: this.#saturated,
      setpoint: this.#lastR,
      pv: this.#lastY,
    };
  }

  /** One sample: returns the output to apply until the next sample. In manual, returns the manual output. */
  update(setpoint: number, pv: number, feedForward = 0): number {
    if (!Number.isFinite(setpoint))
      throw new XinzhiError('BAD_INPUT', 'setpoint must be finite', { field: 'setpoint' });
    if (!Number.isFinite(pv)) throw new XinzhiError('BAD_INPUT', 'pv must be finite', { field: 'pv' });
    if (!Number.isFinite(feedForward))
      throw new XinzhiError('BAD_INPUT', 'feedForward must be finite', { field: 'feedForward' });
    const { kp, ki, kd, b, c } = this.#tuning;
    const s = this.#action === 'reverse' ? 1 : -1;
    const w = c * setpoint - pv;
    this.#lastFf = feedForward;
    if (this.#mode === 'manual') {
      this.#remember(setpoint, pv, w);
      this.#filtered = 0;
      this.#saturated = null;
      return this.#output;
    }
    if (this.#pendingInit) {
      // Manual → auto: the integral takes over the output the operator left, the PV history restarts.
      this.#integral = this.#output - feedForward;
      if (this.#antiWindup === 'clamp')
        this.#integral = clamp(this.#integral, this.#limits.outMin, this.#limits.outMax);
      this.#lastW = w;
      this.#filtered = 0;
      this.#pendingInit = false;
    }
    const ts = this.#ts;
    const tf = this.filterTime;
    const p = s * kp * (b * setpoint - pv);
    const dw = this.#lastW === null ? 0 : w - this.#lastW;
    this.#filtered = (tf * this.#filtered + dw) / (tf + ts);
    const d = s * kd * this.#filtered;
    const inc = s * ki * ts * (setpoint - pv);
    const { outMin, outMax, rateLimit } = this.#limits;
    switch (this.#antiWindup) {
      case 'clamp':
        this.#integral = clamp(this.#integral + inc, outMin, outMax);
        break;
      case 'conditional': {
        const trial = p + this.#integral + inc + d + feedForward;
        if (!((trial > outMax && inc > 0) || (trial < outMin && inc < 0))) this.#integral += inc;
        break;
      }
      default:
        this.#integral += inc;
    }
    const v = p + this.#integral + d + feedForward;
    let u = clamp(v, outMin, outMax);
    if (Number.isFinite(rateLimit))
      u = clamp(u, this.#output - rateLimit * ts, this.#output + rateLimit * ts);
    if (this.#antiWindup === 'back-calculation')
      this.#integral += (1 - Math.exp(-ts / this.trackingTime)) * (u - v);
    this.#saturated = u < v ? 'high' : u > v ? 'low' : null;
    this.#lastP = p;
    this.#lastD = d;
    this.#output = u;
    this.#remember(setpoint, pv, w);
    return u;
  }

  /**
   * Switches mode. Manual keeps the current output (or `manualOutput`, clamped to the limits);
   * auto starts from the current output without a bump when `bumpless` (the default) is on.
   */
  setMode(mode: PidMode, manualOutput?: number): void {
    if (mode !== 'auto' && mode !== 'manual')
      throw new XinzhiError('BAD_INPUT', `mode must be auto or manual, got ${String(mode)}`, {
        field: 'mode',
      });
    if (mode === 'manual') {
      this.#mode = 'manual';
      if (manualOutput !== undefined) this.setManualOutput(manualOutput);
      return;
    }
    if (this.#mode === 'manual') {
      this.#pendingInit = this.#bumpless;
      if (!this.#bumpless) this.#lastW = null;
    }
    this.#mode = 'auto';
  }

  /** Sets the output in manual mode (clamped to the output limits). */
  setManualOutput(value: number): void {
    if (!Number.isFinite(value))
      throw new XinzhiError('BAD_INPUT', 'manual output must be finite', { field: 'output' });
    if (this.#mode !== 'manual')
      throw new XinzhiError('CONFLICT', 'the manual output can only be set in manual mode', {
        field: 'mode',
      });
    this.#output = clamp(value, this.#limits.outMin, this.#limits.outMax);
  }

  /**
   * Changes tuning on the fly. In auto, the integral absorbs the change of the P and D terms at the
   * last sample so the output does not jump (Åström & Hägglund 2006, bumpless parameter changes).
   */
  setTuning(change: Partial<PidTuning>): void {
    const next: PidTuning = { ...this.#tuning, ...compact(change) };
    checkTuning(next);
    if (this.#mode === 'auto' && this.#lastR !== null && this.#lastY !== null) {
      const s = this.#action === 'reverse' ? 1 : -1;
      const pNew = s * next.kp * (next.b * this.#lastR - this.#lastY);
      const dNew = s * next.kd * this.#filtered;
      this.#integral += this.#lastP + this.#lastD - pNew - dNew;
      this.#lastP = pNew;
      this.#lastD = dNew;
    }
    this.#tuning = next;
  }

  setLimits(change: Partial<PidLimits>): void {
    const next = { ...this.#limits, ...compact(change) };
    checkLimits(next.outMin, next.outMax, next.rateLimit, this.#ts);
    this.#limits = next;
    this.#output = clamp(this.#output, next.outMin, next.outMax);
    if (this.#antiWindup === 'clamp') this.#integral = clamp(this.#integral, next.outMin, next.outMax);
  }

  /** Changes Ts; the stored integral term stays valid because it is kept in output units. */
  setSampleTime(ts: number): void {
    checkLimits(this.#limits.outMin, this.#limits.outMax, this.#limits.rateLimit, ts);
    this.#ts = ts;
  }

  /** Changes the action; the integral term (in output units) is kept, so the output does not jump. */
  setAction(action: ControllerAction): void {
    if (action !== 'reverse' && action !== 'direct')
      throw new XinzhiError('BAD_INPUT', `action must be reverse or direct`, { field: 'action' });
    this.#action = action;
  }

  #remember(r: number, y: number, w: number): void {
    this.#lastR = r;
    this.#lastY = y;
    this.#lastW = w;
  }
}
