import { XinzhiError } from '../../core/index.js';
import { positive, whole } from './check.js';

export interface MmckMetrics {
  readonly P0: number;
  /** Probability an arrival finds the system full and is turned away. */
  readonly PK_block: number;
  readonly L: number;
  readonly Lq: number;
  /** Rate of arrivals that enter: λ(1 − p_K). */
  readonly lam_eff: number;
  readonly W: number;
  readonly Wq: number;
  /** Server utilisation λ_eff/(cμ). */
  readonly util: number;
  /** Stationary distribution p_0 … p_K. */
  readonly p: readonly number[];
}

/**
 * M/M/c/K: c servers and room for K customers in all (K ≥ c). Any load is stable, ρ = 1 included.
 * Terms p_n ∝ A^n/n! (n ≤ c) and A^n/(c!·c^(n−c)) are built by ratios and rescaled when large.
 */
export function mmck(
  arrivalRate: number,
  serviceRate: number,
  servers: number,
  capacity: number,
): MmckMetrics {
  const l = positive('arrivalRate', arrivalRate, true);
  const mu = positive('serviceRate', serviceRate);
  const c = whole('servers', servers);
  const K = whole('capacity', capacity);
  if (K < c)
    throw new XinzhiError('BAD_INPUT', `capacity K = ${K} must be at least servers c = ${c}`, {
      field: 'capacity',
    });
  const A = l / mu;
  const t: number[] = [1];
  for (let n = 1; n <= K; n++) {
    let v = ((t[n - 1] ?? 0) * A) / Math.min(n, c);
    if (v > 1e250) {
      for (let k = 0; k < t.length; k++) t[k] = (t[k] ?? 0) / 1e250;
      v /= 1e250;
    }
    t.push(v);
  }
  const total = t.reduce((s, x) => s + x, 0);
  const p = t.map((x) => x / total);
  let L = 0;
  let Lq = 0;
  p.forEach((pn, n) => {
    L += n * pn;
    if (n > c) Lq += (n - c) * pn;
  });
  const pK = p[K] ?? 0;
  const lamEff = l * (1 - pK);
  return {
    P0: p[0] ?? 0,
    PK_block: pK,
    L,
    Lq,
    lam_eff: lamEff,
    W: lamEff > 0 ? L / lamEff : 0,
    Wq: lamEff > 0 ? Lq / lamEff : 0,
    util: lamEff / (c * mu),
    p,
  };
}
