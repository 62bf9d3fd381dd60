import { describe, expect, it } from 'vitest';
import { kcWaterRows, loadFao56 } from '../../../../eval/lib/fao56-cases.js';
import {
  adjustKcEndForClimate,
  adjustKcForClimate,
  CROPS,
  cropStageOnDay,
  findCrop,
  kcIniFromWetting,
  kcOnDay,
  rhMinFromTemperatures,
  SOIL_TEXTURES,
  seasonLength,
} from './index.js';

const data = loadFao56();

describe.skipIf(!data)('single Kc and water-balance cases of the benchmark', () => {
  const rows = data ? kcWaterRows(data) : [];
  it('has all 50 cases', () => expect(rows).toHaveLength(50));
  it.each(rows.map((r) => [`${r.example} · ${r.quantity}`, r] as const))('%s', (_n, r) => {
    expect(Math.abs(r.ours - r.published)).toBeLessThanOrEqual(0.5 * 10 ** -r.decimals + 1e-9);
  });
});

describe('Kc curve', () => {
  const curve = { stageDays: [20, 35, 40, 30] as const, kcIni: 0.3, kcMid: 1.2, kcEnd: 0.35 };
  it('is continuous at the stage boundaries and flat after harvest', () => {
    for (const b of [20, 55, 95, 125]) expect(kcOnDay(curve, b + 1e-9)).toBeCloseTo(kcOnDay(curve, b), 6);
    expect(kcOnDay(curve, 400)).toBe(0.35);
    expect(cropStageOnDay(curve, 56)).toBe('mid-season');
    expect(cropStageOnDay(curve, 126)).toBe('after-harvest');
    expect(seasonLength(curve)).toBe(125);
  });
  it('ships a documented crop table with consistent values', () => {
    expect(CROPS.length).toBeGreaterThanOrEqual(10);
    for (const c of CROPS) {
      expect(c.kcMid).toBeGreaterThanOrEqual(c.kcIni);
      expect(c.p).toBeGreaterThan(0.1);
      expect(c.stageSource.length).toBeGreaterThan(3);
    }
    expect(findCrop('maize-grain')?.kcMid).toBe(1.2);
    // FAO-56 Table 12 (Kc 1.05 / 1.20 / 0.90–0.60) and Table 11 (30/30/60/30 days).
    expect(findCrop('rice')).toMatchObject({
      kcIni: 1.05,
      kcMid: 1.2,
      kcEnd: 0.75,
      stageDays: [30, 30, 60, 30],
    });
    for (const s of SOIL_TEXTURES) expect(s.thetaFc).toBeGreaterThan(s.thetaWp);
  });
});

describe('climate adjustment and Kc ini', () => {
  it('leaves the standard climate unchanged and holds inputs to the valid range', () => {
    expect(adjustKcForClimate(1.15, 2, 45, 1)).toBeCloseTo(1.15, 12);
    expect(adjustKcForClimate(1.2, 12, 5, 2)).toBeCloseTo(adjustKcForClimate(1.2, 6, 20, 2), 12);
    expect(adjustKcEndForClimate(0.35, 4, 20, 2)).toBe(0.35);
    expect(adjustKcEndForClimate(0.6, 4, 20, 2)).toBeGreaterThan(0.6);
  });
  it('RHmin from Tmax and Tdew (Eq. 63)', () => {
    expect(rhMinFromTemperatures(30, 30)).toBeCloseTo(100, 10);
    expect(rhMinFromTemperatures(30, 15)).toBeCloseTo(40.19, 2);
  });
  it('Kc ini falls as wetting gets rarer and is 1.15 with frequent wetting', () => {
    const k = (tw: number): number =>
      kcIniFromWetting({ et0: 5, wettingIntervalDays: tw, tewMm: 20, rewMm: 8 });
    expect(k(1)).toBe(1.15);
    expect(k(4)).toBeGreaterThan(k(7));
    expect(k(7)).toBeGreaterThan(k(20));
    expect(k(20)).toBeLessThan(20 / (20 * 5) + 1e-12);
    expect(() => kcIniFromWetting({ et0: 5, wettingIntervalDays: 4, tewMm: 5, rewMm: 8 })).toThrow(
      RangeError,
    );
  });
});
