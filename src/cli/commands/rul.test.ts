import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { syntheticCmapss } from '../../analytics/rul/synthetic.js';
import { runCli } from '../run-cli.fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-rul-'));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const db = join(dir, 'runs.db');

const run = (...args: string[]) => runCli(args);
afterEach(() => {
  process.exitCode = 0;
});

describe('xinzhi rul / runs', () => {
  const train = file('train_SYN.txt', syntheticCmapss({ engines: 20, seed: 11 }).text);
  const test = syntheticCmapss({ engines: 12, seed: 12, truncate: true });
  const testFile = file('test_SYN.txt', test.text);
  const truthFile = file('RUL_SYN.txt', test.rul.join('\n'));
  const modelFile = join(dir, 'model.json');

  it('trains, records the run, predicts one band per engine in unit order, and shows the run', async () => {
    const t = await run(
      'rul',
      'train',
      '--data',
      train,
      '--format',
      'cmapss',
      '--out',
      modelFile,
      '--rounds',
      '60',
      '--db',
      db,
      '--register',
      'rul-syn',
      '--json',
    );
    expect(t.code).toBe(0);
    const summary = JSON.parse(t.out);
    expect(summary.runId).toMatch(/^run-/);
    expect(summary.validRmse).toBeGreaterThan(0);
    expect(summary.validRmse).toBeLessThan(25);
    expect(summary.registered).toEqual({ name: 'rul-syn', version: 1 });

    const p = await run(
      'rul',
      'predict',
      '--model',
      modelFile,
      '--data',
      testFile,
      '--format',
      'cmapss',
      '--json',
    );
    expect(p.code).toBe(0);
    const { predictions } = JSON.parse(p.out);
    expect(predictions.map((x: { unit: number }) => x.unit)).toEqual(
      Array.from({ length: 12 }, (_, i) => i + 1),
    );
    for (const x of predictions) expect(x.low <= x.rul && x.rul <= x.high).toBe(true);

    const scored = await run(
      'rul',
      'predict',
      '--model',
      modelFile,
      '--data',
      testFile,
      '--truth',
      truthFile,
      '--json',
    );
    const s = JSON.parse(scored.out).scores;
    expect(s.rmse).toBeGreaterThan(0);
    expect(s.classification.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(12);

    const list = JSON.parse((await run('runs', 'list', '--db', db, '--json')).out);
    expect(list.runs[0].id).toBe(summary.runId);
    const show = JSON.parse((await run('runs', 'show', summary.runId, '--db', db, '--json')).out);
    expect(show.status).toBe('finished');
    expect(show.metrics.valid_rmse.length).toBeGreaterThan(0);
    expect(show.data.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(show.artefacts[0].name).toBe('model.json');
    const models = JSON.parse((await run('runs', 'models', '--db', db, '--json')).out);
    expect(models.models[0].production).toBe(1);
  });

  it('names the bad row, the bad file and the unknown run', async () => {
    const bad = file('bad.txt', '1 1 0 0 100 1 2 3\n');
    const r = await run('rul', 'train', '--data', bad, '--db', db, '--json');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out).error.field).toBe('bad.txt:1');
    const notModel = file('not-model.json', '{"a":1}');
    const p = await run('rul', 'predict', '--model', notModel, '--data', testFile, '--json');
    expect(p.code).toBe(2);
    expect(JSON.parse(p.out).error.message).toMatch(/not a xinzhi RUL model/);
    const f = await run('rul', 'train', '--data', train, '--format', 'csv', '--db', db, '--json');
    expect(JSON.parse(f.out).error.field).toBe('format');
    const s = await run('runs', 'show', 'run-nope', '--db', db, '--json');
    expect(s.code).toBe(3);
  });
});
