/** A field as the water balance sees it: crop curve, soil, root depth, area and irrigation system. */
import type { KcCurve } from '../crop/kc-curve.js';

export interface Field {
  readonly id: string;
  /** Irrigated area, hectares (volumes in m³ = mm × ha × 10). */
  readonly areaHa: number;
  /** ISO date of planting (day 0 of the Kc curve). */
  readonly plantingDate: string;
  /** Kc curve, already adjusted for climate if wanted (`adjustKcForClimate`). */
  readonly kc: KcCurve;
  /** Depletion fraction p from Table 22 (for ETc ≈ 5 mm/day). */
  readonly p: number;
  /** Adjust p each day for ETc (Table 22 footnote); default true. */
  readonly adjustP?: boolean;
  /** Volumetric water content at field capacity and wilting point, m³/m³. */
  readonly thetaFc: number;
  readonly thetaWp: number;
  /** Effective root depth, m. */
  readonly rootDepthM: number;
  /** SCS curve number for runoff; no runoff when absent. */
  readonly curveNumber?: number;
  /** Application efficiency of the irrigation system (net/gross), default 0.85. */
  readonly applicationEfficiency?: number;
}

export const DEFAULT_APPLICATION_EFFICIENCY = 0.85;

/** Whole days from the planting date to `date` (both ISO `YYYY-MM-DD`). */
export function daysAfterPlanting(plantingDate: string, date: string): number {
  return Math.round(
    (Date.parse(`${date.slice(0, 10)}T00:00:00Z`) - Date.parse(`${plantingDate.slice(0, 10)}T00:00:00Z`)) /
      86_400_000,
  );
}

/** ISO date `n` days after `date`. */
export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date.slice(0, 10)}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}
