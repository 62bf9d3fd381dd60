/** Correcting the modelled depletion with a soil-moisture sensor when the two disagree. */
import { depletionFromMoisture } from './root-zone.js';

export interface MoistureCorrection {
  /** Depletion to carry on with, mm. */
  readonly dr: number;
  readonly corrected: boolean;
  /** Measured minus modelled depletion, mm. */
  readonly differenceMm: number;
  readonly measuredDr: number;
}

/**
 * Default tolerance between modelled and measured depletion before the measurement wins:
 * max(5 mm, 10 % of TAW). Capacitance probes are rarely better than ±0.02–0.03 m³/m³ without
 * site calibration, which over a 0.5–1 m root zone is 10–30 mm, so small differences are noise.
 */
export const defaultMoistureTolerance = (taw: number): number => Math.max(5, 0.1 * taw);

/**
 * Replaces the modelled depletion by the one measured (θ averaged over the root zone) when they
 * differ by more than `toleranceMm`; otherwise keeps the model, whose day-to-day changes are smoother.
 */
export function reconcileDepletion(opts: {
  readonly modelDr: number;
  readonly theta: number;
  readonly thetaFc: number;
  readonly thetaWp: number;
  readonly rootDepthM: number;
  readonly toleranceMm: number;
}): MoistureCorrection {
  const measuredDr = depletionFromMoisture(opts.theta, opts.thetaFc, opts.thetaWp, opts.rootDepthM);
  const differenceMm = measuredDr - opts.modelDr;
  const corrected = Math.abs(differenceMm) > opts.toleranceMm;
  return { dr: corrected ? measuredDr : opts.modelDr, corrected, differenceMm, measuredDr };
}
