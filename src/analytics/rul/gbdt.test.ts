import { describe, expect, it } from 'vitest';
import { createRng } from '../../core/index.js';
import { predictGbdt, trainGbdt } from './gbdt.js';
import { rmse } from './metrics.js';

function data(n: number, seed: number) {
  const rnd = createRng(seed).next;
  const cols = 4;
  const x = new Float32Array(n * cols);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < cols; j++) x[i * cols + j] = rnd() * 2 - 1;
    const a = x[i * cols]!;
    const b = x[i * cols + 1]!;
    // nonlinear with an interaction; columns 2-3 are noise
    y[i] = 10 * Math.sin(3 * a) + (b > 0 ? 5 * a : -3) + (rnd() - 0.5);
  }
  return { m: { x, rows: n, cols }, y };
}

describe('trainGbdt', () => {
  const train = data(3000, 1);
  const test = data(1000, 2);

  it('learns a nonlinear function far better than the mean, with early stopping on validation', () => {
    const rounds: number[] = [];
    const model = trainGbdt(
      {
        train: train.m,
        y: train.y,
        valid: { data: test.m, y: test.y },
        onRound: (p) => rounds.push(p.round),
      },
      { rounds: 300, minLeaf: 10, learningRate: 0.1, earlyStopping: 30 },
    );
    const p = predictGbdt(model, test.m);
    const meanOnly = rmse(test.y, new Float64Array(test.y.length).fill(model.base));
    expect(rmse(test.y, p)).toBeLessThan(0.2 * meanOnly);
    expect(model.trees.length).toBe(model.bestRound);
    expect(rounds[0]).toBe(1);
  });

  it('is reproducible from its seed and survives a JSON round trip', () => {
    const a = trainGbdt({ train: train.m, y: train.y }, { rounds: 20, seed: 5 });
    const b = trainGbdt({ train: train.m, y: train.y }, { rounds: 20, seed: 5 });
    const back = JSON.parse(JSON.stringify(a));
    expect(Array.from(predictGbdt(back, test.m))).toEqual(Array.from(predictGbdt(b, test.m)));
  });

  it('refuses a matrix of the wrong width', () => {
    const a = trainGbdt({ train: train.m, y: train.y }, { rounds: 2 });
    expect(() => predictGbdt(a, { x: new Float32Array(3), rows: 1, cols: 3 })).toThrow(/4 features/);
  });
});
