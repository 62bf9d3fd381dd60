/** The single crop coefficient curve (FAO-56 Chapter 6, Figure 25 and Eq. 66). */

export interface KcCurve {
  /** Initial, development, mid-season, late-season lengths, days. */
  readonly stageDays: readonly [number, number, number, number];
  readonly kcIni: number;
  readonly kcMid: number;
  readonly kcEnd: number;
}

export type CropStage = 'initial' | 'development' | 'mid-season' | 'late-season' | 'after-harvest';

/**
 * Kc on day i after planting (i = 0 on the planting day): constant Kc ini in the initial stage,
 * linear to Kc mid over development, constant Kc mid, linear to Kc end over the late season
 * (Eq. 66: Kc,i = Kc,prev + [(i − ΣL,prev)/L,stage](Kc,next − Kc,prev)). After harvest it stays Kc end.
 * @example kcOnDay({ stageDays: [20, 35, 40, 30], kcIni: 0.3, kcMid: 1.2, kcEnd: 0.35 }, 30) // 0.55714
 */
export function kcOnDay(curve: KcCurve, dayAfterPlanting: number): number {
  const [lIni, lDev, lMid, lLate] = curve.stageDays;
  const i = dayAfterPlanting;
  if (i <= lIni) return curve.kcIni;
  if (i <= lIni + lDev) return curve.kcIni + ((i - lIni) / lDev) * (curve.kcMid - curve.kcIni);
  if (i <= lIni + lDev + lMid) return curve.kcMid;
  if (i <= lIni + lDev + lMid + lLate)
    return curve.kcMid + ((i - lIni - lDev - lMid) / lLate) * (curve.kcEnd - curve.kcMid);
  return curve.kcEnd;
}

/** Growth stage on day i after planting, with the same boundaries as `kcOnDay`. */
export function cropStageOnDay(curve: KcCurve, dayAfterPlanting: number): CropStage {
  const [a, b, c, d] = curve.stageDays;
  const i = dayAfterPlanting;
  if (i <= a) return 'initial';
  if (i <= a + b) return 'development';
  if (i <= a + b + c) return 'mid-season';
  if (i <= a + b + c + d) return 'late-season';
  return 'after-harvest';
}

/** Length of the growing season, days. */
export const seasonLength = (curve: KcCurve): number => curve.stageDays.reduce((s, x) => s + x, 0);
