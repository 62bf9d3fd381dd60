/**
 * Erlang B and C. Both come from the Erlang B recursion B(0) = 1, B(k) = A·B(k−1)/(k + A·B(k−1)),
 * which stays within [0, 1] at every step: the factorial form overflows doubles beyond c ≈ 170
 * (the benchmark's A = 200, c = 215 case), the recursion does not.
 */
import { XinzhiError } from '../../core/index.js';
import { positive, whole } from './check.js';

/** Blocking probability of an M/M/c/c loss system with offered load `a` Erlang and `c` servers. */
export function erlangB(a: number, c: number): number {
  positive('offered load', a, true);
  whole('servers', c, 0);
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/** Probability that an arrival waits in an M/M/c queue (requires a < c). */
export function erlangC(a: number, c: number): number {
  whole('servers', c);
  if (!(a < c))
    throw new XinzhiError('BAD_INPUT', `offered load ${a} E needs more than ${c} servers to be stable`, {
      field: 'servers',
    });
  const b = erlangB(a, c);
  return (c * b) / (c - a * (1 - b));
}

/**
 * Offered load (Erlang) at which `c` servers block exactly a `blocking` fraction: the inverse
 * Erlang B used for trunk and bay sizing. Bisection on the increasing function A ↦ B(A, c), to
 * machine precision.
 */
export function erlangBCapacity(c: number, blocking: number): number {
  whole('servers', c);
  if (!(blocking > 0 && blocking < 1))
    throw new XinzhiError('BAD_INPUT', `blocking must be in (0, 1), got ${blocking}`, { field: 'blocking' });
  let lo = 0;
  let hi = c;
  while (erlangB(hi, c) < blocking) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > Number.EPSILON * hi; i++) {
    const mid = (lo + hi) / 2;
    if (erlangB(mid, c) < blocking) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * ln Σ_{k=0}^{n} a^k/k!, summed in log space relative to the largest term so it neither
 * overflows nor loses the small terms.
 */
export function logPoissonSum(a: number, n: number): number {
  const la = Math.log(a);
  const logs: number[] = [0];
  let l = 0;
  for (let k = 1; k <= n; k++) {
    l += la - Math.log(k);
    logs.push(l);
  }
  const m = Math.max(...logs);
  let s = 0;
  for (const x of logs) s += Math.exp(x - m);
  return m + Math.log(s);
}
