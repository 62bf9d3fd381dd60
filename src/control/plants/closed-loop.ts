/**
 * Closed-loop simulation of a PID controller and a plant with fixed-step RK4 and an exact dead time
 * (a delay line aligned with the step: the step is chosen so the dead time is a whole number of steps).
 *
 * The continuous controller is the ideal (ISA) PID with setpoint weights and a first-order derivative
 * filter, integrated together with the plant:
 *   u = Kc·(b·r − y) + (Kc/Ti)·xi + Kc·Td·(c·r − y − xf)/Tf,   xi' = r − y,   Tf·xf' = c·r − y − xf,
 * Tf = Td/N. The discrete controller is the sampled `Pid` with a zero-order hold. Setpoint and load
 * steps are placed on grid points (the right limit applies from that point); loads add to the plant
 * input after the dead time.
 */
import { XinzhiError } from '../../core/index.js';
import { Pid } from '../pid/pid.js';
import type { PidOptions } from '../pid/pid-options.js';
import { DelayLine } from './delay-line.js';
import { type LoadMetrics, loadMetrics, type SetpointMetrics, setpointMetrics } from './metrics.js';
import type { PlantModel } from './plant.js';
import { Rk4 } from './rk4.js';

export interface ContinuousPidSpec {
  readonly kind: 'continuous';
  readonly kc: number;
  /** Integral time; Infinity for none. */
  readonly ti: number;
  /** Derivative time; 0 for none. */
  readonly td?: number | undefined;
  /** Setpoint weight on P; default 1. */
  readonly b?: number | undefined;
  /** Setpoint weight on D; default 0. */
  readonly c?: number | undefined;
  /** Derivative filter Tf = Td/N; default 10. */
  readonly n?: number | undefined;
}

export interface DiscretePidSpec {
  readonly kind: 'discrete';
  readonly pid: PidOptions;
}

export interface Step {
  readonly at: number;
  readonly size: number;
}

export interface ClosedLoopOptions {
  readonly plant: PlantModel;
  readonly controller: ContinuousPidSpec | DiscretePidSpec;
  /** Default: a unit step at t = 0. */
  readonly setpointStep?: Step | undefined;
  /** Load step at the plant input; default none. */
  readonly loadStep?: Step | undefined;
  /** Simulated time in seconds. */
  readonly duration: number;
  /** Step size; default min(fastest time constant, dead time, Tf, Ts)/200, adjusted to divide the dead time. */
  readonly dt?: number | undefined;
}

export interface ClosedLoopResult {
  readonly dt: number;
  readonly t: Float64Array;
  readonly y: Float64Array;
  readonly u: Float64Array;
  readonly r: Float64Array;
  readonly setpoint: SetpointMetrics | null;
  readonly load: LoadMetrics | null;
  /** Controller output just after the setpoint step. */
  readonly uAtStep: number;
  /** Largest controller output in the setpoint window. */
  readonly maxUSetpoint: number;
}

const MAX_STEPS = 4_000_000;

export function chooseStep(plant: PlantModel, duration: number, extra: number[] = []): number {
  const cands = [plant.fastestTime, ...extra.filter((v) => v > 0 && Number.isFinite(v))];
  if (plant.deadTime > 0) cands.push(plant.deadTime);
  let h = Math.min(...cands) / 200;
  if (duration / h > MAX_STEPS) h = duration / MAX_STEPS;
  if (plant.deadTime > 0) h = plant.deadTime / Math.max(1, Math.ceil(plant.deadTime / h - 1e-9));
  return h;
}

