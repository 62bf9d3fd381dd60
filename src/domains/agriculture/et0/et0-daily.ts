/**
 * Daily and monthly ET0 from whatever a station measured, filling the gaps with the paper's own
 * procedures (FAO-56 Chapter 3 "Missing data" and Example 20) and saying which one was used.
 */
import type { Issue } from '../../../core/index.js';
import { issuesError, XinzhiError } from '../../../core/index.js';
import { atmosphericPressure, psychrometricConstant } from './atmosphere.js';
import { DEFAULT_WIND_U2, KRS_INTERIOR } from './constants.js';
import { dayOfYear as dayOfYearOf } from './day-of-year.js';
import { penmanMonteithDaily } from './penman-monteith.js';
import {
  clearSkyRadiation,
  netLongwaveRadiation,
  netRadiation,
  netShortwaveRadiation,
  relativeShortwave,
  solarGeometry,
  solarRadiationFromSunshine,
  solarRadiationFromTemperature,
} from './radiation.js';
import {
  actualVapourPressureFromDewPoint,
  actualVapourPressureFromPsychrometer,
  actualVapourPressureFromRhMax,
  actualVapourPressureFromRhMean,
  actualVapourPressureFromRhMinMax,
  actualVapourPressureFromTmin,
  meanSaturationVapourPressure,
  PSYCHROMETER_COEFFICIENT,
  slopeSaturationVapourPressure,
} from './vapour-pressure.js';
import { windSpeedAt2m } from './wind.js';

export interface Site {
  /** Decimal degrees, north positive. */
  readonly latitudeDeg: number;
  /** Metres above sea level. */
  readonly elevationM: number;
}

/**
 * One day of weather. Only Tmax and Tmin are required; for each other quantity the first variant
 * present is used, in the order the paper prefers.
 */
export interface DailyWeather {
  /** ISO date `YYYY-MM-DD`; or give `dayOfYear`. */
  readonly date?: string;
  readonly dayOfYear?: number;
  readonly tMax: number;
  readonly tMin: number;
  /** Humidity, in order of preference: ea (kPa), dew point (°C), psychrometer, RH max+min, RH max, RH mean (%). */
  readonly ea?: number;
  readonly tDew?: number;
  readonly tDry?: number;
  readonly tWet?: number;
  readonly rhMax?: number;
  readonly rhMin?: number;
  readonly rhMean?: number;
  /** Radiation: measured Rs (MJ m⁻² day⁻¹), else sunshine hours n, else the temperature range (Eq. 50). */
  readonly rs?: number;
  readonly sunshineHours?: number;
  /** Wind: u2 (m/s at 2 m), else `windSpeed` at `windHeight` metres (Eq. 47), else 2 m/s. */
  readonly u2?: number;
  readonly windSpeed?: number;
  readonly windHeight?: number;
}

/** Options of the daily computation; every field has the paper's default. */
export interface Et0Options {
  /** kRs of Eq. 50 when Rs is estimated from temperature: 0.16 interior (default), 0.19 coastal. */
  readonly kRs?: number;
  /** Ko of Eq. 48 (Tdew ≈ Tmin − Ko) when humidity is missing: 0 (default) humid, 2–3 °C arid. */
  readonly aridityOffsetC?: number;
  /** u2 when no wind data: 2 m/s (default). */
  readonly defaultU2?: number;
  /** Psychrometer coefficient a_psy (Eq. 16): 0.000662 ventilated (default). */
  readonly aPsy?: number;
}

export type HumiditySource =
  | 'ea'
  | 'dew-point'
  | 'psychrometer'
  | 'rh-max-min'
  | 'rh-max'
  | 'rh-mean'
  | 'tmin';
export type RadiationSource = 'measured' | 'sunshine' | 'temperature';
export type WindSource = 'u2' | 'height' | 'default';

export interface Et0DailyResult {
  readonly et0: number;
  readonly dayOfYear: number;
  readonly tMean: number;
  readonly pressure: number;
  readonly gamma: number;
  readonly delta: number;
  readonly es: number;
  readonly ea: number;
  readonly vpd: number;
  readonly dr: number;
  readonly declination: number;
  readonly sunsetHourAngle: number;
  readonly ra: number;
  readonly daylightHours: number;
  readonly rs: number;
  readonly rso: number;
  readonly rns: number;
  readonly rnl: number;
  readonly rn: number;
  readonly g: number;
  readonly u2: number;
  readonly radiationTerm: number;
  readonly aeroTerm: number;
  readonly sources: {
    readonly humidity: HumiditySource;
    readonly radiation: RadiationSource;
    readonly wind: WindSource;
  };
  /** One sentence per quantity that was estimated by a missing-data procedure. */
  readonly estimated: readonly string[];
}

