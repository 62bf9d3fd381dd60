/**
 * Linear plants as state space (A, B, C) with an input dead time: FOPDT, SOPDT, integrating, and
 * any strictly proper transfer function num(s)/den(s) (controllable canonical form).
 */
import { XinzhiError } from '../../core/index.js';
import type { PlantModel } from './plant.js';

/** A JSON-friendly description of a linear process model. Times in seconds. */
export type ProcessSpec =
  | { readonly type: 'fopdt'; readonly gain: number; readonly tau: number; readonly deadTime: number }
  | {
      readonly type: 'sopdt';
      readonly gain: number;
      readonly tau1: number;
      readonly tau2: number;
      readonly deadTime: number;
    }
  /** k'·e^(−θs)/s: `gain` is the slope of the PV per unit input (PV units per second per input unit). */
  | { readonly type: 'integrating'; readonly gain: number; readonly deadTime: number }
  /** Coefficients in descending powers of s; degree(num) < degree(den). */
  | {
      readonly type: 'tf';
      readonly num: readonly number[];
      readonly den: readonly number[];
      readonly deadTime?: number | undefined;
    };

export class LinearPlant implements PlantModel {
  readonly order: number;

  constructor(
    readonly label: string,
    /** Row-major n×n. */
    readonly a: Float64Array,
    readonly b: Float64Array,
    readonly c: Float64Array,
    readonly deadTime: number,
    readonly fastestTime: number,
  ) {
    this.order = b.length;
  }

  derivative(x: Float64Array, u: number, out: Float64Array): void {
    const n = this.order;
    for (let i = 0; i < n; i++) {
      let s = this.b[i]! * u;
      for (let j = 0; j < n; j++) s += this.a[i * n + j]! * x[j]!;
      out[i] = s;
    }
  }

  output(x: Float64Array): number {
    let y = 0;
    for (let i = 0; i < this.order; i++) y += this.c[i]! * x[i]!;
    return y;
  }

  /** Steady state for constant u0 (solves A·x = −B·u0); zeros when u0 = 0 or A is singular. */
  initialState(u0: number): Float64Array {
    const x = new Float64Array(this.order);
    if (u0 === 0) return x;
    const sol = solve(
      this.a,
      Float64Array.from(this.b, (v) => -v * u0),
      this.order,
    );
    return sol ?? x;
  }
}

const positive = (v: number, field: string): void => {
  if (!(v > 0) || !Number.isFinite(v)) throw new XinzhiError('BAD_INPUT', `${field} must be > 0`, { field });
};
const nonNegative = (v: number, field: string): void => {
  if (!(v >= 0) || !Number.isFinite(v)) throw new XinzhiError('BAD_INPUT', `${field} must be ≥ 0`, { field });
};
const nonZero = (v: number, field: string): void => {
  if (v === 0 || !Number.isFinite(v))
    throw new XinzhiError('BAD_INPUT', `${field} must be finite and ≠ 0`, { field });
};

/** Builds the state-space plant of a process spec, validating every field. */
export function linearPlant(spec: ProcessSpec): LinearPlant {
  switch (spec.type) {
    case 'fopdt': {
      nonZero(spec.gain, 'gain');
      positive(spec.tau, 'tau');
      nonNegative(spec.deadTime, 'deadTime');
      const label = `${spec.gain}·e^(−${spec.deadTime}s)/(${spec.tau}s+1)`;
      return new LinearPlant(
        label,
        f64(-1 / spec.tau),
        f64(spec.gain / spec.tau),
        f64(1),
        spec.deadTime,
        spec.tau,
      );
    }
    case 'sopdt': {
      nonZero(spec.gain, 'gain');
      positive(spec.tau1, 'tau1');
      positive(spec.tau2, 'tau2');
      nonNegative(spec.deadTime, 'deadTime');
      const { gain: k, tau1: t1, tau2: t2 } = spec;
      const label = `${k}·e^(−${spec.deadTime}s)/((${t1}s+1)(${t2}s+1))`;
      return new LinearPlant(
        label,
        f64(-1 / t1, 0, 1 / t2, -1 / t2),
        f64(k / t1, 0),
        f64(0, 1),
        spec.deadTime,
        Math.min(t1, t2),
      );
    }
    case 'integrating': {
      nonZero(spec.gain, 'gain');
      nonNegative(spec.deadTime, 'deadTime');
      const label = `${spec.gain}·e^(−${spec.deadTime}s)/s`;
      // No time constant: step from the dead time, or 1 s when there is none.
      return new LinearPlant(
        label,
        f64(0),
        f64(spec.gain),
        f64(1),
        spec.deadTime,
        spec.deadTime > 0 ? spec.deadTime : 1,
      );
    }
    case 'tf':
      return tfPlant(spec.num, spec.den, spec.deadTime ?? 0);
  }
}

