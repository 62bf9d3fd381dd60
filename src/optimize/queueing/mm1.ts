import { XinzhiError } from '../../core/index.js';
import { positive } from './check.js';

export interface Mm1Metrics {
  readonly rho: number;
  readonly P0: number;
  readonly L: number;
  readonly Lq: number;
  readonly W: number;
  readonly Wq: number;
}

/** M/M/1: one server, Poisson arrivals at rate λ, exponential service at rate μ (λ < μ). */
export function mm1(arrivalRate: number, serviceRate: number): Mm1Metrics {
  const l = positive('arrivalRate', arrivalRate, true);
  const mu = positive('serviceRate', serviceRate);
  if (!(l < mu))
    throw new XinzhiError('BAD_INPUT', `M/M/1 is unstable: arrival rate ${l} ≥ service rate ${mu}`, {
      field: 'arrivalRate',
    });
  const rho = l / mu;
  return {
    rho,
    P0: 1 - rho,
    L: rho / (1 - rho),
    Lq: (rho * rho) / (1 - rho),
    W: 1 / (mu - l),
    Wq: rho / (mu - l),
  };
}

/** P(N ≥ n) in M/M/1: ρⁿ. */
export function mm1ProbAtLeast(arrivalRate: number, serviceRate: number, n: number): number {
  return mm1(arrivalRate, serviceRate).rho ** n;
}
