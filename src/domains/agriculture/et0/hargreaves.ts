import { MJ_TO_MM } from './constants.js';

/**
 * Hargreaves ET0, mm/day (Eq. 52): 0.0023 (Tmean + 17.8) √(Tmax − Tmin) Ra, with Ra expressed as
 * mm/day of evaporation (MJ × 0.408). The paper offers it when only air temperature exists, and
 * recommends checking it against Penman–Monteith with estimated data (Example 20) before use.
 */
export function hargreavesEt0(tMaxC: number, tMinC: number, raMJ: number): number {
  const tMean = (tMaxC + tMinC) / 2;
  return 0.0023 * (tMean + 17.8) * Math.sqrt(Math.max(0, tMaxC - tMinC)) * MJ_TO_MM * raMJ;
}
