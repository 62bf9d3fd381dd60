/** Climate adjustment of tabulated Kc values and Kc ini from wetting frequency (FAO-56 Chapter 6). */
import { saturationVapourPressure } from '../et0/vapour-pressure.js';

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));

/**
 * Kc mid (Eq. 62), or Kc end (Eq. 65), adjusted for a climate other than the sub-humid standard:
 * Kc = Kc(Tab) + [0.04(u2 − 2) − 0.004(RHmin − 45)](h/3)^0.3, with u2 the mean wind at 2 m and RHmin
 * the mean minimum relative humidity of the stage and h the mean crop height. Inputs are held to
 * the ranges the equation is valid for (1 ≤ u2 ≤ 6 m/s, 20 ≤ RHmin ≤ 80 %, 0.1 ≤ h ≤ 10 m).
 * @example adjustKcForClimate(1.2, 3, 30, 2) // 1.28855
 */
export function adjustKcForClimate(kcTable: number, u2: number, rhMinPct: number, heightM: number): number {
  const u = clamp(u2, 1, 6);
  const rh = clamp(rhMinPct, 20, 80);
  const h = clamp(heightM, 0.1, 10);
  return kcTable + (0.04 * (u - 2) - 0.004 * (rh - 45)) * (h / 3) ** 0.3;
}

/**
 * Kc end adjusted with Eq. 65, which the paper applies only when Kc end(Tab) ≥ 0.45: crops left
 * to dry in the field respond little to wind and humidity.
 */
export function adjustKcEndForClimate(
  kcEndTable: number,
  u2: number,
  rhMinPct: number,
  heightM: number,
): number {
  return kcEndTable < 0.45 ? kcEndTable : adjustKcForClimate(kcEndTable, u2, rhMinPct, heightM);
}

/** RHmin, %, from Tmax and the dew point (or Tmin when no humidity data) (Eq. 63). */
export function rhMinFromTemperatures(tMaxC: number, tDewC: number): number {
  return (100 * saturationVapourPressure(tDewC)) / saturationVapourPressure(tMaxC);
}

/**
 * Kc ini for a bare or nearly bare soil wetted every `wettingIntervalDays` (tw), from the two-stage
 * soil-evaporation model that underlies FAO-56 Figures 29 and 30: evaporation runs at the energy
 * limited rate Eso = 1.15 ETo until the readily evaporable water REW is gone (t1 = REW/Eso), then
 * decays towards the total evaporable water TEW:
 *   tw ≤ t1: Kc ini = Eso/ETo
 *   tw > t1: Kc ini = [TEW − (TEW − REW) exp(−(tw − t1) Eso (1 + REW/(TEW − REW))/TEW)] / (tw ETo)
 * TEW and REW (mm) come from the soil (Table 19) and the wetting depth; the result is capped at 1.15.
 */
export function kcIniFromWetting(opts: {
  readonly et0: number;
  readonly wettingIntervalDays: number;
  readonly tewMm: number;
  readonly rewMm: number;
}): number {
  const { et0, wettingIntervalDays: tw, tewMm: tew, rewMm: rew } = opts;
  if (!(et0 > 0) || !(tw > 0) || !(tew > rew) || !(rew > 0))
    throw new RangeError('kcIniFromWetting needs et0 > 0, wettingIntervalDays > 0 and TEW > REW > 0');
  const eso = 1.15 * et0;
  const t1 = rew / eso;
  if (tw <= t1) return 1.15;
  const kc = (tew - (tew - rew) * Math.exp((-(tw - t1) * eso * (1 + rew / (tew - rew))) / tew)) / (tw * et0);
  return Math.min(1.15, kc);
}