const has = (x: number | undefined): x is number => x !== undefined && Number.isFinite(x);

/** Every problem with one day of weather (empty when it can be computed). */
export function validateDailyWeather(w: DailyWeather, where = ''): Issue[] {
  const issues: Issue[] = [];
  const at = (f: string): string => (where ? `${where}.${f}` : f);
  const bad = (f: string, message: string): void => {
    issues.push({ code: 'BAD_INPUT', message, where: at(f) });
  };
  if (!Number.isFinite(w.tMax)) bad('tMax', 'tMax is required and must be a number (°C)');
  if (!Number.isFinite(w.tMin)) bad('tMin', 'tMin is required and must be a number (°C)');
  if (Number.isFinite(w.tMax) && Number.isFinite(w.tMin) && w.tMax < w.tMin)
    bad('tMax', `tMax ${w.tMax} is below tMin ${w.tMin}`);
  for (const f of ['tMax', 'tMin', 'tDew', 'tDry', 'tWet'] as const) {
    const v = w[f];
    if (has(v) && (v < -90 || v > 65)) bad(f, `${f} ${v} °C is outside −90…65 °C`);
  }
  for (const f of ['rhMax', 'rhMin', 'rhMean'] as const) {
    const v = w[f];
    if (v !== undefined && (!Number.isFinite(v) || v < 0 || v > 100))
      bad(f, `${f} must be 0–100 %, got ${v}`);
  }
  if (has(w.rhMax) && has(w.rhMin) && w.rhMin > w.rhMax)
    bad('rhMin', `rhMin ${w.rhMin} exceeds rhMax ${w.rhMax}`);
  for (const f of ['ea', 'rs', 'sunshineHours', 'u2', 'windSpeed'] as const) {
    const v = w[f];
    if (v !== undefined && (!Number.isFinite(v) || v < 0)) bad(f, `${f} must be a number ≥ 0, got ${v}`);
  }
  if (w.windHeight !== undefined && (!Number.isFinite(w.windHeight) || w.windHeight <= 0.1))
    bad('windHeight', `windHeight must be above 0.1 m, got ${w.windHeight}`);
  if (w.dayOfYear === undefined && w.date === undefined) bad('date', 'give a date (YYYY-MM-DD) or dayOfYear');
  if (w.dayOfYear !== undefined && !(Number.isInteger(w.dayOfYear) && w.dayOfYear >= 1 && w.dayOfYear <= 366))
    bad('dayOfYear', `dayOfYear must be an integer 1–366, got ${w.dayOfYear}`);
  if (w.date !== undefined && w.dayOfYear === undefined) {
    try {
      dayOfYearOf(w.date);
    } catch (e) {
      bad('date', e instanceof Error ? e.message : String(e));
    }
  }
  return issues;
}

function validateSite(site: Site): void {
  if (!Number.isFinite(site.latitudeDeg) || Math.abs(site.latitudeDeg) > 90)
    throw new XinzhiError('BAD_INPUT', `latitude must be −90…90°, got ${site.latitudeDeg}`, { field: 'lat' });
  if (!Number.isFinite(site.elevationM) || site.elevationM < -500 || site.elevationM > 9000)
    throw new XinzhiError('BAD_INPUT', `elevation must be −500…9000 m, got ${site.elevationM}`, {
      field: 'elevation',
    });
}

/**
 * ET0 for a day (or a month's mean day when `g` is given, Eq. 43/44) with every intermediate.
 * Throws `BAD_INPUT` naming the first bad field; use `validateDailyWeather` to list them all.
 * @example et0Daily({ latitudeDeg: 50.8, elevationM: 100 }, { dayOfYear: 187, tMax: 21.5, tMin: 12.3,
 *   rhMax: 84, rhMin: 63, windSpeed: 2.78, windHeight: 10, sunshineHours: 9.25 }).et0 // 3.88 (Example 18)
 */
