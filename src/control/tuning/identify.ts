/**
 * Process identification from step-test data: FOPDT (K, τ, θ) by two-point methods and by a
 * least-squares fit of the exact FOPDT response, and integrating processes (k', θ).
 *
 * The data are samples (t_i, u_i, y_i); the input is held constant from t_i to t_{i+1} (zero-order
 * hold), which is how a step test is logged. The model response to that input is computed exactly
 * (piecewise exponentials, the delayed input switching at t_i + θ), so the fit has no discretisation
 * error whatever the sampling. Gain and baseline enter linearly and are solved in closed form for each
 * (τ, θ); τ and θ are found by a coarse grid then Nelder–Mead. The fit RMSE is in PV units.
 *
 * Two-point methods (times from the input step): Smith (1972) 28.3 %/63.2 %: τ = 1.5(t63 − t28),
 * θ = t63 − τ; Sundaresan & Krishnaswamy (1977) 35.3 %/85.3 %: τ = 0.67(t85 − t35), θ = 1.3·t35 − 0.29·t85.
 */
import { XinzhiError } from '../../core/index.js';
import { nelderMead } from './nelder-mead.js';

export interface StepData {
  /** Sample times in seconds, strictly increasing. */
  readonly t: readonly number[];
  /** Manipulated input (OP) at each sample, held until the next sample. */
  readonly u: readonly number[];
  /** Process value (PV) at each sample. */
  readonly y: readonly number[];
}

export interface FopdtFit {
  readonly gain: number;
  readonly tau: number;
  readonly deadTime: number;
  /** PV baseline (fitted). */
  readonly y0: number;
  readonly fitRmse: number;
  readonly method: 'least-squares' | 'smith' | 'sundaresan-krishnaswamy';
}

export interface IntegratingFit {
  /** k': PV slope per unit input step. */
  readonly gain: number;
  readonly deadTime: number;
  readonly y0: number;
  readonly fitRmse: number;
}

/** Validates step data; throws BAD_INPUT naming the first bad row. */
export function checkStepData(d: StepData): void {
  const n = d.t.length;
  if (d.u.length !== n || d.y.length !== n)
    throw new XinzhiError('BAD_INPUT', 't, u and y must have the same length', { field: 'data' });
  if (n < 5) throw new XinzhiError('BAD_INPUT', `need at least 5 samples, got ${n}`, { field: 'data' });
  for (let i = 0; i < n; i++) {
    for (const [name, arr] of [
      ['t', d.t],
      ['u', d.u],
      ['y', d.y],
    ] as const)
      if (!Number.isFinite(arr[i]))
        throw new XinzhiError('BAD_INPUT', `${name} is not a number at row ${i + 1}`, {
          field: `row ${i + 1}`,
        });
    if (i > 0 && !(d.t[i]! > d.t[i - 1]!))
      throw new XinzhiError('BAD_INPUT', `time must increase strictly (row ${i + 1})`, {
        field: `row ${i + 1}`,
      });
  }
}

interface StepInfo {
  readonly index: number;
  readonly time: number;
  readonly du: number;
  readonly y0: number;
  readonly yEnd: number;
}

function findStep(d: StepData): StepInfo {
  const u0 = d.u[0]!;
  const scale = Math.max(...d.u.map((v) => Math.abs(v)), 1e-300);
  const index = d.u.findIndex((v) => Math.abs(v - u0) > 1e-9 * scale);
  if (index < 0)
    throw new XinzhiError('BAD_INPUT', 'the input never changes: no step to identify from', { field: 'u' });
  const du = d.u[d.u.length - 1]! - u0;
  if (du === 0)
    throw new XinzhiError('BAD_INPUT', 'the input returns to its start value: not a step test', {
      field: 'u',
    });
  const pre = d.y.slice(0, index + 1);
  const tail = d.y.slice(Math.floor(d.y.length * 0.9));
  const mean = (v: readonly number[]): number => v.reduce((s, x) => s + x, 0) / v.length;
  return { index, time: d.t[index]!, du, y0: mean(pre), yEnd: mean(tail) };
}

