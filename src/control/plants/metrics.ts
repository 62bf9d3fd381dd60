/**
 * Closed-loop performance metrics on a sampled response. Integrals use the trapezoid rule on the
 * simulation grid; crossing times are linearly interpolated between samples.
 *
 * - IAE = ∫|r − y|dt, IE = ∫(r − y)dt, ISE = ∫(r − y)²dt, ITAE = ∫(t − t0)|r − y|dt over the window.
 * - overshoot (%) = 100·(max y − r)/(r − y0) for an upward step (mirrored for downward), floored at 0.
 * - rise time: between the first crossings of 10 % and 90 % of the step.
 * - settling time: from the step until the last exit from the ±2 % band (of the step size) around r.
 */
export interface SetpointMetrics {
  readonly iae: number;
  readonly ie: number;
  readonly ise: number;
  readonly itae: number;
  /** Percent of the step size, ≥ 0. */
  readonly overshoot: number;
  readonly peak: number;
  readonly peakTime: number;
  /** Seconds between 10 % and 90 %; NaN if the response never reaches 90 %. */
  readonly riseTime: number;
  /** Seconds from the step; NaN if the response is still outside the band at the end of the window. */
  readonly settlingTime: number;
}

export interface LoadMetrics {
  readonly iae: number;
  readonly ie: number;
  readonly ise: number;
  readonly maxAbsDev: number;
  /** Seconds from the load step to the largest deviation. */
  readonly timeOfMax: number;
}

export interface Trace {
  readonly t: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  /** Setpoint at each sample (right limit at a step). */
  readonly r: ArrayLike<number>;
}

/** Index range [i0, i1] of samples with t in [from, to]. */
function windowOf(t: ArrayLike<number>, from: number, to: number): [number, number] {
  const eps = 1e-9 * Math.max(1, Math.abs(to));
  let i0 = 0;
  while (i0 < t.length && t[i0]! < from - eps) i0++;
  let i1 = i0;
  while (i1 + 1 < t.length && t[i1 + 1]! <= to + eps) i1++;
  return [i0, i1];
}

function integrals(tr: Trace, i0: number, i1: number, t0: number) {
  let iae = 0;
  let ie = 0;
  let ise = 0;
  let itae = 0;
  for (let i = i0; i < i1; i++) {
    const h = tr.t[i + 1]! - tr.t[i]!;
    const e0 = tr.r[i]! - tr.y[i]!;
    const e1 = tr.r[i + 1]! - tr.y[i + 1]!;
    ie += 0.5 * h * (e0 + e1);
    ise += 0.5 * h * (e0 * e0 + e1 * e1);
    iae += 0.5 * h * (Math.abs(e0) + Math.abs(e1));
    itae += 0.5 * h * ((tr.t[i]! - t0) * Math.abs(e0) + (tr.t[i + 1]! - t0) * Math.abs(e1));
  }
  return { iae, ie, ise, itae };
}

/**
 * Metrics of a setpoint step taken at `stepAt` from `y0` towards the setpoint in force after the step,
 * evaluated on [stepAt, to].
 */
export function setpointMetrics(tr: Trace, stepAt: number, to: number): SetpointMetrics {
  const [i0, i1] = windowOf(tr.t, stepAt, to);
  const t0 = tr.t[i0]!;
  const y0 = tr.y[i0]!;
  const r = tr.r[i0]!;
  const step = r - y0;
  const dir = step >= 0 ? 1 : -1;
  const { iae, ie, ise, itae } = integrals(tr, i0, i1, t0);
  let peakI = i0;
  for (let i = i0; i <= i1; i++) if (dir * tr.y[i]! > dir * tr.y[peakI]!) peakI = i;
  const peak = tr.y[peakI]!;
  const overshoot = step === 0 ? 0 : Math.max(0, (100 * (peak - r)) / step);
  const cross = (level: number): number => {
    for (let i = i0; i < i1; i++) {
      const a = dir * (tr.y[i]! - y0);
      const b = dir * (tr.y[i + 1]! - y0);
      if (a < level && b >= level) return tr.t[i]! + ((level - a) / (b - a)) * (tr.t[i + 1]! - tr.t[i]!);
    }
    return Number.NaN;
  };
  const riseTime = cross(0.9 * Math.abs(step)) - cross(0.1 * Math.abs(step));
  const band = 0.02 * Math.abs(step);
  let settlingTime = 0;
  if (Math.abs(r - tr.y[i1]!) > band) settlingTime = Number.NaN;
  else {
    for (let i = i1 - 1; i >= i0; i--) {
      const a = Math.abs(r - tr.y[i]!);
      if (a > band) {
        const b = Math.abs(r - tr.y[i + 1]!);
        settlingTime = tr.t[i]! + ((a - band) / (a - b)) * (tr.t[i + 1]! - tr.t[i]!) - t0;
        break;
      }
    }
  }
  return { iae, ie, ise, itae, overshoot, peak, peakTime: tr.t[peakI]! - t0, riseTime, settlingTime };
}

/** Metrics of a load disturbance entering at `stepAt`, evaluated on [stepAt, to]. */
export function loadMetrics(tr: Trace, stepAt: number, to: number): LoadMetrics {
  const [i0, i1] = windowOf(tr.t, stepAt, to);
  const t0 = tr.t[i0]!;
  const { iae, ie, ise } = integrals(tr, i0, i1, t0);
  let maxI = i0;
  for (let i = i0; i <= i1; i++)
    if (Math.abs(tr.r[i]! - tr.y[i]!) > Math.abs(tr.r[maxI]! - tr.y[maxI]!)) maxI = i;
  return { iae, ie, ise, maxAbsDev: Math.abs(tr.r[maxI]! - tr.y[maxI]!), timeOfMax: tr.t[maxI]! - t0 };
}
