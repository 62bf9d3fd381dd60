/** One day of the root-zone water balance (FAO-56 Eq. 80, 81, 84, 85). */
import { readilyAvailableWater, waterStressCoefficient } from './root-zone.js';

export interface WaterBalanceDayInput {
  /** Depletion at the end of the previous day, mm. */
  readonly drPrev: number;
  readonly et0: number;
  readonly kc: number;
  /** Rain entering the root zone, P − RO, mm. */
  readonly effectiveRain: number;
  /** Net irrigation depth infiltrating, mm. */
  readonly irrigation: number;
  /** Capillary rise from a shallow water table, mm (0 when the water table is deeper than ~1 m below the root zone). */
  readonly capillaryRise?: number;
  readonly taw: number;
  readonly p: number;
}

export interface WaterBalanceDay {
  readonly ks: number;
  /** Kc ETo, mm. */
  readonly etc: number;
  /** Ks Kc ETo, mm (Eq. 80/81). */
  readonly etcAdj: number;
  /** Deep percolation below the root zone, mm. */
  readonly deepPercolation: number;
  /** Depletion at the end of the day, mm, 0 ≤ Dr ≤ TAW. */
  readonly dr: number;
  readonly raw: number;
}

/**
 * Dr,i = Dr,i−1 − (P − RO)i − Ii − CRi + ETc,adj,i + DPi (Eq. 85). Ks comes from the depletion at
 * the start of the day (Dr,i−1); water beyond field capacity drains the same day as deep
 * percolation, so Dr never goes below 0.
 */
export function waterBalanceStep(d: WaterBalanceDayInput): WaterBalanceDay {
  const ks = waterStressCoefficient(d.drPrev, d.taw, d.p);
  const etc = d.kc * d.et0;
  const etcAdj = ks * etc;
  const raw = d.drPrev - d.effectiveRain - d.irrigation - (d.capillaryRise ?? 0) + etcAdj;
  const deepPercolation = raw < 0 ? -raw : 0;
  const dr = Math.min(d.taw, Math.max(0, raw));
  return { ks, etc, etcAdj, deepPercolation, dr, raw: readilyAvailableWater(d.p, d.taw) };
}
