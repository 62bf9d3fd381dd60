/** Hourly ET0 (FAO-56 Eq. 53, Example 19), for one period and for a series of periods. */
import { XinzhiError } from '../../../core/index.js';
import { atmosphericPressure, psychrometricConstant } from './atmosphere.js';
import { DEFAULT_WIND_U2 } from './constants.js';
import { dayOfYear as dayOfYearOf } from './day-of-year.js';
import { penmanMonteithHourly } from './penman-monteith.js';
import { clearSkyRadiation, netShortwaveRadiation, relativeShortwave } from './radiation.js';
import { hourlySolarGeometry, netLongwaveRadiationHourly } from './radiation-hourly.js';
import { soilHeatFluxHourly } from './soil-heat-flux.js';
import {
  actualVapourPressureHourly,
  saturationVapourPressure,
  slopeSaturationVapourPressure,
} from './vapour-pressure.js';
import { windSpeedAt2m } from './wind.js';

export interface HourlySite {
  readonly latitudeDeg: number;
  readonly elevationM: number;
  /** Station longitude, degrees east (west negative). */
  readonly longitudeDeg: number;
  /**
   * Longitude of the centre of the time zone the clock times are in, degrees east (15° per hour of
   * UTC offset: UTC+1 → 15). FAO-56 Example 19 uses 15° west, i.e. −15 here.
   */
  readonly timeZoneMeridianDeg: number;
}

export interface HourlyWeather {
  readonly date?: string;
  readonly dayOfYear?: number;
  /** Standard clock time at the middle of the period, hours (14.5 for 14:00–15:00). */
  readonly midpointHour: number;
  /** Period length, hours (1 default). */
  readonly periodHours?: number;
  /** Mean air temperature of the period, °C. */
  readonly t: number;
  /** Humidity: ea (kPa) or RH (%), Eq. 54. */
  readonly ea?: number;
  readonly rh?: number;
  /** Wind: u2, or windSpeed at windHeight (Eq. 47), else 2 m/s. */
  readonly u2?: number;
  readonly windSpeed?: number;
  readonly windHeight?: number;
  /** Measured solar radiation of the period, MJ m⁻² per period. */
  readonly rs: number;
}

export interface Et0HourlyOptions {
  /**
   * Rs/Rso used for Rnl at night when no daytime period 2–3 h before sunset came first. The paper
   * suggests 0.4–0.6 in humid and sub-humid, 0.7–0.8 in arid and semi-arid climates; default 0.8
   * (Example 19).
   */
  readonly nightRsRso?: number;
}

export interface Et0HourlyResult {
  readonly et0: number;
  readonly dayOfYear: number;
  readonly pressure: number;
  readonly gamma: number;
  readonly delta: number;
  readonly e0T: number;
  readonly ea: number;
  readonly seasonalCorrection: number;
  readonly omega: number;
  readonly omega1: number;
  readonly omega2: number;
  readonly sunsetHourAngle: number;
  readonly ra: number;
  readonly rso: number;
  readonly rsRso: number;
  readonly rns: number;
  readonly rnl: number;
  readonly rn: number;
  readonly g: number;
  readonly u2: number;
  readonly daylight: boolean;
  readonly radiationTerm: number;
  readonly aeroTerm: number;
  readonly estimated: readonly string[];
}

/**
 * ET0 for one period, mm per period (Eq. 53). `carriedRsRso` is the Rs/Rso to use if the period is
 * at night (the series function carries it from the afternoon).
 * @example et0Hourly({ latitudeDeg: 16.2167, elevationM: 8, longitudeDeg: -16.25, timeZoneMeridianDeg: -15 },
 *   { dayOfYear: 274, midpointHour: 14.5, t: 38, rh: 52, u2: 3.3, rs: 2.45 }).et0 // 0.63 (Example 19)
 */
