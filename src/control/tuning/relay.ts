/**
 * Relay auto-tuning (Åström & Hägglund 1984, Automatica 20(5) 645–651). A relay of amplitude d (with
 * hysteresis ε) in place of the controller drives the loop into a limit cycle of amplitude a and period
 * P; the describing function gives Ku ≈ 4d/(π·√(a² − ε²)) and Pu ≈ P.
 *
 * The simulation is event-driven: the relay output is piecewise constant, so the dead time is exact
 * (each switch reaches the plant exactly θ later, and integration steps end on those instants), and
 * each relay switch is located by bisection on the RK4 step to ~1e-12 s.
 */
import { XinzhiError } from '../../core/index.js';
import type { PlantModel } from '../plants/plant.js';
import { Rk4 } from '../plants/rk4.js';
import type { Fopdt } from './rules.js';

export interface RelayResult {
  /** Half the peak-to-peak PV amplitude of the limit cycle. */
  readonly amplitude: number;
  readonly period: number;
  readonly ku: number;
  readonly pu: number;
  /** Full cycles used for the estimates. */
  readonly cycles: number;
  /** Relay switching times (s). */
  readonly switches: readonly number[];
}

/** Describing-function estimates from a measured limit cycle. */
export function relayEstimates(o: {
  amplitude: number;
  period: number;
  relayAmplitude: number;
  hysteresis?: number;
}): {
  ku: number;
  pu: number;
} {
  const eps = o.hysteresis ?? 0;
  if (!(o.amplitude > eps))
    throw new XinzhiError('BAD_INPUT', 'the limit-cycle amplitude must exceed the hysteresis', {
      field: 'amplitude',
    });
  return { ku: (4 * o.relayAmplitude) / (Math.PI * Math.sqrt(o.amplitude ** 2 - eps ** 2)), pu: o.period };
}

/**
 * Exact limit cycle of an ideal relay (ε = 0) on a FOPDT: a = K·d·(1 − e^(−θ/τ)),
 * P = 2θ + 2τ·ln(2 − e^(−θ/τ)) (from the piecewise exponential response).
 */
export function relayLimitCycleFopdt(p: Fopdt, d = 1): { amplitude: number; period: number } {
  if (!(p.tau > 0) || !(p.deadTime > 0))
    throw new XinzhiError('BAD_INPUT', 'tau and dead time must be > 0', { field: 'process' });
  const e = Math.exp(-p.deadTime / p.tau);
  return { amplitude: Math.abs(p.gain) * d * (1 - e), period: 2 * p.deadTime + 2 * p.tau * Math.log(2 - e) };
}

export interface RelayOptions {
  /** Relay amplitude d (output units); default 1. */
  readonly amplitude?: number;
  /** Hysteresis ε (PV units); default 0. */
  readonly hysteresis?: number;
  /** Setpoint the relay switches around (PV units); default 0 (deviation variables). */
  readonly setpoint?: number;
  /** Half-cycles to run; the estimates use the last half of them. Default 40. */
  readonly halfCycles?: number;
  /**
   * The first switch waits until the PV has passed the setpoint by this much (PV units), so a process
   * starting exactly at the setpoint does not chatter. Default 0.001·d.
   */
  readonly startBand?: number;
  /** Integration step; default fastest time constant / 1000. */
  readonly dt?: number;
  /** Give up after this simulated time; default 10 000 × the fastest time constant + 100 × dead time. */
  readonly maxTime?: number;
}

