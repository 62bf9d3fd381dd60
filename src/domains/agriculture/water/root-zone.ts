/** Root-zone water (FAO-56 Chapter 8): TAW, RAW, the depletion fraction p and the stress coefficient Ks. */

/** Total available water TAW = 1000 (θFC − θWP) Zr, mm (Eq. 82). */
export function totalAvailableWater(thetaFc: number, thetaWp: number, rootDepthM: number): number {
  return 1000 * (thetaFc - thetaWp) * rootDepthM;
}

/** Readily available water RAW = p TAW, mm (Eq. 83). */
export function readilyAvailableWater(p: number, taw: number): number {
  return p * taw;
}

/**
 * p adjusted for the day's crop ET (Table 22 footnote): p = p(Table 22) + 0.04 (5 − ETc), held to
 * 0.1 ≤ p ≤ 0.8. ETc is the unstressed Kc ETo, mm/day.
 * @example adjustDepletionFraction(0.55, 7) // 0.47
 */
export function adjustDepletionFraction(pTable: number, etcMmDay: number): number {
  return Math.min(0.8, Math.max(0.1, pTable + 0.04 * (5 - etcMmDay)));
}

/**
 * Water stress coefficient Ks (Eq. 84): 1 while Dr ≤ RAW, then (TAW − Dr)/((1 − p) TAW), 0 at Dr = TAW.
 */
export function waterStressCoefficient(drMm: number, taw: number, p: number): number {
  if (drMm <= p * taw) return 1;
  return Math.max(0, (taw - drMm) / ((1 - p) * taw));
}

/**
 * Root-zone depletion, mm, from a measured volumetric water content θ averaged over the root zone:
 * Dr = 1000 (θFC − θ) Zr, held to [0, TAW] (the inverse of Eq. 82 at the measured state).
 */
export function depletionFromMoisture(
  theta: number,
  thetaFc: number,
  thetaWp: number,
  rootDepthM: number,
): number {
  const taw = totalAvailableWater(thetaFc, thetaWp, rootDepthM);
  return Math.min(taw, Math.max(0, 1000 * (thetaFc - theta) * rootDepthM));
}

/** Volumetric water content θ that corresponds to a depletion Dr (for display next to sensors). */
export function moistureFromDepletion(drMm: number, thetaFc: number, rootDepthM: number): number {
  return thetaFc - drMm / (1000 * rootDepthM);
}
