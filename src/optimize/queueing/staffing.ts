import { XinzhiError } from '../../core/index.js';
import { positive } from './check.js';
import { mmc, serviceLevel } from './mmc.js';

export interface StaffingTarget {
  /** Fraction of arrivals to be answered within `answerTime`, e.g. 0.8. */
  readonly serviceLevel?: number;
  /** Answer time for the service level, in the time unit of the rates. */
  readonly answerTime?: number;
  /** Upper limit on the average speed of answer (mean wait), in the time unit of the rates. */
  readonly maxAsa?: number;
  /** Upper limit on occupancy A/c, e.g. 0.85. */
  readonly maxOccupancy?: number;
}

export interface StaffingInput extends StaffingTarget {
  readonly arrivalRate: number;
  readonly serviceRate: number;
  /** Share of paid time not available for work (breaks, training, absence), in [0, 1). Default 0. */
  readonly shrinkage?: number;
}

export interface StaffingResult {
  /** Offered load in Erlang. */
  readonly A: number;
  /** Fewest servers on duty meeting every target. */
  readonly servers: number;
  /** Head-count to schedule: ceil(servers/(1 − shrinkage)). */
  readonly scheduled: number;
  readonly serviceLevel: number | null;
  readonly Pwait: number;
  readonly asa: number;
  readonly occupancy: number;
}

/** Scheduled head-count for `servers` on duty: ceil(c/(1 − s)), guarding against 14/0.7 = 20.000000000000004. */
export function withShrinkage(servers: number, shrinkage: number): number {
  if (!(shrinkage >= 0 && shrinkage < 1))
    throw new XinzhiError('BAD_INPUT', `shrinkage must be in [0, 1), got ${shrinkage}`, {
      field: 'shrinkage',
    });
  return Math.ceil(servers / (1 - shrinkage) - 1e-9);
}

/**
 * The fewest servers c > A for which an M/M/c queue meets every given target (service level,
 * ASA, occupancy), and the head-count to schedule after shrinkage.
 *
 * @example
 *   staffServers({ arrivalRate: 100 / 30, serviceRate: 1 / 3, serviceLevel: 0.8, answerTime: 20 / 60 })
 *   // → { servers: 14, … }
 */
export function staffServers(input: StaffingInput): StaffingResult {
  const l = positive('arrivalRate', input.arrivalRate, true);
  const mu = positive('serviceRate', input.serviceRate);
  const sl = input.serviceLevel;
  if (sl !== undefined) {
    if (!(sl > 0 && sl < 1))
      throw new XinzhiError('BAD_INPUT', `target service level must be in (0, 1), got ${sl}`, {
        field: 'serviceLevel',
      });
    positive('answerTime', input.answerTime ?? Number.NaN, true);
  }
  if (input.maxAsa !== undefined) positive('maxAsa', input.maxAsa);
  if (input.maxOccupancy !== undefined && !(input.maxOccupancy > 0 && input.maxOccupancy <= 1))
    throw new XinzhiError('BAD_INPUT', `maxOccupancy must be in (0, 1], got ${input.maxOccupancy}`, {
      field: 'maxOccupancy',
    });
  if (sl === undefined && input.maxAsa === undefined && input.maxOccupancy === undefined)
    throw new XinzhiError(
      'BAD_INPUT',
      'give a target: serviceLevel with answerTime, maxAsa or maxOccupancy',
      {
        field: 'serviceLevel',
      },
    );
  const shrinkage = input.shrinkage ?? 0;
  const A = l / mu;
  if (A === 0)
    return {
      A,
      servers: 0,
      scheduled: 0,
      serviceLevel: sl === undefined ? null : 1,
      Pwait: 0,
      asa: 0,
      occupancy: 0,
    };
  for (let c = Math.floor(A) + 1; c < A + 100 * Math.sqrt(A) + 1000; c++) {
    const m = mmc(l, mu, c);
    const s = sl === undefined ? null : serviceLevel(l, mu, c, input.answerTime ?? 0);
    const ok =
      (s === null || s >= (sl ?? 0)) &&
      (input.maxAsa === undefined || m.Wq <= input.maxAsa) &&
      (input.maxOccupancy === undefined || m.rho <= input.maxOccupancy);
    if (ok)
      return {
        A,
        servers: c,
        scheduled: withShrinkage(c, shrinkage),
        serviceLevel: s,
        Pwait: m.Pwait,
        asa: m.Wq,
        occupancy: m.rho,
      };
  }
  throw new XinzhiError('BAD_INPUT', 'no number of servers meets the target', { field: 'serviceLevel' });
}

export interface ShiftDemand {
  readonly label: string;
  /** Expected arrivals per time unit during this shift (a forecast). */
  readonly arrivalRate: number;
}

export interface ShiftStaffing extends StaffingResult {
  readonly label: string;
}

/** Servers per shift from a demand forecast, each shift staffed independently to the same target. */
export function staffShifts(
  shifts: readonly ShiftDemand[],
  common: Omit<StaffingInput, 'arrivalRate'>,
): ShiftStaffing[] {
  return shifts.map((s) => ({ label: s.label, ...staffServers({ ...common, arrivalRate: s.arrivalRate }) }));
}