export function relayExperiment(plant: PlantModel, o: RelayOptions = {}): RelayResult {
  const d = o.amplitude ?? 1;
  const eps = o.hysteresis ?? 0;
  const r = o.setpoint ?? 0;
  const halfCycles = o.halfCycles ?? 40;
  if (!(d > 0)) throw new XinzhiError('BAD_INPUT', 'relay amplitude must be > 0', { field: 'amplitude' });
  if (!(eps >= 0)) throw new XinzhiError('BAD_INPUT', 'hysteresis must be ≥ 0', { field: 'hysteresis' });
  const h = o.dt ?? plant.fastestTime / 1000;
  const theta = plant.deadTime;
  const maxTime = o.maxTime ?? 10_000 * plant.fastestTime + 100 * theta;
  const rk = new Rk4(plant.order);
  const x = plant.initialState(0);
  const trial = new Float64Array(plant.order);
  // Relay output events (time, value); the plant sees each one θ later.
  const events: Array<{ t: number; u: number }> = [{ t: 0, u: d }];
  let applied = 0; // index of the event the plant currently sees (or -1: before the first)
  let uPlant = 0;
  let relay = d;
  let t = 0;
  const switches: number[] = [];
  // Extremes between switches, with the time of each sample to refine smooth peaks.
  const peaks: number[] = [];
  const troughs: number[] = [];
  let yPrev2 = Number.NaN;
  let tPrev2 = 0;
  let yPrev = plant.output(x);
  let tPrev = 0;
  let prevKink = true;
  let extremum = yPrev;
  const rhs = (_s: 0 | 0.5 | 1, s: Float64Array, out: Float64Array): void => plant.derivative(s, uPlant, out);
  const startBand = o.startBand ?? 0.001 * d;
  const above = (y: number): boolean => {
    const band = switches.length === 0 ? Math.max(eps, startBand) : eps;
    return relay > 0 ? y > r + band : y < r - band;
  };
  const noteExtremum = (
    y1: number,
    t1: number,
    y0: number,
    t0: number,
    y2: number,
    t2: number,
    kink: boolean,
  ): void => {
    let v = y1;
    if (!kink && Number.isFinite(y0)) {
      // Vertex of the parabola through three (possibly unequally spaced) samples.
      const d1 = (y1 - y0) / (t1 - t0);
      const d2 = (y2 - y1) / (t2 - t1);
      const a = (d2 - d1) / (t2 - t0);
      if (a !== 0) {
        const tv = 0.5 * (t0 + t1) - d1 / (2 * a);
        if (tv > t0 && tv < t2) v = y1 + d1 * (tv - t1) + a * (tv - t0) * (tv - t1);
      }
    }
    if (relay > 0) extremum = Math.min(extremum, v);
    else extremum = Math.max(extremum, v);
  };
  while (switches.length < halfCycles && t < maxTime) {
    if (applied < events.length && events[applied]!.t + theta <= t + 1e-12) {
      uPlant = events[applied]!.u;
      applied++;
    }
    const nextApply = applied < events.length ? events[applied]!.t + theta : Number.POSITIVE_INFINITY;
    const step = Math.min(h, nextApply - t);
    trial.set(x);
    rk.step(rhs, trial, step);
    const y = plant.output(trial);
    if (above(y)) {
      // Locate the threshold crossing inside the step by bisection on the step length.
      const band = switches.length === 0 ? Math.max(eps, startBand) : eps;
      const level = relay > 0 ? r + band : r - band;
      let lo = 0;
      let hi = step;
      for (let i = 0; i < 60 && hi - lo > 1e-13 * Math.max(1, t); i++) {
        const mid = 0.5 * (lo + hi);
        trial.set(x);
        rk.step(rhs, trial, mid);
        if (relay > 0 ? plant.output(trial) > level : plant.output(trial) < level) hi = mid;
        else lo = mid;
      }
      rk.step(rhs, x, hi);
      t += hi;
      (relay > 0 ? troughs : peaks).push(extremum);
      relay = -relay;
      extremum = plant.output(x);
      events.push({ t, u: relay });
      switches.push(t);
      yPrev2 = Number.NaN;
      yPrev = plant.output(x);
      tPrev = t;
      prevKink = true;
      continue;
    }
    x.set(trial);
    t += step;
    const kinkNow = Math.abs(t - nextApply) < 1e-12;
    // yPrev is a local extremum candidate if the slope changed sign around it.
    if (Number.isFinite(yPrev2) && (y - yPrev) * (yPrev - yPrev2) <= 0)
      noteExtremum(yPrev, tPrev, yPrev2, tPrev2, y, t, prevKink);
    if (relay > 0 ? y < extremum : y > extremum) extremum = y;
    yPrev2 = yPrev;
    tPrev2 = tPrev;
    yPrev = y;
    tPrev = t;
    prevKink = kinkNow;
  }
  if (switches.length < halfCycles)
    throw new XinzhiError(
      'BAD_INPUT',
      `no sustained oscillation within ${maxTime} s: is the process gain sign right?`,
      {
        field: 'process',
      },
    );
  // Use the last half of the half-cycles: whole periods between same-direction switches.
  const k0 = Math.floor(switches.length / 2);
  const idx = switches.length - 1 - ((switches.length - 1 - k0) % 2);
  const cycles = (idx - k0) / 2;
  const period = (switches[idx]! - switches[k0]!) / cycles;
  const lastPeaks = peaks.slice(Math.floor(peaks.length / 2));
  const lastTroughs = troughs.slice(Math.floor(troughs.length / 2));
  const mean = (v: number[]): number => v.reduce((s, x2) => s + x2, 0) / v.length;
  const amplitude = (mean(lastPeaks) - mean(lastTroughs)) / 2;
  const est = relayEstimates({ amplitude, period, relayAmplitude: d, hysteresis: eps });
  return { amplitude, period, ...est, cycles, switches };
}
