import { describe, expect, it } from 'vitest';
import { parseCmapss } from './cmapss.js';
import { fitConditions } from './conditions.js';
import { buildFeatures, FEATURE_COUNT, featureNames } from './features.js';
import { cycleModelEstimator } from './live.js';
import { rmse } from './metrics.js';
import { predictRul, trainRulModel } from './model.js';
import { splitByEngine } from './split.js';
import { syntheticCmapss } from './synthetic.fixture.js';

const engines = (o: Parameters<typeof syntheticCmapss>[0]) => {
  const g = syntheticCmapss(o);
  const r = parseCmapss(g.text);
  if (!r.ok) throw new Error('synthetic data did not parse');
  return { engines: r.value, rul: g.rul };
};

describe('protocol pieces', () => {
  it('splits by engine: no unit in both, units % 5 == 0 validate', () => {
    const { engines: es } = engines({ engines: 20 });
    const { train, valid } = splitByEngine(es);
    expect(valid.map((e) => e.unit)).toEqual([5, 10, 15, 20]);
    expect(train.some((e) => e.unit % 5 === 0)).toBe(false);
  });

  it('finds six operating conditions only in multi-condition data', () => {
    expect(fitConditions(engines({ engines: 6 }).engines).centres).toHaveLength(1);
    expect(fitConditions(engines({ engines: 6, multiCondition: true }).engines).centres).toHaveLength(6);
  });

  it('builds causal window features (later rows do not change earlier features)', () => {
    const { engines: es } = engines({ engines: 2 });
    const cond = fitConditions(es);
    const e = es[0]!;
    const cut = {
      ...e,
      cycles: e.cycles.slice(0, 40),
      settings: e.settings.map((s) => s.slice(0, 40)),
      sensors: e.sensors.map((s) => s.slice(0, 40)),
    };
    const full = buildFeatures(cond, [e], () => [39]);
    const part = buildFeatures(cond, [cut], 'last');
    expect(Array.from(part.x)).toEqual(Array.from(full.x));
    expect(featureNames()).toHaveLength(FEATURE_COUNT);
    // Names as saved in models before other sensor sets existed.
    expect(featureNames().slice(0, 3)).toEqual(['s2_last', 's2_ewma0.3', 's2_ewma0.1']);
    expect(featureNames(['temp']).slice(-2)).toEqual(['temp_slope60', 'cycles']);
    expect(part.x[FEATURE_COUNT - 1]).toBe(40); // cycles seen
  });
});

describe('trainRulModel / predictRul', async () => {
  const train = engines({ engines: 40, seed: 3 });
  const test = engines({ engines: 25, seed: 4, truncate: true });
  const rounds: number[] = [];
  const result = await trainRulModel(
    train.engines,
    { gbdt: { rounds: 120, minLeaf: 40, learningRate: 0.1 } },
    {
      onRound: (p) => rounds.push(p.round),
    },
  );

  it('trains with validation by engine and predicts one band per test engine in unit order', () => {
    expect(result.validation.engines).toBe(8);
    expect(result.validation.rmse).toBeLessThan(15);
    expect(rounds.length).toBeGreaterThan(0);
    const preds = predictRul(result.model, [...test.engines].reverse());
    expect(preds.map((p) => p.unit)).toEqual(test.engines.map((e) => e.unit));
    for (const p of preds) {
      expect(p.low).toBeLessThanOrEqual(p.rul);
      expect(p.high).toBeGreaterThanOrEqual(p.rul);
      expect(p.rul).toBeLessThanOrEqual(125);
    }
    const capped = test.rul.map((r) => Math.min(125, r));
    const err = rmse(
      capped,
      preds.map((p) => p.rul),
    );
    expect(err).toBeLessThan(20);
    // a constant guess at the mean does much worse
    const mean = capped.reduce((a, b) => a + b, 0) / capped.length;
    expect(err).toBeLessThan(
      0.6 *
        rmse(
          capped,
          capped.map(() => mean),
        ),
    );
  });

  it('is JSON-serialisable and predicts the same after a round trip; fingerprints its data', async () => {
    const back = JSON.parse(JSON.stringify(result.model));
    expect(predictRul(back, test.engines)).toEqual(predictRul(result.model, test.engines));
    expect(result.model.trainedOn.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const other = engines({ engines: 40, seed: 9 });
    expect(
      (await trainRulModel(other.engines, { gbdt: { rounds: 2 }, refit: false })).model.trainedOn.fingerprint,
    ).not.toBe(result.model.trainedOn.fingerprint);
  });
});

describe('cycleModelEstimator (a trained model on live cycles)', async () => {
  const train = engines({ engines: 30, seed: 7 });
  const { model } = await trainRulModel(train.engines, {
    gbdt: { rounds: 30, minLeaf: 40, learningRate: 0.1 },
  });
  it('gives, cycle by cycle, the prediction of the history so far', () => {
    const e = engines({ engines: 1, seed: 8 }).engines[0]!;
    const est = cycleModelEstimator(model);
    let last: ReturnType<typeof est.update> = null;
    const n = 60;
    for (let t = 0; t < n; t++) {
      const values: Record<string, number> = {};
      for (let s = 1; s <= 21; s++) values[`s${s}`] = e.sensors[s - 1]![t]!;
      for (let k = 0; k < 3; k++) values[`setting${k + 1}`] = e.settings[k]![t]!;
      last = est.update(t, values);
    }
    const prefix = {
      ...e,
      cycles: e.cycles.slice(0, n),
      settings: e.settings.map((x) => x.slice(0, n)),
      sensors: e.sensors.map((x) => x.slice(0, n)),
    };
    const direct = predictRul(model, [prefix])[0]!;
    expect(last).toMatchObject({ rul: direct.rul, low: direct.low, high: direct.high, unit: 'cycles' });
    expect(est.update(n, { s2: 1 })).toBeNull(); // missing sensors: no estimate
  });
});

describe('trees + network ensemble', () => {
  it('trains both, picks the mix on validation engines, and predicts without tfjs state', async () => {
    const train = engines({ engines: 30, seed: 5 });
    const test = engines({ engines: 10, seed: 6, truncate: true });
    const epochs: number[] = [];
    const r = await trainRulModel(
      train.engines,
      {
        model: 'gbdt+mlp',
        gbdt: { rounds: 40, minLeaf: 40, learningRate: 0.1 },
        mlp: { epochs: 4, hidden: [16] },
      },
      { onEpoch: (p) => epochs.push(p.epoch) },
    );
    expect(epochs.length).toBeGreaterThan(0);
    const m = r.validation.members!;
    expect(m.mlpWeight).toBeGreaterThanOrEqual(0);
    expect(m.mlpWeight).toBeLessThanOrEqual(1);
    // the chosen mix is at least as good as the trees alone on validation
    expect(r.validation.rmse).toBeLessThanOrEqual(m.gbdt + 1e-9);
    const back = JSON.parse(JSON.stringify(r.model));
    expect(predictRul(back, test.engines)).toEqual(predictRul(r.model, test.engines));
  });
});
