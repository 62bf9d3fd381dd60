/** The daily root-zone water balance of one field over a run of days (FAO-56 Chapter 8). */
import { kcOnDay } from '../crop/kc-curve.js';
import { effectiveRain } from './effective-rain.js';
import { DEFAULT_APPLICATION_EFFICIENCY, daysAfterPlanting, type Field } from './field.js';
import { adjustDepletionFraction, totalAvailableWater } from './root-zone.js';
import { defaultMoistureTolerance, reconcileDepletion } from './soil-moisture.js';
import { waterBalanceStep } from './water-balance-step.js';

export interface FieldDay {
  readonly date: string;
  readonly et0: number;
  /** Rain, mm (before runoff). */
  readonly rain: number;
  /** Gross irrigation applied, mm (net = gross × application efficiency). */
  readonly irrigationGross?: number;
  /** Root-zone mean volumetric water content measured at the start of the day, m³/m³. */
  readonly theta?: number;
}

export interface FieldDayResult {
  readonly date: string;
  readonly dayAfterPlanting: number;
  readonly kc: number;
  readonly et0: number;
  readonly rain: number;
  readonly effectiveRain: number;
  readonly irrigationNet: number;
  readonly irrigationGross: number;
  readonly p: number;
  readonly taw: number;
  readonly raw: number;
  readonly drStart: number;
  readonly ks: number;
  readonly etc: number;
  readonly etcAdj: number;
  readonly deepPercolation: number;
  readonly dr: number;
  /** Set when a soil-moisture reading replaced the modelled depletion at the start of the day. */
  readonly moistureCorrection?: { readonly modelDr: number; readonly measuredDr: number };
}

export interface SimulateOptions {
  /** Depletion at the start, mm (default 0: field capacity). */
  readonly initialDepletion?: number;
  /** Tolerance before a soil-moisture reading overrides the model, mm (default max(5, 0.1 TAW)). */
  readonly moistureToleranceMm?: number;
}

/** p for a day: Table 22 value adjusted for Kc ETo unless the field turns that off. */
export function depletionFractionFor(field: Field, etc: number): number {
  return field.adjustP === false ? field.p : adjustDepletionFraction(field.p, etc);
}

/** Runs Eq. 85 day by day, applying sensor corrections and the given irrigations. */
export function simulateField(
  field: Field,
  days: readonly FieldDay[],
  options: SimulateOptions = {},
): FieldDayResult[] {
  const taw = totalAvailableWater(field.thetaFc, field.thetaWp, field.rootDepthM);
  const tolerance = options.moistureToleranceMm ?? defaultMoistureTolerance(taw);
  const efficiency = field.applicationEfficiency ?? DEFAULT_APPLICATION_EFFICIENCY;
  let dr = options.initialDepletion ?? 0;
  const out: FieldDayResult[] = [];
  for (const d of days) {
    let moistureCorrection: FieldDayResult['moistureCorrection'];
    if (d.theta !== undefined) {
      const c = reconcileDepletion({
        modelDr: dr,
        theta: d.theta,
        thetaFc: field.thetaFc,
        thetaWp: field.thetaWp,
        rootDepthM: field.rootDepthM,
        toleranceMm: tolerance,
      });
      if (c.corrected) moistureCorrection = { modelDr: dr, measuredDr: c.measuredDr };
      dr = c.dr;
    }
    const dap = daysAfterPlanting(field.plantingDate, d.date);
    const kc = kcOnDay(field.kc, Math.max(0, dap));
    const p = depletionFractionFor(field, kc * d.et0);
    const eff = effectiveRain(d.rain, field.curveNumber);
    const gross = d.irrigationGross ?? 0;
    const net = gross * efficiency;
    const step = waterBalanceStep({
      drPrev: dr,
      et0: d.et0,
      kc,
      effectiveRain: eff,
      irrigation: net,
      taw,
      p,
    });
    out.push({
      date: d.date,
      dayAfterPlanting: dap,
      kc,
      et0: d.et0,
      rain: d.rain,
      effectiveRain: eff,
      irrigationNet: net,
      irrigationGross: gross,
      p,
      taw,
      raw: step.raw,
      drStart: dr,
      ks: step.ks,
      etc: step.etc,
      etcAdj: step.etcAdj,
      deepPercolation: step.deepPercolation,
      dr: step.dr,
      ...(moistureCorrection ? { moistureCorrection } : {}),
    });
    dr = step.dr;
  }
  return out;
}
