/** The FAO Penman–Monteith equation itself, daily (Eq. 6) and hourly (Eq. 53), split into its two terms. */
import { MJ_TO_MM } from './constants.js';

export interface PenmanMonteithTerms {
  /** Δ, kPa/°C (Eq. 13) at the mean (or hourly) air temperature. */
  readonly delta: number;
  /** γ, kPa/°C (Eq. 8). */
  readonly gamma: number;
  /** Net radiation Rn and soil heat flux G, MJ m⁻² per step. */
  readonly rn: number;
  readonly g: number;
  /** Air temperature at 2 m, °C: (Tmax + Tmin)/2 daily (Eq. 9), hourly mean for Eq. 53. */
  readonly tC: number;
  /** Wind speed at 2 m, m/s. */
  readonly u2: number;
  /** Saturation and actual vapour pressure, kPa. */
  readonly es: number;
  readonly ea: number;
}

export interface PenmanMonteithResult {
  /** Reference evapotranspiration, mm per step (day or hour). */
  readonly et0: number;
  /** 0.408 Δ (Rn − G) / [Δ + γ(1 + 0.34 u2)], mm per step. */
  readonly radiationTerm: number;
  /** γ Cn/(T + 273) u2 (es − ea) / [Δ + γ(1 + 0.34 u2)], mm per step. */
  readonly aeroTerm: number;
}

function combine(t: PenmanMonteithTerms, cn: number): PenmanMonteithResult {
  const denominator = t.delta + t.gamma * (1 + 0.34 * t.u2);
  const radiationTerm = (MJ_TO_MM * t.delta * (t.rn - t.g)) / denominator;
  const aeroTerm = (t.gamma * (cn / (t.tC + 273)) * t.u2 * (t.es - t.ea)) / denominator;
  return { et0: radiationTerm + aeroTerm, radiationTerm, aeroTerm };
}

/** Daily (or monthly-mean daily) ET0, mm/day: Eq. 6 with Cn = 900. */
export function penmanMonteithDaily(t: PenmanMonteithTerms): PenmanMonteithResult {
  return combine(t, 900);
}

/** Hourly ET0, mm/h: Eq. 53 with Cn = 37 (Rn and G in MJ m⁻² h⁻¹, es = e°(Thr)). */
export function penmanMonteithHourly(t: PenmanMonteithTerms): PenmanMonteithResult {
  return combine(t, 37);
}
