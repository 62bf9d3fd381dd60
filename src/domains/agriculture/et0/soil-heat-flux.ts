/** Soil heat flux G, MJ m⁻² day⁻¹ (FAO-56 Chapter 3). Daily G is taken as 0 (Eq. 42). */

/**
 * Monthly G from the mean air temperatures of the previous and the next month (Eq. 43):
 * G = 0.07 (T_{i+1} − T_{i−1}).
 * @example soilHeatFluxMonthly(14.1, 18.8) // 0.329 (Example 13)
 */
export function soilHeatFluxMonthly(tPrevMonthC: number, tNextMonthC: number): number {
  return 0.07 * (tNextMonthC - tPrevMonthC);
}

/** Monthly G when the next month is not known (Eq. 44): G = 0.14 (T_i − T_{i−1}). */
export function soilHeatFluxMonthlyFromPrevious(tPrevMonthC: number, tMonthC: number): number {
  return 0.14 * (tMonthC - tPrevMonthC);
}

/** Hourly (or shorter) G, MJ m⁻² h⁻¹: 0.1 Rn in daylight (Eq. 45), 0.5 Rn at night (Eq. 46). */
export function soilHeatFluxHourly(rnMJ: number, daylight: boolean): number {
  return (daylight ? 0.1 : 0.5) * rnMJ;
}