export function et0Daily(site: Site, w: DailyWeather, options: Et0Options = {}, g = 0): Et0DailyResult {
  validateSite(site);
  const issues = validateDailyWeather(w);
  const first = issues[0];
  if (first) throw issuesError(issues, { fallback: 'weather', detail: first.message });
  const estimated: string[] = [];
  const J = w.dayOfYear ?? dayOfYearOf(w.date ?? '');
  const tMean = (w.tMax + w.tMin) / 2;
  const pressure = atmosphericPressure(site.elevationM);
  const gamma = psychrometricConstant(pressure);
  const delta = slopeSaturationVapourPressure(tMean);
  const es = meanSaturationVapourPressure(w.tMax, w.tMin);

  let ea: number;
  let humidity: HumiditySource;
  if (has(w.ea)) [ea, humidity] = [w.ea, 'ea'];
  else if (has(w.tDew)) [ea, humidity] = [actualVapourPressureFromDewPoint(w.tDew), 'dew-point'];
  else if (has(w.tWet))
    [ea, humidity] = [
      actualVapourPressureFromPsychrometer(
        w.tDry ?? tMean,
        w.tWet,
        pressure,
        options.aPsy ?? PSYCHROMETER_COEFFICIENT.ventilated,
      ),
      'psychrometer',
    ];
  else if (has(w.rhMax) && has(w.rhMin))
    [ea, humidity] = [actualVapourPressureFromRhMinMax(w.tMin, w.tMax, w.rhMin, w.rhMax), 'rh-max-min'];
  else if (has(w.rhMax)) [ea, humidity] = [actualVapourPressureFromRhMax(w.tMin, w.rhMax), 'rh-max'];
  else if (has(w.rhMean))
    [ea, humidity] = [actualVapourPressureFromRhMean(w.tMin, w.tMax, w.rhMean), 'rh-mean'];
  else {
    const ko = options.aridityOffsetC ?? 0;
    ea = actualVapourPressureFromTmin(w.tMin, ko);
    humidity = 'tmin';
    estimated.push(`ea from Tdew ≈ Tmin${ko ? ` − ${ko}` : ''} (Eq. 48): no humidity data`);
  }

  const geo = solarGeometry(site.latitudeDeg, J);
  const rso = clearSkyRadiation(geo.ra, site.elevationM);
  let rs: number;
  let radiation: RadiationSource;
  if (has(w.rs)) [rs, radiation] = [w.rs, 'measured'];
  else if (has(w.sunshineHours))
    [rs, radiation] = [solarRadiationFromSunshine(w.sunshineHours, geo.daylightHours, geo.ra), 'sunshine'];
  else {
    const kRs = options.kRs ?? KRS_INTERIOR;
    rs = solarRadiationFromTemperature(geo.ra, w.tMax, w.tMin, kRs);
    radiation = 'temperature';
    estimated.push(`Rs from the temperature range, kRs ${kRs} (Eq. 50): no radiation or sunshine data`);
  }
  const rns = netShortwaveRadiation(rs);
  const rnl = netLongwaveRadiation(w.tMax, w.tMin, ea, relativeShortwave(rs, rso));
  const rn = netRadiation(rns, rnl);

  let u2: number;
  let wind: WindSource;
  if (has(w.u2)) [u2, wind] = [w.u2, 'u2'];
  else if (has(w.windSpeed)) [u2, wind] = [windSpeedAt2m(w.windSpeed, w.windHeight ?? 2), 'height'];
  else {
    u2 = options.defaultU2 ?? DEFAULT_WIND_U2;
    wind = 'default';
    estimated.push(`u2 = ${u2} m/s (the paper's default): no wind data`);
  }

  const pm = penmanMonteithDaily({ delta, gamma, rn, g, tC: tMean, u2, es, ea });
  return {
    et0: Math.max(0, pm.et0),
    dayOfYear: J,
    tMean,
    pressure,
    gamma,
    delta,
    es,
    ea,
    vpd: es - ea,
    dr: geo.dr,
    declination: geo.declination,
    sunsetHourAngle: geo.sunsetHourAngle,
    ra: geo.ra,
    daylightHours: geo.daylightHours,
    rs,
    rso,
    rns,
    rnl,
    rn,
    g,
    u2,
    radiationTerm: pm.radiationTerm,
    aeroTerm: pm.aeroTerm,
    sources: { humidity, radiation, wind },
    estimated,
  };
}
