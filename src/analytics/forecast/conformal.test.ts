import { describe, expect, it } from 'vitest';
import { backtest } from './backtest.js';
import {
  ACI_GAMMA,
  calibrateIntervals,
  calibrationDepth,
  calibrationOrigins,
  checkCalibration,
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

/**
 * Coverage after a variance shift (noise σ 1 → 3 at `shift`) of intervals calibrated on oracle
 * forecasts over a long window (40 origins), with and without ACI.
 */
function coverageAfterShift(gamma: number) {
  const r = rng(7);
  const H = 12;
  const shift = 2400;
  const n = shift + 48 * H;
  const signal = (i: number): number => 10 + 3 * Math.sin((2 * Math.PI * i) / 24);
  const y = Array.from({ length: n }, (_, i) => signal(i) + (i < shift ? 1 : 3) * gauss(r));
  const oracle = (origin: number): PastForecast => {
    const point = Array.from({ length: H }, (_, h) => signal(origin + h));
    return {
      origin,
      point,
      lower: point.map((p) => p - 2),
      upper: point.map((p) => p + 2),
      actual: Array.from({ length: H }, (_, h) => y[origin + h] ?? Number.NaN),
    };
  };
  const opts = { origins: 40, scaling: 'model' as const, gamma };
  let inside = 0;
  let total = 0;
  let width = 0;
  for (let t = shift; t + H <= n; t += H) {
    const past = calibrationOrigins(t, H, calibrationDepth(opts), 24).map(oracle);
    const f = oracle(t);
    const c = calibrateIntervals(f.point, f, past, 0.95, opts);
    for (let h = 0; h < H; h++) {
      const a = f.actual[h] ?? 0;
      if (a >= (c.lower[h] ?? 0) && a <= (c.upper[h] ?? 0)) inside++;
      width += (c.upper[h] ?? 0) - (c.lower[h] ?? 0);
      total++;
    }
  }
  return { coverage: inside / total, width: width / total };
}

describe('adaptive conformal inference (ACI)', () => {
  it('regains ~95 % coverage after a variance shift where split conformal under-covers, by widening', () => {
    const plain = coverageAfterShift(0);
    const aci = coverageAfterShift(ACI_GAMMA);
    expect(plain.coverage).toBeLessThan(0.9);
    expect(aci.coverage).toBeGreaterThan(0.92);
    expect(aci.coverage).toBeLessThan(0.99);
    expect(aci.width).toBeGreaterThan(plain.width);
  });
  it('raises α after over-coverage and lowers it after misses, and says so', () => {
    const H = 4;
    const mk = (origin: number, err: number): PastForecast => ({
      origin,
      point: [0, 0, 0, 0],
      lower: [-1, -1, -1, -1],
      upper: [1, 1, 1, 1],
      actual: Array.from({ length: H }, (_, h) => (h % 2 ? err : -err) * (1 + ((origin * 7 + h) % 10) / 10)),
    });
    // 10 calm origins calibrate; the 5 after them (newest) miss by far more: α must fall.
    const past = [
      ...Array.from({ length: 10 }, (_, k) => mk(k * H, 0.5)),
      ...Array.from({ length: 5 }, (_, k) => mk((10 + k) * H, 5)),
    ];
    const c = calibrateIntervals([0, 0, 0, 0], { lower: [-1, -1, -1, -1], upper: [1, 1, 1, 1] }, past, 0.9, {
      origins: 10,
      scaling: 'model',
      gamma: 0.05,
      replay: 5,
    });
    expect(c.calibration.method).toBe('adaptive-conformal');
    expect(c.calibration.replayed).toBe(5);
    expect(c.calibration.alpha ?? 1).toBeLessThan(0.1);
    const plain = calibrateIntervals(
      [0, 0, 0, 0],
      { lower: [-1, -1, -1, -1], upper: [1, 1, 1, 1] },
      past,
      0.9,
      {
        origins: 10,
        scaling: 'model',
        gamma: 0,
      },
    );
    expect(plain.calibration.method).toBe('conformal');
    expect(plain.calibration.alpha).toBeCloseTo(0.1, 12);
    expect((c.upper[0] ?? 0) - (c.lower[0] ?? 0)).toBeGreaterThanOrEqual(
      (plain.upper[0] ?? 0) - (plain.lower[0] ?? 0),
    );
    // All calm: α rises above 0.1 and the interval narrows.
    const calm = Array.from({ length: 15 }, (_, k) => mk(k * H, 0.5));
    const n = calibrateIntervals([0, 0, 0, 0], { lower: [-1, -1, -1, -1], upper: [1, 1, 1, 1] }, calm, 0.9, {
      origins: 10,
      scaling: 'model',
      gamma: 0.05,
      replay: 5,
    });
    expect(n.calibration.alpha ?? 0).toBeGreaterThan(0.1);
  });
  it('is causal: the ACI state at origin t reads only rows before t', () => {
    const r = rng(9);
    const y = Array.from({ length: 24 * 20 }, (_, i) => 50 + 8 * Math.sin((2 * Math.PI * i) / 24) + 3 * r());
    const t = 24 * 16;
    const opts = { origins: 4, scaling: 'model' as const, gamma: ACI_GAMMA, replay: 4 };
    const origins = calibrationOrigins(t, 24, calibrationDepth(opts), 48);
    expect(origins).toHaveLength(8);
    const changed = y.map((v, i) => (i >= t ? -v * 50 : v));
    const a = pastForecasts(y, origins, { horizon: 24, level: 0.95, periods: [24] });
    const b = pastForecasts(changed, origins, { horizon: 24, level: 0.95, periods: [24] });
    const f1 = forecastSeries(y.slice(0, t), { horizon: 24, periods: [24], calibration: opts });
    const ca = calibrateIntervals(f1.point, f1, a, 0.95, opts);
    const cb = calibrateIntervals(f1.point, f1, b, 0.95, opts);
    expect(ca.calibration.method).toBe('adaptive-conformal');
    expect(cb).toEqual(ca);
    expect(f1.calibration.replayed).toBe(4);
  });
  it('rejects a malformed step or replay', () => {
    const y = Array.from({ length: 60 }, (_, i) => 5 + (i % 4));
    for (const bad of [-0.1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => forecastSeries(y, { calibration: { origins: 4, scaling: 'model', gamma: bad } })).toThrow(
        expect.objectContaining({ code: 'BAD_INPUT', message: expect.stringMatching(/gamma/) }),
      );
    expect(() =>
      forecastSeries(y, { calibration: { origins: 4, scaling: 'model', gamma: 0.1, replay: 1.5 } }),
    ).toThrow(/replay/);
    expect(checkCalibration({ origins: 4, scaling: 'model', gamma: 0.1, replay: 0 })).toBeUndefined();
  });
});