function tfPlant(num: readonly number[], den: readonly number[], deadTime: number): LinearPlant {
  nonNegative(deadTime, 'deadTime');
  const d = trimLeadingZeros(den, 'den');
  const nn = trimLeadingZeros(num.length ? num : [0], 'num', true);
  const n = d.length - 1;
  if (n < 1) throw new XinzhiError('BAD_INPUT', 'den must have degree ≥ 1', { field: 'den' });
  if (nn.length - 1 >= n)
    throw new XinzhiError('BAD_INPUT', 'the transfer function must be strictly proper (deg num < deg den)', {
      field: 'num',
    });
  const lead = d[0]!;
  const a = new Float64Array(n * n);
  // Controllable canonical form: x1' = x2, …, xn' = −(a_n x1 + … + a_1 xn) + u.
  for (let i = 0; i < n - 1; i++) a[i * n + i + 1] = 1;
  for (let j = 0; j < n; j++) a[(n - 1) * n + j] = -d[n - j]! / lead;
  const b = new Float64Array(n);
  b[n - 1] = 1;
  const c = new Float64Array(n);
  for (let j = 0; j < nn.length; j++) c[j] = nn[nn.length - 1 - j]! / lead;
  // Cauchy's bound on the largest pole magnitude gives a safe fastest time constant.
  let bound = 0;
  for (let i = 1; i <= n; i++) bound = Math.max(bound, Math.abs(d[i]! / lead));
  const label = `(${nn.join(',')})/(${d.join(',')})${deadTime > 0 ? `·e^(−${deadTime}s)` : ''}`;
  return new LinearPlant(label, a, b, c, deadTime, 1 / (1 + bound));
}

function trimLeadingZeros(p: readonly number[], field: string, allowZero = false): number[] {
  for (const v of p)
    if (!Number.isFinite(v))
      throw new XinzhiError('BAD_INPUT', `${field} has a non-finite coefficient`, { field });
  const i = p.findIndex((v) => v !== 0);
  if (i < 0) {
    if (allowZero) return [0];
    throw new XinzhiError('BAD_INPUT', `${field} must have a non-zero coefficient`, { field });
  }
  return p.slice(i);
}

const f64 = (...v: number[]): Float64Array => Float64Array.from(v);

/** Gaussian elimination with partial pivoting; undefined when singular. */
function solve(a: Float64Array, rhs: Float64Array, n: number): Float64Array | undefined {
  const m = Float64Array.from(a);
  const x = Float64Array.from(rhs);
  for (let k = 0; k < n; k++) {
    let piv = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(m[i * n + k]!) > Math.abs(m[piv * n + k]!)) piv = i;
    if (Math.abs(m[piv * n + k]!) < 1e-300) return undefined;
    if (piv !== k) {
      for (let j = 0; j < n; j++) {
        const t = m[k * n + j]!;
        m[k * n + j] = m[piv * n + j]!;
        m[piv * n + j] = t;
      }
      const t = x[k]!;
      x[k] = x[piv]!;
      x[piv] = t;
    }
    for (let i = k + 1; i < n; i++) {
      const f = m[i * n + k]! / m[k * n + k]!;
      for (let j = k; j < n; j++) m[i * n + j] = m[i * n + j]! - f * m[k * n + j]!;
      x[i] = x[i]! - f * x[k]!;
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = x[i]!;
    for (let j = i + 1; j < n; j++) s -= m[i * n + j]! * x[j]!;
    x[i] = s / m[i * n + i]!;
  }
  return x;
}