export function simulateClosedLoop(o: ClosedLoopOptions): ClosedLoopResult {
  const { plant, controller } = o;
  if (!(o.duration > 0)) throw new XinzhiError('BAD_INPUT', 'duration must be > 0', { field: 'duration' });
  const sp = o.setpointStep ?? { at: 0, size: 1 };
  const ld = o.loadStep ?? { at: o.duration, size: 0 };
  const cont = controller.kind === 'continuous' ? controller : undefined;
  const td = cont?.td ?? 0;
  const nFilt = cont?.n ?? 10;
  const tf = cont && td > 0 ? td / nFilt : 0;
  if (cont) {
    if (!Number.isFinite(cont.kc)) throw new XinzhiError('BAD_INPUT', 'kc must be finite', { field: 'kp' });
    if (!(cont.ti > 0)) throw new XinzhiError('BAD_INPUT', 'ti must be > 0', { field: 'ti' });
    if (!(td >= 0)) throw new XinzhiError('BAD_INPUT', 'td must be ≥ 0', { field: 'td' });
    if (td > 0 && !(tf > 0))
      throw new XinzhiError('BAD_INPUT', 'a continuous derivative needs a finite filter N', { field: 'n' });
  }
  const ts = controller.kind === 'discrete' ? controller.pid.sampleTime : Number.POSITIVE_INFINITY;
  const h = o.dt ?? chooseStep(plant, o.duration, [tf, 200 * ts]);
  const steps = Math.round(o.duration / h);
  const nSp = Math.round(sp.at / h);
  const nLd = Math.round(ld.at / h);

  const np = plant.order;
  const hasD = tf > 0;
  const size = np + (cont ? 1 : 0) + (hasD ? 1 : 0);
  const x = new Float64Array(size);
  x.set(plant.initialState(0));
  const iI = np;
  const iF = np + 1;
  const kc = cont?.kc ?? 0;
  const ki = cont && Number.isFinite(cont.ti) ? kc / cont.ti : 0;
  const kd = kc * td;
  const b = cont?.b ?? 1;
  const c = cont?.c ?? 0;
  if (hasD) x[iF] = -plant.output(x);

  const law = (s: Float64Array, r: number): number => {
    const y = plant.output(s);
    let u = kc * (b * r - y) + ki * s[iI]!;
    if (hasD) u += (kd * (c * r - y - s[iF]!)) / tf;
    return u;
  };
  const pid = controller.kind === 'discrete' ? new Pid(controller.pid) : undefined;
  const delay = plant.deadTime > 0 ? new DelayLine(plant.deadTime, h, 0) : undefined;
  const rk = new Rk4(size);
  const t = new Float64Array(steps + 1);
  const yv = new Float64Array(steps + 1);
  const uv = new Float64Array(steps + 1);
  const rv = new Float64Array(steps + 1);
  let held = pid ? pid.output : 0;
  let nextSample = 0;
  let rn = 0;
  let dn = 0;
  const rhs = (stage: 0 | 0.5 | 1, s: Float64Array, out: Float64Array): void => {
    const uIn = delay ? delay.at(stage) : cont ? law(s, rn) : held;
    plant.derivative(s, uIn + dn, out);
    if (cont) {
      const y = plant.output(s);
      out[iI] = rn - y;
      if (hasD) out[iF] = (c * rn - y - s[iF]!) / tf;
    }
  };
  for (let n = 0; ; n++) {
    rn = n >= nSp ? sp.size : 0;
    dn = n >= nLd ? ld.size : 0;
    const y = plant.output(x);
    if (pid && n * h >= nextSample - h / 2) {
      held = pid.update(rn, y);
      nextSample += ts;
    }
    const uStart = cont ? law(x, rn) : held;
    t[n] = n * h;
    yv[n] = y;
    uv[n] = uStart;
    rv[n] = rn;
    if (n === steps) break;
    rk.step(rhs, x, h);
    plant.constrain?.(x);
    delay?.push(uStart, cont ? law(x, rn) : held);
  }

  const spEnd = ld.size !== 0 && nLd > nSp ? nLd * h : steps * h;
  const trace = { t, y: yv, r: rv };
  const setpoint = sp.size !== 0 ? setpointMetrics(trace, nSp * h, spEnd) : null;
  const load = ld.size !== 0 && nLd < steps ? loadMetrics(trace, nLd * h, steps * h) : null;
  let maxU = Number.NEGATIVE_INFINITY;
  const iEnd = Math.round(spEnd / h);
  for (let i = nSp; i <= iEnd; i++) maxU = Math.max(maxU, uv[i]!);
  return { dt: h, t, y: yv, u: uv, r: rv, setpoint, load, uAtStep: uv[nSp]!, maxUSetpoint: maxU };
}

/** Open-loop response to an input step of `size` at t = 0 (for step tests and `stepinfo`-style checks). */
export function simulateStep(
  plant: PlantModel,
  o: { size?: number; duration: number; dt?: number },
): { t: Float64Array; y: Float64Array } {
  const size = o.size ?? 1;
  const h = o.dt ?? chooseStep(plant, o.duration);
  const steps = Math.round(o.duration / h);
  const x = plant.initialState(0);
  const delay = plant.deadTime > 0 ? new DelayLine(plant.deadTime, h, 0) : undefined;
  const rk = new Rk4(plant.order);
  const t = new Float64Array(steps + 1);
  const y = new Float64Array(steps + 1);
  const rhs = (stage: 0 | 0.5 | 1, s: Float64Array, out: Float64Array): void =>
    plant.derivative(s, delay ? delay.at(stage) : size, out);
  for (let n = 0; ; n++) {
    t[n] = n * h;
    y[n] = plant.output(x);
    if (n === steps) break;
    rk.step(rhs, x, h);
    plant.constrain?.(x);
    delay?.push(size, size);
  }
  return { t, y };
}
