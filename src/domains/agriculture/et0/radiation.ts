/** Daily radiation (FAO-56 Chapter 3, Eq. 21–40 and 50). Latitude in decimal degrees, north positive. */
import {
  ANGSTROM_AS,
  ANGSTROM_BS,
  KELVIN_RNL,
  KRS_INTERIOR,
  REFERENCE_ALBEDO,
  SOLAR_CONSTANT,
  STEFAN_BOLTZMANN,
} from './constants.js';

/** Degrees to radians (Eq. 22). */
export const toRadians = (deg: number): number => (Math.PI / 180) * deg;

/** Inverse relative distance Earth–Sun dr for day of year J (Eq. 23). */
export function inverseRelativeDistance(dayOfYear: number): number {
  return 1 + 0.033 * Math.cos(((2 * Math.PI) / 365) * dayOfYear);
}

/** Solar declination δ, rad, for day of year J (Eq. 24). */
export function solarDeclination(dayOfYear: number): number {
  return 0.409 * Math.sin(((2 * Math.PI) / 365) * dayOfYear - 1.39);
}

/**
 * Sunset hour angle ωs, rad (Eq. 25). The argument is clamped to [−1, 1] so that polar day
 * (ωs = π) and polar night (ωs = 0) come out instead of NaN.
 */
export function sunsetHourAngle(latitudeRad: number, declinationRad: number): number {
  const x = -Math.tan(latitudeRad) * Math.tan(declinationRad);
  return Math.acos(Math.min(1, Math.max(-1, x)));
}

/** Everything Eq. 21–25 and 34 give for one day: dr, δ, ωs, Ra (MJ m⁻² day⁻¹) and N (hours). */
export interface SolarGeometry {
  readonly dr: number;
  readonly declination: number;
  readonly sunsetHourAngle: number;
  readonly ra: number;
  readonly daylightHours: number;
}

/**
 * Extraterrestrial radiation Ra, MJ m⁻² day⁻¹ (Eq. 21) with its intermediates.
 * @example solarGeometry(-20, 246).ra // 32.2 (Example 8)
 */
export function solarGeometry(latitudeDeg: number, dayOfYear: number): SolarGeometry {
  const phi = toRadians(latitudeDeg);
  const dr = inverseRelativeDistance(dayOfYear);
  const declination = solarDeclination(dayOfYear);
  const ws = sunsetHourAngle(phi, declination);
  const ra =
    ((24 * 60) / Math.PI) *
    SOLAR_CONSTANT *
    dr *
    (ws * Math.sin(phi) * Math.sin(declination) + Math.cos(phi) * Math.cos(declination) * Math.sin(ws));
  return { dr, declination, sunsetHourAngle: ws, ra: Math.max(0, ra), daylightHours: daylightHours(ws) };
}

/** Extraterrestrial radiation Ra, MJ m⁻² day⁻¹ (Eq. 21). */
export function extraterrestrialRadiation(latitudeDeg: number, dayOfYear: number): number {
  return solarGeometry(latitudeDeg, dayOfYear).ra;
}

/** Daylight hours N from the sunset hour angle (Eq. 34). */
export function daylightHours(sunsetHourAngleRad: number): number {
  return (24 / Math.PI) * sunsetHourAngleRad;
}

/**
 * Solar radiation Rs, MJ m⁻² day⁻¹, from actual sunshine hours n and daylight hours N with the
 * Ångström formula (Eq. 35); a_s = 0.25, b_s = 0.50 unless calibrated.
 */
export function solarRadiationFromSunshine(
  sunshineHours: number,
  daylightHoursN: number,
  raMJ: number,
  as: number = ANGSTROM_AS,
  bs: number = ANGSTROM_BS,
): number {
  return (as + (bs * sunshineHours) / daylightHoursN) * raMJ;
}

/** Clear-sky solar radiation Rso, MJ m⁻² day⁻¹, from Ra and station elevation (Eq. 37). */
export function clearSkyRadiation(raMJ: number, elevationM: number): number {
  return (0.75 + 2e-5 * elevationM) * raMJ;
}

/** Clear-sky solar radiation when calibrated Ångström values exist (Eq. 36): (a_s + b_s) Ra. */
export function clearSkyRadiationAngstrom(raMJ: number, as: number, bs: number): number {
  return (as + bs) * raMJ;
}

/** Net shortwave radiation Rns = (1 − α) Rs (Eq. 38), α = 0.23 for the reference crop. */
export function netShortwaveRadiation(rsMJ: number, albedo: number = REFERENCE_ALBEDO): number {
  return (1 - albedo) * rsMJ;
}

/**
 * Relative shortwave radiation Rs/Rso, limited to ≤ 1.0 as Eq. 39 requires. When Rso is 0
 * (polar night) the ratio is undefined and the caller's fallback is used.
 */
export function relativeShortwave(rsMJ: number, rsoMJ: number, fallback = 0.8): number {
  if (!(rsoMJ > 0)) return fallback;
  return Math.min(1, rsMJ / rsoMJ);
}

/**
 * Net longwave radiation Rnl, MJ m⁻² day⁻¹ (Eq. 39), from Tmax and Tmin in °C (the paper averages
 * the fourth powers of both, in K = °C + 273.16), ea in kPa and Rs/Rso (≤ 1.0).
 * @example netLongwaveRadiation(25.1, 19.1, 2.1, 14.5 / 18.8) // 3.5 (Example 11)
 */
export function netLongwaveRadiation(tMaxC: number, tMinC: number, eaKPa: number, rsRso: number): number {
  const tk4 = ((tMaxC + KELVIN_RNL) ** 4 + (tMinC + KELVIN_RNL) ** 4) / 2;
  return STEFAN_BOLTZMANN * tk4 * (0.34 - 0.14 * Math.sqrt(eaKPa)) * (1.35 * Math.min(1, rsRso) - 0.35);
}

/** Net radiation Rn = Rns − Rnl (Eq. 40). */
export function netRadiation(rnsMJ: number, rnlMJ: number): number {
  return rnsMJ - rnlMJ;
}

/**
 * Solar radiation from the temperature range (Hargreaves' radiation formula, Eq. 50):
 * Rs = kRs √(Tmax − Tmin) Ra; kRs 0.16 interior, 0.19 coastal. Capped at Rso by the caller if needed.
 * @example solarRadiationFromTemperature(40.6, 26.6, 14.8) // 22.3 (Example 15)
 */
export function solarRadiationFromTemperature(
  raMJ: number,
  tMaxC: number,
  tMinC: number,
  kRs: number = KRS_INTERIOR,
): number {
  return kRs * Math.sqrt(Math.max(0, tMaxC - tMinC)) * raMJ;
}
