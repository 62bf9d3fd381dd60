/**
 * Rain that enters the root zone, P − RO (FAO-56 Eq. 85 uses it). The paper lets runoff be
 * estimated with the USDA Soil Conservation Service curve-number method; that is what `curveNumber`
 * selects (SCS National Engineering Handbook, Section 4: S = 25400/CN − 254 mm, initial abstraction
 * Ia = 0.2 S, RO = (P − Ia)²/(P − Ia + S) when P > Ia). Without a curve number runoff is 0, as in the
 * paper's water-balance examples.
 */
export function runoff(rainMm: number, curveNumber?: number): number {
  if (curveNumber === undefined || rainMm <= 0) return 0;
  if (!(curveNumber > 0 && curveNumber <= 100))
    throw new RangeError(`curve number must be 1–100, got ${curveNumber}`);
  const s = 25400 / curveNumber - 254;
  const ia = 0.2 * s;
  return rainMm > ia ? (rainMm - ia) ** 2 / (rainMm - ia + s) : 0;
}

/** Effective rain P − RO, mm. */
export function effectiveRain(rainMm: number, curveNumber?: number): number {
  return Math.max(0, rainMm - runoff(rainMm, curveNumber));
}
