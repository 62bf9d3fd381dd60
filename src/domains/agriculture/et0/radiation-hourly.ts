/**
 * Radiation for hourly or shorter periods (FAO-56 Eq. 28–33 and the hourly Rnl).
 *
 * The paper writes longitudes in degrees west of Greenwich; this module takes the usual
 * east-positive longitudes and converts, because (Lz − Lm) in degrees west equals
 * (longitude − time-zone meridian) in degrees east.
 */
import { KELVIN_RNL, SOLAR_CONSTANT, STEFAN_BOLTZMANN } from './constants.js';
import { inverseRelativeDistance, solarDeclination, sunsetHourAngle, toRadians } from './radiation.js';

/** Seasonal correction for solar time Sc, hours (Eq. 32, 33). */
export function seasonalCorrection(dayOfYear: number): number {
  const b = (2 * Math.PI * (dayOfYear - 81)) / 364;
  return 0.1645 * Math.sin(2 * b) - 0.1255 * Math.cos(b) - 0.025 * Math.sin(b);
}

/**
 * Solar time angle ω at the midpoint of the period, rad (Eq. 31).
 * @param midpointHour standard clock time at the midpoint of the period, e.g. 14.5 for 14:00–15:00
 * @param longitudeDeg station longitude, degrees east (west negative)
 * @param timeZoneMeridianDeg longitude of the centre of the local time zone, degrees east
 */
export function solarTimeAngle(
  midpointHour: number,
  longitudeDeg: number,
  timeZoneMeridianDeg: number,
  dayOfYear: number,
): number {
  const lzMinusLmWest = longitudeDeg - timeZoneMeridianDeg;
  return (Math.PI / 12) * (midpointHour + 0.06667 * lzMinusLmWest + seasonalCorrection(dayOfYear) - 12);
}

export interface HourlySolarGeometry {
  readonly dr: number;
  readonly declination: number;
  readonly sunsetHourAngle: number;
  readonly seasonalCorrection: number;
  /** ω at the period midpoint, rad (Eq. 31). */
  readonly omega: number;
  /** ω1 and ω2, clamped to [−ωs, ωs] (Eq. 29, 30). */
  readonly omega1: number;
  readonly omega2: number;
  /** Extraterrestrial radiation for the period, MJ m⁻² per period (Eq. 28). */
  readonly ra: number;
  /** True when the sun is above the horizon at the midpoint (|ω| < ωs). */
  readonly daylight: boolean;
}

/**
 * Extraterrestrial radiation for a period of `periodHours` (1 for hourly) centred on
 * `midpointHour` (Eq. 28–33).
 */
export function hourlySolarGeometry(opts: {
  readonly latitudeDeg: number;
  readonly longitudeDeg: number;
  readonly timeZoneMeridianDeg: number;
  readonly dayOfYear: number;
  readonly midpointHour: number;
  readonly periodHours?: number;
}): HourlySolarGeometry {
  const t1 = opts.periodHours ?? 1;
  const phi = toRadians(opts.latitudeDeg);
  const dr = inverseRelativeDistance(opts.dayOfYear);
  const declination = solarDeclination(opts.dayOfYear);
  const ws = sunsetHourAngle(phi, declination);
  const sc = seasonalCorrection(opts.dayOfYear);
  const omega = solarTimeAngle(
    opts.midpointHour,
    opts.longitudeDeg,
    opts.timeZoneMeridianDeg,
    opts.dayOfYear,
  );
  const clamp = (w: number): number => Math.min(ws, Math.max(-ws, w));
  const omega2 = clamp(omega + (Math.PI * t1) / 24);
  const omega1 = Math.min(clamp(omega - (Math.PI * t1) / 24), omega2);
  const ra =
    ((12 * 60) / Math.PI) *
    SOLAR_CONSTANT *
    dr *
    ((omega2 - omega1) * Math.sin(phi) * Math.sin(declination) +
      Math.cos(phi) * Math.cos(declination) * (Math.sin(omega2) - Math.sin(omega1)));
  return {
    dr,
    declination,
    sunsetHourAngle: ws,
    seasonalCorrection: sc,
    omega,
    omega1,
    omega2,
    ra: Math.max(0, ra),
    daylight: Math.abs(omega) < ws,
  };
}

/**
 * Net longwave radiation for an hour, MJ m⁻² h⁻¹: Eq. 39 with σ/24 and the hourly temperature
 * (K = °C + 273.16). At night the caller passes the Rs/Rso of the period 2–3 hours before sunset.
 */
export function netLongwaveRadiationHourly(tC: number, eaKPa: number, rsRso: number): number {
  return (
    (STEFAN_BOLTZMANN / 24) *
    (tC + KELVIN_RNL) ** 4 *
    (0.34 - 0.14 * Math.sqrt(eaKPa)) *
    (1.35 * Math.min(1, rsRso) - 0.35)
  );
}
