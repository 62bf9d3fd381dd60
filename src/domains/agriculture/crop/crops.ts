/**
 * Crop parameters for the single crop coefficient method, transcribed from FAO-56:
 * stage lengths from Table 11 (one representative row per crop; the planting season and region of
 * that row are given, because stage lengths change with climate and variety), Kc ini/mid/end and
 * maximum crop height from Table 12 (sub-humid climate, RHmin ≈ 45 %, u2 ≈ 2 m/s), and maximum
 * effective root depth and soil-water depletion fraction p (for ETc ≈ 5 mm/day) from Table 22.
 * Where the table gives a range, the value used and the range are both stated.
 * Local stage lengths and Kc values, when a farm has them, should replace these.
 */

export interface CropSpec {
  readonly id: string;
  readonly name: string;
  /** Initial, development, mid-season, late-season lengths, days (Table 11). */
  readonly stageDays: readonly [number, number, number, number];
  /** Planting date and region of the Table 11 row used. */
  readonly stageSource: string;
  readonly kcIni: number;
  readonly kcMid: number;
  readonly kcEnd: number;
  /** Maximum crop height h, m (Table 12), used by the climate adjustment (Eq. 62). */
  readonly heightM: number;
  /** Maximum effective root depth range, m (Table 22). */
  readonly rootDepthM: readonly [number, number];
  /** Soil water depletion fraction for no stress at ETc ≈ 5 mm/day (Table 22). */
  readonly p: number;
  readonly notes?: string;
}

export const CROPS: readonly CropSpec[] = [
  {
    id: 'maize-grain',
    name: 'Maize, field (grain)',
    stageDays: [30, 50, 60, 40],
    stageSource: 'April; Spain (spring, summer), California',
    kcIni: 0.3,
    kcMid: 1.2,
    kcEnd: 0.6,
    heightM: 2,
    rootDepthM: [1.0, 1.7],
    p: 0.55,
    notes: 'Kc end 0.60 when harvested at high grain moisture, 0.35 when dried in the field',
  },
  {
    id: 'wheat-spring',
    name: 'Wheat, spring',
    stageDays: [20, 25, 60, 30],
    stageSource: 'November; Central India',
    kcIni: 0.3,
    kcMid: 1.15,
    kcEnd: 0.4,
    heightM: 1,
    rootDepthM: [1.0, 1.5],
    p: 0.55,
    notes: 'Kc end 0.25–0.40 (upper value used: hand-harvested); Kc ini 0.7 for winter wheat',
  },
  {
    id: 'barley',
    name: 'Barley',
    stageDays: [15, 25, 50, 30],
    stageSource: 'November; Central India',
    kcIni: 0.3,
    kcMid: 1.15,
    kcEnd: 0.25,
    heightM: 1,
    rootDepthM: [1.0, 1.5],
    p: 0.55,
  },
  {
    id: 'potato',
    name: 'Potato',
    stageDays: [25, 30, 45, 30],
    stageSource: 'January/November; (semi-)arid climate',
    kcIni: 0.5,
    kcMid: 1.15,
    kcEnd: 0.75,
    heightM: 0.6,
    rootDepthM: [0.4, 0.6],
    p: 0.35,
  },
  {
    id: 'tomato',
    name: 'Tomato',
    stageDays: [30, 40, 40, 25],
    stageSource: 'January; arid region',
    kcIni: 0.6,
    kcMid: 1.15,
    kcEnd: 0.8,
    heightM: 0.6,
    rootDepthM: [0.7, 1.5],
    p: 0.4,
    notes: 'Kc end 0.70–0.90 (middle value used)',
  },
  {
    id: 'soybean',
    name: 'Soybeans',
    stageDays: [20, 30, 60, 25],
    stageSource: 'May; Central USA',
    kcIni: 0.4,
    kcMid: 1.15,
    kcEnd: 0.5,
    heightM: 0.75,
    rootDepthM: [0.6, 1.3],
    p: 0.5,
    notes: 'height 0.5–1.0 m (middle value used)',
  },
  {
    id: 'cotton',
    name: 'Cotton',
    stageDays: [30, 50, 60, 55],
    stageSource: 'March–May; Egypt, Pakistan, California',
    kcIni: 0.35,
    kcMid: 1.175,
    kcEnd: 0.6,
    heightM: 1.35,
    rootDepthM: [1.0, 1.7],
    p: 0.65,
    notes: 'Kc mid 1.15–1.20 and Kc end 0.70–0.50, height 1.2–1.5 m (middle values used)',
  },
  {
    id: 'sugar-beet',
    name: 'Sugar beet',
    stageDays: [25, 35, 50, 50],
    stageSource: 'May; Mediterranean',
    kcIni: 0.35,
    kcMid: 1.2,
    kcEnd: 0.7,
    heightM: 0.5,
    rootDepthM: [0.7, 1.2],
    p: 0.55,
  },
  {
    id: 'onion-dry',
    name: 'Onion, dry',
    stageDays: [15, 25, 70, 40],
    stageSource: 'October/January; arid region, California',
    kcIni: 0.7,
    kcMid: 1.05,
    kcEnd: 0.75,
    heightM: 0.4,
    rootDepthM: [0.3, 0.6],
    p: 0.3,
  },
  {
    id: 'lettuce',
    name: 'Lettuce',
    stageDays: [20, 30, 15, 10],
    stageSource: 'April; Mediterranean',
    kcIni: 0.7,
    kcMid: 1.0,
    kcEnd: 0.95,
    heightM: 0.3,
    rootDepthM: [0.3, 0.5],
    p: 0.3,
  },
  {
    id: 'sunflower',
    name: 'Sunflower',
    stageDays: [25, 35, 45, 25],
    stageSource: 'April/May; Mediterranean, California',
    kcIni: 0.35,
    kcMid: 1.075,
    kcEnd: 0.35,
    heightM: 2,
    rootDepthM: [0.8, 1.5],
    p: 0.45,
    notes: 'Kc mid 1.0–1.15 (middle value used)',
  },
  {
    id: 'sorghum-grain',
    name: 'Sorghum, grain',
    stageDays: [20, 35, 40, 30],
    stageSource: 'May/June; USA, Pakistan, Mediterranean',
    kcIni: 0.3,
    kcMid: 1.05,
    kcEnd: 0.55,
    heightM: 1.5,
    rootDepthM: [1.0, 2.0],
    p: 0.55,
    notes: 'Kc mid 1.00–1.10, height 1–2 m (middle values used)',
  },
  {
    id: 'rice',
    name: 'Rice',
    // FAO-56 Table 11, Rice row 1: 30/30/60/30 days (150), planted Dec or May, Tropics and
    // Mediterranean (row 2: 30/30/80/40, May, Tropics).
    stageDays: [30, 30, 60, 30],
    stageSource: 'Dec; May; Tropics, Mediterranean',
    // FAO-56 Table 12: Kc ini 1.05, Kc mid 1.20, Kc end 0.90–0.60, h = 1 m.
    kcIni: 1.05,
    kcMid: 1.2,
    kcEnd: 0.75,
    heightM: 1,
    // FAO-56 Table 22: Zr 0.5–1.0 m, p 0.20 (rice is kept near saturation).
    rootDepthM: [0.5, 1.0],
    p: 0.2,
    notes:
      'Kc end 0.90–0.60 (middle value used); Kc ini 1.05 assumes a flooded paddy; the soil water balance here does not model ponding or percolation losses of paddies',
  },
];

/** The crop with this id, or undefined. */
export function findCrop(id: string): CropSpec | undefined {
  return CROPS.find((c) => c.id === id);
}
