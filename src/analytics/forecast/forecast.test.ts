import { describe, expect, it } from 'vitest';
import { backtest } from './backtest.js';
import { forecastSeries, MIN_FORECAST_POINTS } from './forecast-series.js';
import { normalQuantile } from './normal-quantile.js';
import { seasonalPeriods } from './seasonal-periods.js';

const HOUR = 3_600_000;
function hourly(n: number, seed = 3): number[] {
  let s = seed;
  return Array.from({ length: n }, (_, i) => {
    s = (s * 16807) % 2147483647;
    return 100 + 0.02 * i + 20 * Math.sin((2 * Math.PI * i) / 24) + 4 * (s / 2147483647 - 0.5);
  });
}

describe('forecastSeries', () => {
  it('finds the daily period of hourly data (snapped to 24) and forecasts it with intervals', () => {
    const y = hourly(24 * 21);
    expect(seasonalPeriods(y, HOUR)).toContain(24);
    const f = forecastSeries(y, { horizon: 24, level: 0.95, stepMs: HOUR });
    expect(f.model).toBe('mstl-ets');
    expect(f.point).toHaveLength(24);
    expect(f.calibration).toMatchObject({
      method: 'adaptive-conformal',
      origins: 8,
      residuals: 8 * 24,
      gamma: 0.2,
    });
    const truth = Array.from({ length: 24 }, (_, h) => {
      const i = y.length + h;
      return 100 + 0.02 * i + 20 * Math.sin((2 * Math.PI * i) / 24);
    });
    const mae = truth.reduce((a, t, h) => a + Math.abs(t - (f.point[h] ?? 0)), 0) / 24;
    expect(mae).toBeLessThan(2.5);
    for (let h = 0; h < 24; h++) expect(f.lower[h] ?? 0).toBeLessThan(f.upper[h] ?? 0);
  });
  it('falls back to AutoETS for a series without seasonality', () => {
    const f = forecastSeries([5, 5.2, 4.9, 5.1, 5, 5.05, 4.95, 5.1, 5, 4.9, 5.1, 5], { horizon: 3 });
    expect(f.model).toBe('auto-ets');
    for (const p of f.point) expect(Math.abs(p - 5)).toBeLessThan(0.3);
  });
  it('short inputs are bad input at the real minimum of the model, not a model failure', () => {
    const short = Array.from({ length: MIN_FORECAST_POINTS - 1 }, (_, i) => 10 + (i % 3));
    expect(() => forecastSeries(short, { horizon: 2 })).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringMatching(/at least 7 points/) }),
    );
    expect(forecastSeries([...short, 11], { horizon: 2 }).point).toHaveLength(2);
  });
  it('rejects bad horizons, levels and missing values by field', () => {
    expect(() => forecastSeries(hourly(50), { horizon: 0 })).toThrow(/horizon/);
    expect(() => forecastSeries(hourly(50), { level: 95 })).toThrow(/level/);
    expect(() => forecastSeries([1, 2, Number.NaN, 4, 5])).toThrow(/non-finite/);
  });
});

describe('backtest', () => {
  it('beats seasonal naive on trend + season + noise; reports interval coverage and width', () => {
    const r = backtest(hourly(24 * 28), { horizon: 24, origins: 4, level: 0.9, stepMs: HOUR });
    expect(r.season).toBe(24);
    expect(r.model.mase).toBeLessThan(r.seasonalNaive.mase);
    // MSTL's intervals come from the ETS trend fit only, so they run narrower than nominal.
    expect(r.model.coverage).toBeGreaterThan(0.6);
    expect(r.seasonalNaive.coverage).toBeGreaterThan(0.8);
    const c = r.calibrated[0];
    expect(c?.fallbacks).toBe(0);
    expect(c?.last.method).toBe('adaptive-conformal');
    expect(c?.width).toBeGreaterThan(0);
    // Width over the per-origin scale: the same order as the raw width over the series' scale (~2).
    expect((c?.relWidth ?? 0) / (c?.width ?? 1)).toBeCloseTo(r.model.relWidth / r.model.width, 1);
  });
  it('conformal intervals cover the generated series near nominal where the model under-covers', () => {
    const r = backtest(hourly(24 * 40, 7), {
      horizon: 24,
      origins: 10,
      level: 0.9,
      stepMs: HOUR,
      calibrations: [{ origins: 8, scaling: 'model' }],
    });
    const c = r.calibrated[0];
    // 240 correlated points: a band wide enough to hold for this fixed seed, centred on 90 %.
    expect(c?.coverage).toBeGreaterThan(0.84);
    expect(c?.coverage).toBeLessThan(0.97);
    expect(Math.abs((c?.coverage ?? 0) - 0.9)).toBeLessThan(Math.abs(r.model.coverage - 0.9) + 0.02);
  });
});

describe('normalQuantile', () => {
  it('matches the tables', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 6);
  });
});
