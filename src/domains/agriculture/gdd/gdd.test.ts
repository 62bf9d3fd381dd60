import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { degreeDayRows, loadFao56 } from '../../../../eval/lib/fao56-cases.js';
import {
  accumulateDegreeDays,
  DEGREE_DAY_METHODS,
  DEGREE_DAY_MODELS,
  degreeDays,
  degreeDaysSingleSine,
  degreeDaysSingleTriangle,
  findDegreeDayModel,
  pestRisk,
} from './index.js';

const data = loadFao56();

describe.skipIf(!data)('degree-day verification tables (benchmark)', () => {
  const rows = data ? degreeDayRows(data) : [];
  it('has McMaster & Wilhelm, Zalom and the °C cases', () => expect(rows).toHaveLength(51));
  it.each(rows.map((r) => [`${r.example} · ${r.quantity}`, r] as const))('%s', (_n, r) => {
    expect(Math.abs(r.ours - r.published)).toBeLessThanOrEqual(0.5 * 10 ** -r.decimals + 1e-9);
  });
});

describe('degree-day methods', () => {
  it('are bounded by 0 and U − L and grow with temperature (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -20, max: 45, noNaN: true }),
        fc.double({ min: 0, max: 25, noNaN: true }),
        fc.double({ min: 0, max: 5, noNaN: true }),
        (tMin, range, shift) => {
          for (const m of DEGREE_DAY_METHODS) {
            const dd = degreeDays(m, tMin, tMin + range, 10, 30);
            expect(dd).toBeGreaterThanOrEqual(-1e-12);
            expect(dd).toBeLessThanOrEqual(20 + 1e-12);
            expect(degreeDays(m, tMin + shift, tMin + range + shift, 10, 30)).toBeGreaterThanOrEqual(
              dd - 1e-9,
            );
          }
        },
      ),
    );
  });
  it('agree with the mean when the day stays between the thresholds', () => {
    expect(degreeDaysSingleSine(15, 25, 10, 30)).toBe(10);
    expect(degreeDaysSingleTriangle(15, 25, 10, 30)).toBe(10);
    expect(degreeDaysSingleSine(12, 12, 10)).toBe(2);
  });
  it('rejects Tmax below Tmin and inverted thresholds', () => {
    expect(() => degreeDaysSingleSine(20, 10, 10, 30)).toThrow(RangeError);
    expect(() => degreeDaysSingleSine(10, 20, 30, 10)).toThrow(RangeError);
  });
  it('accumulates from a biofix', () => {
    const days = [
      { date: '2024-05-01', tMin: 10, tMax: 20 },
      { date: '2024-05-02', tMin: 12, tMax: 22 },
      { date: '2024-05-03', tMin: 14, tMax: 24 },
    ];
    const r = accumulateDegreeDays(days, { method: 'average', lower: 10, from: '2024-05-02' });
    expect(r.map((x) => x.cumulative)).toEqual([7, 16]);
  });
});

describe('pest risk', () => {
  it('every model names a source and has increasing event thresholds', () => {
    for (const m of DEGREE_DAY_MODELS) {
      expect(m.source.length).toBeGreaterThan(20);
      const t = m.events.map((e) => e.degreeDaysF);
      expect([...t].sort((a, b) => a - b)).toEqual(t);
    }
  });
  it('raises codling-moth egg-hatch alerts at 250 °F-days after biofix, observed vs forecast', () => {
    const model = findDegreeDayModel('codling-moth')!;
    // 20 °C-day-ish days: 15/30 °C → single sine 10/31.1 °C.
    const days = Array.from({ length: 40 }, (_, i) => ({
      date: new Date(Date.UTC(2024, 4, 1 + i)).toISOString().slice(0, 10),
      tMin: 12,
      tMax: 28,
    }));
    const { alerts, status } = pestRisk({
      model,
      assetId: 'orchard-1',
      days,
      unit: 'C',
      biofix: '2024-05-01',
      forecastFrom: '2024-05-12',
    });
    const hatch = alerts.find((a) => a.stage.startsWith('first egg hatch, 1st'))!;
    // 250 °F-days = 138.9 °C-days; 10 °C-days per day → day 14.
    expect(hatch.date).toBe('2024-05-14');
    expect(hatch.forecast).toBe(true);
    expect(hatch.severity).toBe('critical');
    expect(hatch.threshold).toBeCloseTo(138.9, 1);
    expect(status.cumulative).toBeCloseTo(110, 6);
    expect(status.next).toEqual({
      stage: hatch.stage,
      remaining: expect.closeTo(28.9, 1),
      predictedDate: '2024-05-14',
    });
    expect(new Set(alerts.map((a) => a.key)).size).toBe(alerts.length);
  });
});
