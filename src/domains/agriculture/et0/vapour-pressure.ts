/** Air humidity (FAO-56 Chapter 3): saturation and actual vapour pressure, every humidity variant. */
import { psychrometricConstant } from './atmosphere.js';

/**
 * Saturation vapour pressure e°(T), kPa, at air temperature T in °C (Eq. 11).
 * @example saturationVapourPressure(24.5) // 3.075 (Example 3)
 */
export function saturationVapourPressure(tC: number): number {
  return 0.6108 * Math.exp((17.27 * tC) / (tC + 237.3));
}

/** Mean saturation vapour pressure es, kPa, from daily Tmax and Tmin (Eq. 12). */
export function meanSaturationVapourPressure(tMaxC: number, tMinC: number): number {
  return (saturationVapourPressure(tMaxC) + saturationVapourPressure(tMinC)) / 2;
}

/** Slope of the saturation vapour pressure curve Δ, kPa/°C, at T in °C (Eq. 13). */
export function slopeSaturationVapourPressure(tC: number): number {
  return (4098 * saturationVapourPressure(tC)) / (tC + 237.3) ** 2;
}

/** Actual vapour pressure ea, kPa, from dew point temperature (Eq. 14). */
export function actualVapourPressureFromDewPoint(tDewC: number): number {
  return saturationVapourPressure(tDewC);
}

/**
 * Psychrometer coefficient a_psy, °C⁻¹ (Eq. 16): 0.000662 for ventilated (Asmann) psychrometers
 * (air movement about 5 m/s), 0.000800 for natural ventilation (about 1 m/s), 0.001200 for
 * non-ventilated psychrometers installed indoors.
 */
export const PSYCHROMETER_COEFFICIENT = {
  ventilated: 0.000662,
  natural: 0.0008,
  indoor: 0.0012,
} as const;

/**
 * Actual vapour pressure ea, kPa, from dry and wet bulb temperatures (Eq. 15, 16):
 * ea = e°(Twet) − γpsy (Tdry − Twet), γpsy = a_psy P.
 * @example actualVapourPressureFromPsychrometer(25.6, 19.5, 87.9) // 1.91 (Example 4)
 */
export function actualVapourPressureFromPsychrometer(
  tDryC: number,
  tWetC: number,
  pressureKPa: number,
  aPsy: number = PSYCHROMETER_COEFFICIENT.ventilated,
): number {
  return saturationVapourPressure(tWetC) - aPsy * pressureKPa * (tDryC - tWetC);
}

/** ea, kPa, from RHmax and RHmin in % (Eq. 17): the paper's preferred RH form. */
export function actualVapourPressureFromRhMinMax(
  tMinC: number,
  tMaxC: number,
  rhMinPct: number,
  rhMaxPct: number,
): number {
  return (
    (saturationVapourPressure(tMinC) * (rhMaxPct / 100) +
      saturationVapourPressure(tMaxC) * (rhMinPct / 100)) /
    2
  );
}

/** ea, kPa, from RHmax only (Eq. 18), for when RHmin is unreliable. */
export function actualVapourPressureFromRhMax(tMinC: number, rhMaxPct: number): number {
  return saturationVapourPressure(tMinC) * (rhMaxPct / 100);
}

/** ea, kPa, from RHmean (Eq. 19), the least desirable variant. */
export function actualVapourPressureFromRhMean(tMinC: number, tMaxC: number, rhMeanPct: number): number {
  return (rhMeanPct / 100) * meanSaturationVapourPressure(tMaxC, tMinC);
}

/** Hourly ea, kPa, from the hourly temperature and relative humidity (Eq. 54). */
export function actualVapourPressureHourly(tC: number, rhPct: number): number {
  return saturationVapourPressure(tC) * (rhPct / 100);
}

/**
 * ea, kPa, when humidity data are missing (Eq. 48): Tdew ≈ Tmin − Ko. Ko = 0 in humid and
 * sub-humid climates; the paper suggests subtracting 2–3 °C in arid and semi-arid climates.
 */
export function actualVapourPressureFromTmin(tMinC: number, aridityOffsetC = 0): number {
  return saturationVapourPressure(tMinC - aridityOffsetC);
}

/** Re-exported for callers computing γpsy for Eq. 15 themselves. */
export { psychrometricConstant };
