import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  adjustDepletionFraction,
  defaultMoistureTolerance,
  depletionFromMoisture,
  effectiveRain,
  type Field,
  moistureFromDepletion,
  reconcileDepletion,
  runoff,
  simulateField,
  totalAvailableWater,
  waterBalanceStep,
} from './index.js';

const field: Field = {
  id: 'f1',
  areaHa: 2,
  plantingDate: '2024-05-01',
  kc: { stageDays: [20, 35, 40, 30], kcIni: 0.3, kcMid: 1.2, kcEnd: 0.35 },
  p: 0.55,
  thetaFc: 0.22,
  thetaWp: 0.1,
  rootDepthM: 0.8,
};

describe('root-zone water balance', () => {
  it('conserves water: inputs − outputs = change in depletion (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 96, noNaN: true }),
        fc.double({ min: 0, max: 12, noNaN: true }),
        fc.double({ min: 0, max: 80, noNaN: true }),
        fc.double({ min: 0, max: 80, noNaN: true }),
        (drPrev, et0, rain, irrigation) => {
          const s = waterBalanceStep({
            drPrev,
            et0,
            kc: 1.1,
            effectiveRain: rain,
            irrigation,
            taw: 96,
            p: 0.5,
          });
          expect(s.dr).toBeGreaterThanOrEqual(0);
          expect(s.dr).toBeLessThanOrEqual(96);
          expect(s.dr - drPrev).toBeCloseTo(s.etcAdj - rain - irrigation + s.deepPercolation, 8);
        },
      ),
    );
  });

  it('bounds p to 0.1–0.8', () => {
    expect(adjustDepletionFraction(0.3, 15)).toBe(0.1);
    expect(adjustDepletionFraction(0.7, 0)).toBe(0.8);
  });

  it('converts θ to depletion and back', () => {
    expect(depletionFromMoisture(0.16, 0.22, 0.1, 0.8)).toBeCloseTo(48, 9);
    expect(depletionFromMoisture(0.3, 0.22, 0.1, 0.8)).toBe(0);
    expect(depletionFromMoisture(0.05, 0.22, 0.1, 0.8)).toBeCloseTo(96, 9);
    expect(moistureFromDepletion(48, 0.22, 0.8)).toBeCloseTo(0.16, 12);
  });

  it('SCS runoff: none below the initial abstraction, more with higher curve numbers', () => {
    expect(runoff(10)).toBe(0);
    expect(runoff(10, 75)).toBe(0);
    expect(runoff(80, 85)).toBeGreaterThan(runoff(80, 70));
    expect(effectiveRain(80, 85)).toBeCloseTo(80 - runoff(80, 85), 12);
    expect(() => runoff(10, 0)).toThrow(RangeError);
  });
});

describe('simulateField', () => {
  const days = Array.from({ length: 10 }, (_, i) => ({
    date: `2024-06-${String(10 + i).padStart(2, '0')}`,
    et0: 6,
    rain: i === 5 ? 20 : 0,
  }));
  it('follows Kc, applies irrigation at the given efficiency and stresses past RAW', () => {
    const rows = simulateField(field, days, { initialDepletion: 40 });
    expect(rows[0]!.dayAfterPlanting).toBe(40);
    expect(rows[0]!.kc).toBeGreaterThan(0.3);
    expect(rows.some((r) => r.ks < 1)).toBe(true);
    const irrigated = simulateField(
      field,
      days.map((d, i) => (i === 0 ? { ...d, irrigationGross: 60 } : d)),
      { initialDepletion: 40 },
    );
    expect(irrigated[0]!.irrigationNet).toBeCloseTo(51, 9);
    expect(irrigated[0]!.deepPercolation).toBeGreaterThan(0);
  });

  it('corrects the model with a soil-moisture reading only beyond the tolerance', () => {
    const taw = totalAvailableWater(0.22, 0.1, 0.8);
    expect(defaultMoistureTolerance(taw)).toBeCloseTo(9.6, 9);
    const near = simulateField(field, [{ ...days[0]!, theta: 0.22 - 42 / 800 }], { initialDepletion: 40 });
    expect(near[0]!.drStart).toBe(40);
    expect(near[0]!.moistureCorrection).toBeUndefined();
    const far = simulateField(field, [{ ...days[0]!, theta: 0.22 - 70 / 800 }], { initialDepletion: 40 });
    expect(far[0]!.drStart).toBeCloseTo(70, 9);
    expect(far[0]!.moistureCorrection).toEqual({ modelDr: 40, measuredDr: expect.closeTo(70, 9) });
    const c = reconcileDepletion({
      modelDr: 10,
      theta: 0.2,
      thetaFc: 0.22,
      thetaWp: 0.1,
      rootDepthM: 0.8,
      toleranceMm: 7,
    });
    expect(c.corrected).toBe(false);
    expect(c.differenceMm).toBeCloseTo(6, 9);
  });
});
