import { XinzhiError } from '../../core/index.js';
import { positive } from './check.js';

/**
 * Kingman's G/G/1 approximation of the mean wait in queue (Kingman 1961):
 * Wq ≈ (ρ/(1−ρ)) · ((ca² + cs²)/2) · τs, with ca², cs² the squared coefficients of variation of
 * inter-arrival and service times and τs the mean service time. Exact for M/M/1 and M/G/1.
 */
export function kingmanWq(rho: number, ca2: number, cs2: number, meanServiceTime: number): number {
  positive('rho', rho, true);
  if (!(rho < 1))
    throw new XinzhiError('BAD_INPUT', `G/G/1 needs utilisation ρ < 1, got ${rho}`, { field: 'rho' });
  positive('ca2', ca2, true);
  positive('cs2', cs2, true);
  positive('meanServiceTime', meanServiceTime);
  return (rho / (1 - rho)) * ((ca2 + cs2) / 2) * meanServiceTime;
}