/** First time (after the step) the normalised response reaches `frac`, linearly interpolated. */
function crossing(d: StepData, s: StepInfo, frac: number): number {
  const span = s.yEnd - s.y0;
  for (let i = s.index; i + 1 < d.t.length; i++) {
    const a = (d.y[i]! - s.y0) / span;
    const b = (d.y[i + 1]! - s.y0) / span;
    if (a < frac && b >= frac) return d.t[i]! + ((frac - a) / (b - a)) * (d.t[i + 1]! - d.t[i]!) - s.time;
  }
  throw new XinzhiError(
    'BAD_INPUT',
    `the response never reaches ${(frac * 100).toFixed(1)} % of its change`,
    {
      field: 'y',
    },
  );
}

/** Two-point FOPDT estimate (Smith or Sundaresan–Krishnaswamy). */
export function twoPointFopdt(d: StepData, method: 'smith' | 'sundaresan-krishnaswamy' = 'smith'): FopdtFit {
  checkStepData(d);
  const s = findStep(d);
  const gain = (s.yEnd - s.y0) / s.du;
  let tau: number;
  let deadTime: number;
  if (method === 'smith') {
    const t28 = crossing(d, s, 0.283);
    const t63 = crossing(d, s, 0.632);
    tau = 1.5 * (t63 - t28);
    deadTime = Math.max(0, t63 - tau);
  } else {
    const t35 = crossing(d, s, 0.353);
    const t85 = crossing(d, s, 0.853);
    tau = 0.67 * (t85 - t35);
    deadTime = Math.max(0, 1.3 * t35 - 0.29 * t85);
  }
  const fitRmse = rmse(d, s.y0, gain, fopdtShape(d, tau, deadTime)) ?? Number.POSITIVE_INFINITY;
  return { gain, tau, deadTime, y0: s.y0, fitRmse, method };
}

/** Unit-gain FOPDT response to the recorded input deviation, exact for a zero-order-hold input. */
export function fopdtShape(d: StepData, tau: number, theta: number): Float64Array {
  return shape(d, theta, (s, c, dt) => c + (s - c) * Math.exp(-dt / tau));
}

function integratingShape(d: StepData, theta: number): Float64Array {
  return shape(d, theta, (s, c, dt) => s + c * dt);
}

function shape(
  d: StepData,
  theta: number,
  advance: (s: number, c: number, dt: number) => number,
): Float64Array {
  const n = d.t.length;
  const out = new Float64Array(n);
  const u0 = d.u[0]!;
  let s = 0;
  let j = 0; // next input sample whose delayed switch is still ahead
  let c = 0; // delayed input deviation in force
  let t = d.t[0]!;
  while (j < n && d.t[j]! + theta <= t) c = d.u[j++]! - u0;
  for (let k = 1; k < n; k++) {
    const tk = d.t[k]!;
    while (j < n && d.t[j]! + theta <= tk) {
      const tb = d.t[j]! + theta;
      s = advance(s, c, tb - t);
      t = tb;
      c = d.u[j++]! - u0;
    }
    s = advance(s, c, tk - t);
    t = tk;
    out[k] = s;
  }
  return out;
}

/** Least-squares baseline and gain for a response shape g: y ≈ y0 + K·g. */
function fitLinear(d: StepData, g: Float64Array): { y0: number; gain: number; rmse: number } {
  const n = g.length;
  let sg = 0;
  let sgg = 0;
  let sy = 0;
  let sgy = 0;
  for (let i = 0; i < n; i++) {
    sg += g[i]!;
    sgg += g[i]! * g[i]!;
    sy += d.y[i]!;
    sgy += g[i]! * d.y[i]!;
  }
  const det = n * sgg - sg * sg;
  if (Math.abs(det) < 1e-300) return { y0: sy / n, gain: 0, rmse: Number.POSITIVE_INFINITY };
  const gain = (n * sgy - sg * sy) / det;
  const y0 = (sy - gain * sg) / n;
  return { y0, gain, rmse: rmse(d, y0, gain, g) ?? Number.POSITIVE_INFINITY };
}