export function et0Hourly(
  site: HourlySite,
  w: HourlyWeather,
  options: Et0HourlyOptions = {},
  carriedRsRso?: number,
): Et0HourlyResult {
  const bad = (field: string, message: string): never => {
    throw new XinzhiError('BAD_INPUT', message, { field });
  };
  if (!Number.isFinite(w.t)) bad('t', 't (°C) is required');
  if (!Number.isFinite(w.rs) || w.rs < 0) bad('rs', 'rs (MJ m⁻² per period) is required and must be ≥ 0');
  if (!Number.isFinite(w.midpointHour) || w.midpointHour < 0 || w.midpointHour > 24)
    bad('midpointHour', 'midpointHour must be 0–24');
  if (w.ea === undefined && w.rh === undefined) bad('rh', 'give rh (%) or ea (kPa)');
  if (w.rh !== undefined && !(w.rh >= 0 && w.rh <= 100)) bad('rh', `rh must be 0–100 %, got ${w.rh}`);
  const estimated: string[] = [];
  const J =
    w.dayOfYear ?? (w.date !== undefined ? dayOfYearOf(w.date) : bad('date', 'give date or dayOfYear'));
  const pressure = atmosphericPressure(site.elevationM);
  const gamma = psychrometricConstant(pressure);
  const delta = slopeSaturationVapourPressure(w.t);
  const e0T = saturationVapourPressure(w.t);
  const ea = w.ea ?? actualVapourPressureHourly(w.t, w.rh ?? 0);
  const geo = hourlySolarGeometry({
    latitudeDeg: site.latitudeDeg,
    longitudeDeg: site.longitudeDeg,
    timeZoneMeridianDeg: site.timeZoneMeridianDeg,
    dayOfYear: J,
    midpointHour: w.midpointHour,
    ...(w.periodHours !== undefined ? { periodHours: w.periodHours } : {}),
  });
  const rso = clearSkyRadiation(geo.ra, site.elevationM);
  const night = !(rso > 0);
  let rsRso: number;
  if (night) {
    rsRso = carriedRsRso ?? options.nightRsRso ?? 0.8;
    if (carriedRsRso === undefined) estimated.push(`night Rs/Rso = ${rsRso} (no afternoon period to carry)`);
  } else rsRso = relativeShortwave(w.rs, rso);
  const rns = netShortwaveRadiation(w.rs);
  const rnl = netLongwaveRadiationHourly(w.t, ea, rsRso);
  const rn = rns - rnl;
  const g = soilHeatFluxHourly(rn, !night);
  let u2: number;
  if (w.u2 !== undefined) u2 = w.u2;
  else if (w.windSpeed !== undefined) u2 = windSpeedAt2m(w.windSpeed, w.windHeight ?? 2);
  else {
    u2 = DEFAULT_WIND_U2;
    estimated.push(`u2 = ${u2} m/s (the paper's default): no wind data`);
  }
  const pm = penmanMonteithHourly({ delta, gamma, rn, g, tC: w.t, u2, es: e0T, ea });
  return {
    et0: Math.max(0, pm.et0),
    dayOfYear: J,
    pressure,
    gamma,
    delta,
    e0T,
    ea,
    seasonalCorrection: geo.seasonalCorrection,
    omega: geo.omega,
    omega1: geo.omega1,
    omega2: geo.omega2,
    sunsetHourAngle: geo.sunsetHourAngle,
    ra: geo.ra,
    rso,
    rsRso,
    rns,
    rnl,
    rn,
    g,
    u2,
    daylight: !night,
    radiationTerm: pm.radiationTerm,
    aeroTerm: pm.aeroTerm,
    estimated,
  };
}

/**
 * Hourly ET0 for consecutive periods in time order. At night Rnl uses the Rs/Rso of the last
 * daytime period whose midpoint lay 2–3 h before sunset (ω within [ωs − 0.79, ωs − 0.52] rad), as
 * the paper prescribes, else `nightRsRso`.
 */
export function et0HourlySeries(
  site: HourlySite,
  periods: readonly HourlyWeather[],
  options: Et0HourlyOptions = {},
): Et0HourlyResult[] {
  let carried: number | undefined;
  return periods.map((p) => {
    const r = et0Hourly(site, p, options, carried);
    if (r.daylight && r.omega >= r.sunsetHourAngle - 0.79 && r.omega <= r.sunsetHourAngle - 0.52)
      carried = r.rsRso;
    return r;
  });
}
