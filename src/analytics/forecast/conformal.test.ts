import { describe, expect, it } from 'vitest';
import { backtest } from './backtest.js';
import {
  calibrateIntervals,
  calibrationOrigins,
  conformalQuantile,
  MIN_CALIBRATION_ORIGINS,
  type PastForecast,
} from './conformal.js';
import { forecastSeries, pastForecasts } from './forecast-series.js';
import { normalQuantile } from './normal-quantile.js';

function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}
const gauss = (r: () => number): number => normalQuantile(Math.min(1 - 1e-12, Math.max(1e-12, r())));
/** Student t with 3 degrees of freedom: heavy tails, finite variance. */
const student3 = (r: () => number): number => {
  const z = gauss(r);
  let chi = 0;
  for (let i = 0; i < 3; i++) chi += gauss(r) ** 2;
  return z / Math.sqrt(chi / 3);
};

/**
 * Coverage over many origins of conformal intervals around the true signal when the model's own
 * interval is wrong by a factor (too narrow for Gaussian noise, too wide for t noise).
 */
function coverageOverOrigins(
  noise: (r: () => number) => number,
  modelHalf: number,
  scaling: 'flat' | 'model' | 'empirical',
) {
  const r = rng(42);
  const H = 12;
  const n = 4000;
  const signal = (i: number): number => 10 + 3 * Math.sin((2 * Math.PI * i) / 24);
  const y = Array.from({ length: n }, (_, i) => signal(i) + noise(r));
  const oracle = (origin: number): PastForecast => {
    const point = Array.from({ length: H }, (_, h) => signal(origin + h));
    return {
      origin,
      point,
      lower: point.map((p, h) => p - modelHalf * (1 + h / H)),
      upper: point.map((p, h) => p + modelHalf * (1 + h / H)),
      actual: Array.from({ length: H }, (_, h) => y[origin + h] ?? Number.NaN),
    };
  };
  let inside = 0;
  let total = 0;
  let width = 0;
  for (let t = 400; t + H <= n; t += H) {
    const past = calibrationOrigins(t, H, 12, 24).map(oracle);
    const f = oracle(t);
    const c = calibrateIntervals(f.point, f, past, 0.95, { origins: 12, scaling });
    expect(c.calibration.method).toBe('conformal');
    for (let h = 0; h < H; h++) {
      const a = f.actual[h] ?? 0;
      if (a >= (c.lower[h] ?? 0) && a <= (c.upper[h] ?? 0)) inside++;
      width += (c.upper[h] ?? 0) - (c.lower[h] ?? 0);
      total++;
    }
  }
  return { coverage: inside / total, width: width / total, model: 2 * modelHalf * 1.46 };
}

describe('conformalQuantile', () => {
  it('takes the ⌈(n + 1)·level⌉-th smallest score and refuses when that exceeds n', () => {
    const s = Array.from({ length: 19 }, (_, i) => 19 - i);
    expect(conformalQuantile(s, 0.95)).toBe(19);
    expect(conformalQuantile(s.slice(1), 0.95)).toBeUndefined();
    expect(
      conformalQuantile(
        Array.from({ length: 99 }, (_, i) => i + 1),
        0.9,
      ),
    ).toBe(90);
    expect(conformalQuantile([], 0.5)).toBeUndefined();
  });
});

describe('conformal intervals on synthetic series with known noise', () => {
  it('Gaussian noise: a model interval half as wide as needed is widened to ~95 % coverage', () => {
    const r = coverageOverOrigins(gauss, 0.98, 'model');
    expect(r.coverage).toBeGreaterThan(0.93);
    expect(r.coverage).toBeLessThan(0.97);
    // The needed half-width is 1.96 σ = 1.96 at every step; the model's averaged ~1.43.
    expect(r.width / 2).toBeGreaterThan(1.8);
    expect(r.width / 2).toBeLessThan(2.6);
  });
  it('heavy-tailed (t₃) noise: coverage ~95 % with flat and empirical scaling too', () => {
    for (const scaling of ['flat', 'empirical', 'model'] as const) {
      const r = coverageOverOrigins(student3, 5, scaling);
      expect(r.coverage, scaling).toBeGreaterThan(0.93);
      expect(r.coverage, scaling).toBeLessThan(0.97);
    }
  });
});

