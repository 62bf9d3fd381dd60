import { positive, whole } from './check.js';
import { erlangB, erlangC, logPoissonSum } from './erlang.js';

export interface MmcMetrics {
  /** Offered load λ/μ in Erlang. */
  readonly A: number;
  /** Occupancy A/c. */
  readonly rho: number;
  /** Probability the system is empty. */
  readonly P0: number;
  /** Erlang C: probability an arrival waits. */
  readonly Pwait: number;
  readonly Lq: number;
  /** Mean wait in queue; the average speed of answer (ASA) of a call centre. */
  readonly Wq: number;
  readonly W: number;
  readonly L: number;
}

/** M/M/c (Erlang C): c servers, Poisson arrivals at λ, exponential service at μ, infinite queue. */
export function mmc(arrivalRate: number, serviceRate: number, servers: number): MmcMetrics {
  const l = positive('arrivalRate', arrivalRate, true);
  const mu = positive('serviceRate', serviceRate);
  const c = whole('servers', servers);
  const A = l / mu;
  const rho = A / c;
  const C = erlangC(A, c);
  const B = erlangB(A, c);
  // 1/P0 = Σ_{k<c} A^k/k! + A^c/(c!(1−ρ)) = S·(1 − B + B/(1−ρ)) with S = Σ_{k≤c} A^k/k!, A^c/c! = B·S.
  const logInvP0 = (A === 0 ? 0 : logPoissonSum(A, c)) + Math.log(1 - B + B / (1 - rho));
  const Wq = C / (c * mu - l);
  return { A, rho, P0: Math.exp(-logInvP0), Pwait: C, Lq: l * Wq, Wq, W: Wq + 1 / mu, L: l * (Wq + 1 / mu) };
}

/** Service level of M/M/c: the probability of waiting at most `t` (same time unit as the rates). */
export function serviceLevel(arrivalRate: number, serviceRate: number, servers: number, t: number): number {
  positive('answerTime', t, true);
  const C = erlangC(arrivalRate / serviceRate, whole('servers', servers));
  return 1 - C * Math.exp(-(servers * serviceRate - arrivalRate) * t);
}