function rmse(d: StepData, y0: number, gain: number, g: Float64Array): number | undefined {
  let ss = 0;
  for (let i = 0; i < g.length; i++) {
    const e = d.y[i]! - y0 - gain * g[i]!;
    ss += e * e;
  }
  const r = Math.sqrt(ss / g.length);
  return Number.isFinite(r) ? r : undefined;
}

/** Least-squares FOPDT fit of the exact response (see the module comment). */
export function fitFopdt(d: StepData): FopdtFit {
  checkStepData(d);
  findStep(d);
  const span = d.t[d.t.length - 1]! - d.t[0]!;
  const dtMin = Math.min(...d.t.slice(1).map((v, i) => v - d.t[i]!));
  const obj = (p: readonly number[]): number => {
    const tau = Math.exp(p[0]!);
    const theta = Math.abs(p[1]!);
    if (!(tau > 1e-9 * span) || theta > span) return Number.POSITIVE_INFINITY;
    return fitLinear(d, fopdtShape(d, tau, theta)).rmse;
  };
  // Coarse grid over τ ∈ [Δt/2, 10·span] (log) and θ ∈ [0, span/2], plus the two-point estimate.
  let best = { p: [Math.log(span / 5), 0], f: Number.POSITIVE_INFINITY };
  for (let i = 0; i <= 16; i++) {
    const tau = (dtMin / 2) * ((20 * span) / dtMin) ** (i / 16);
    for (let j = 0; j <= 16; j++) {
      const p = [Math.log(tau), (span / 2) * (j / 16)];
      const f = obj(p);
      if (f < best.f) best = { p, f };
    }
  }
  try {
    const tp = twoPointFopdt(d, 'smith');
    const p = [Math.log(Math.max(tp.tau, dtMin / 2)), tp.deadTime];
    const f = obj(p);
    if (f < best.f) best = { p, f };
  } catch {
    // No clean single step: the grid start is used.
  }
  const r = nelderMead(obj, best.p, { step: [0.2, Math.max(span / 50, dtMin)], tolerance: 1e-14 });
  const tau = Math.exp(r.x[0]!);
  const deadTime = Math.abs(r.x[1]!);
  const lin = fitLinear(d, fopdtShape(d, tau, deadTime));
  return { gain: lin.gain, tau, deadTime, y0: lin.y0, fitRmse: lin.rmse, method: 'least-squares' };
}

/** Least-squares fit of an integrating process y = y0 + k'·∫(u(t−θ) − u0)dt. */
export function fitIntegrating(d: StepData): IntegratingFit {
  checkStepData(d);
  findStep(d);
  const span = d.t[d.t.length - 1]! - d.t[0]!;
  const obj = (theta: number): number => fitLinear(d, integratingShape(d, theta)).rmse;
  let bestTheta = 0;
  let bestF = obj(0);
  const grid = 200;
  for (let i = 1; i <= grid; i++) {
    const th = (span / 2) * (i / grid);
    const f = obj(th);
    if (f < bestF) {
      bestF = f;
      bestTheta = th;
    }
  }
  // Golden-section refinement on the neighbouring grid cells.
  let a = Math.max(0, bestTheta - span / 2 / grid);
  let b = Math.min(span / 2, bestTheta + span / 2 / grid);
  const gr = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 80; i++) {
    const x1 = b - gr * (b - a);
    const x2 = a + gr * (b - a);
    if (obj(x1) < obj(x2)) b = x2;
    else a = x1;
  }
  const theta = 0.5 * (a + b);
  const lin = fitLinear(d, integratingShape(d, theta));
  return { gain: lin.gain, deadTime: theta, y0: lin.y0, fitRmse: lin.rmse };
}