describe('causality', () => {
  it('calibration origins forecast only rows before the forecast origin', () => {
    for (const [end, H, K] of [
      [500, 24, 12],
      [100, 7, 20],
      [30, 10, 5],
    ] as const) {
      const os = calibrationOrigins(end, H, K, 14);
      for (const o of os) {
        expect(o + H).toBeLessThanOrEqual(end);
        expect(o).toBeGreaterThanOrEqual(14);
      }
    }
    expect(calibrationOrigins(30, 10, 5, 14)).toEqual([20]);
  });
  it('the past forecasts for origin t do not change when rows from t on change', () => {
    const r = rng(5);
    const y = Array.from({ length: 24 * 12 }, (_, i) => 50 + 8 * Math.sin((2 * Math.PI * i) / 24) + r());
    const t = 24 * 9;
    const origins = calibrationOrigins(t, 24, 3, 48);
    const a = pastForecasts(y, origins, { horizon: 24, level: 0.95, periods: [24] });
    const changed = y.map((v, i) => (i >= t ? v * 100 + 1e6 : v));
    const b = pastForecasts(changed, origins, { horizon: 24, level: 0.95, periods: [24] });
    expect(a).toHaveLength(3);
    expect(b).toEqual(a);
    // And a forecast from t calibrates the same whatever follows t.
    const f1 = forecastSeries(y.slice(0, t), {
      horizon: 24,
      periods: [24],
      calibration: { origins: 3, scaling: 'model' },
    });
    expect(f1.calibration.method).toBe('conformal');
    expect(f1.calibration.origins).toBe(3);
  });
});

describe('fallbacks and malformed input', () => {
  it('too short a past keeps the model intervals and says why', () => {
    const y = Array.from({ length: 20 }, (_, i) => 5 + (i % 4) * 0.3);
    const f = forecastSeries(y, { horizon: 8 });
    expect(f.calibration.method).toBe('model');
    expect(f.calibration.note).toMatch(/past forecast origin/);
    const point = [1, 2];
    const past: PastForecast[] = Array.from({ length: MIN_CALIBRATION_ORIGINS }, (_, k) => ({
      origin: k,
      point,
      lower: [0, 1],
      upper: [2, 3],
      actual: [1.5, 2.5],
    }));
    // 6 residuals are too few for a finite 95 % quantile.
    const c = calibrateIntervals(point, { lower: [0, 1], upper: [2, 3] }, past, 0.95);
    expect(c.calibration.method).toBe('model');
    expect(c.calibration.note).toMatch(/too few/);
    expect(c.lower).toEqual([0, 1]);
    expect(calibrateIntervals(point, { lower: [0, 1], upper: [2, 3] }, past, 0.8).calibration.method).toBe(
      'conformal',
    );
  });
  it('rejects bad calibration options, NaNs and series too short for the backtest', () => {
    const y = Array.from({ length: 60 }, (_, i) => 5 + (i % 4));
    expect(() => forecastSeries(y, { calibration: { origins: 0, scaling: 'model' } })).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringMatching(/calibration/) }),
    );
    expect(() =>
      forecastSeries(y, { calibration: { origins: 4, scaling: 'cubic' as unknown as 'flat' } }),
    ).toThrow(/scaling/);
    expect(() => backtest(y, { horizon: 20, origins: 3, level: 0.95 })).toThrow(
      expect.objectContaining({
        code: 'BAD_INPUT',
        message: expect.stringMatching(/need more than 66 points/),
      }),
    );
    expect(() => backtest([...y.slice(0, 59), Number.NaN], { horizon: 5, origins: 2, level: 0.95 })).toThrow(
      /non-finite/,
    );
    expect(() => forecastSeries([...y, Number.NaN])).toThrow(/non-finite/);
  });
});
