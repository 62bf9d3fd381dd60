import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { syntheticCmapss, syntheticRunCsv } from '../../../analytics/rul/synthetic.fixture.js';
import { runCli } from '../../run-cli.fixture.js';
import { tempFiles } from '../../temp-files.fixture.js';

const { dir, file } = tempFiles('xinzhi-rul-');
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
    const f = await run('rul', 'train', '--data', train, '--format', 'parquet', '--db', db, '--json');
    expect(JSON.parse(f.out).error.field).toBe('format');
    const s = await run('runs', 'show', 'run-nope', '--db', db, '--json');
    expect(s.code).toBe(3);
  });
});

describe('xinzhi rul on a generic run-to-failure CSV, and predict from the registry', () => {
  const csvDb = join(dir, 'csv.db');
  let trainedCap = 0;
  const train = file('pumps-train.csv', syntheticRunCsv({ units: 25, seed: 21 }).text);
  const held = syntheticRunCsv({ units: 12, seed: 22, truncate: true });
  // The held-out file as another export would write it: semicolons, columns in another order,
  // an extra column the model does not use.
  const heldRows = held.text
    .trim()
    .split('\n')
    .map((l) => l.split(','));
  const order = [1, 0, 4, 3, 2, 5, 6, 7];
  const heldFile = file(
    'pumps-now.csv',
    `${heldRows.map((r, i) => [...order.map((k) => r[k]), i === 0 ? 'operator' : 'Li'].join(';')).join('\n')}\n`,
  );

  it('trains on unit,cycle,sensor columns (constant ones left out) and registers the model', async () => {
    const t = await run(
      'rul',
      'train',
      '--data',
      train,
      '--rounds',
      '80',
      '--db',
      csvDb,
      '--register',
      'pumps',
      '--json',
    );
    expect(t.code).toBe(0);
    const j = JSON.parse(t.out);
    trainedCap = j.cap;
    expect(j).toMatchObject({
      format: 'csv',
      units: 25,
      columns: ['temp_out', 'pressure', 'vibration', 'flow', 'ambient'],
      ignoredColumns: ['firmware'],
      validEngines: 5,
      registered: { name: 'pumps', version: 1 },
    });
    // 60 % of the median life (lives are 150-350 cycles).
    expect(j.cap).toBeGreaterThan(90);
    expect(j.cap).toBeLessThan(210);
    const show = JSON.parse((await run('runs', 'show', j.runId, '--db', csvDb, '--json')).out);
    expect(show.config).toMatchObject({ format: 'csv', columns: j.columns });
  });

  it('predicts held-out machines from the production model far better than a constant guess', async () => {
    const p = await run('rul', 'predict', '--model', 'pumps', '--data', heldFile, '--db', csvDb, '--json');
    expect(p.code).toBe(0);
    const doc = JSON.parse(p.out);
    expect(doc.model).toMatchObject({ name: 'pumps', version: 1 });
    expect(doc.model.runId).toMatch(/^run-/);
    const preds = doc.predictions as Array<{
      unit: string;
      cycle: number;
      rul: number;
      low: number;
      high: number;
    }>;
    expect(preds.map((x) => x.unit)).toEqual(
      Array.from({ length: 12 }, (_, i) => `P-${String(i + 1).padStart(3, '0')}`),
    );
    // Scored against the truth capped like the training target (the range the model predicts in).
    const truth = held.rul.map((r) => Math.min(r, trainedCap));
    const rmseOf = (f: (i: number) => number) =>
      Math.sqrt(truth.reduce((s, t, i) => s + (f(i) - t) ** 2, 0) / truth.length);
    const mean = truth.reduce((a, b) => a + b, 0) / truth.length;
    const model = rmseOf((i) => preds[i]!.rul);
    const baseline = rmseOf(() => mean);
    expect(model).toBeLessThan(0.6 * baseline);
    for (const x of preds) expect(x.low <= x.rul && x.rul <= x.high).toBe(true);
    // The same version by number, and the human output names the model and the units.
    const byVersion = await run(
      'rul',
      'predict',
      '--model',
      'pumps@1',
      '--data',
      heldFile,
      '--db',
      csvDb,
      '--json',
    );
    expect(JSON.parse(byVersion.out).predictions).toEqual(preds);
    const human = await run('rul', 'predict', '--model', 'pumps', '--data', heldFile, '--db', csvDb);
    expect(human.out).toMatch(/^model 'pumps' v1 \(run run-.*\), RUL cap \d+ cycles\n/);
    expect(human.out).toMatch(/unit P-001 at cycle \d+: RUL [\d.]+ cycles \(90 % band/);
  });

  it('--model: unknown name or version, a missing model file, a mistyped --db', async () => {
    const unknown = await run(
      'rul',
      'predict',
      '--model',
      'pumpz',
      '--data',
      heldFile,
      '--db',
      csvDb,
      '--json',
    );
    expect(unknown.code).toBe(3);
    expect(JSON.parse(unknown.out).error.message).toMatch(/no registered model 'pumpz'.*xinzhi runs models/);
    const version = await run(
      'rul',
      'predict',
      '--model',
      'pumps@7',
      '--data',
      heldFile,
      '--db',
      csvDb,
      '--json',
    );
    expect(version.code).toBe(3);
    expect(JSON.parse(version.out).error.message).toMatch(/has no version 7 \(versions 1\)/);
    const badVersion = await run(
      'rul',
      'predict',
      '--model',
      'pumps@x',
      '--data',
      heldFile,
      '--db',
      csvDb,
      '--json',
    );
    expect(badVersion.code).toBe(2);
    const noFile = await run(
      'rul',
      'predict',
      '--model',
      join(dir, 'gone.json'),
      '--data',
      heldFile,
      '--json',
    );
    expect(noFile.code).toBe(3);
    expect(JSON.parse(noFile.out).error.message).toMatch(/gone\.json/);
    const typo = join(dir, 'csvv.db');
    const t = await run('rul', 'predict', '--model', 'pumps', '--data', heldFile, '--db', typo, '--json');
    expect(t.code).toBe(3);
    expect(JSON.parse(t.out).error.field).toBe('--db');
    expect(existsSync(typo)).toBe(false);
  });

  it('names the missing model columns, and refuses data of the other format', async () => {
    const lacking = file(
      'no-vib.csv',
      'machine_id,time_cycles,temp_out,pressure,flow,ambient\nP-1,1,350,14.2,52,20\nP-1,2,351,14.1,52,21\n',
    );
    const r = await run('rul', 'predict', '--model', 'pumps', '--data', lacking, '--db', csvDb, '--json');
    expect(r.code).toBe(2);
    const msg = JSON.parse(r.out).error.message;
    expect(msg).toMatch(/missing sensor column\(s\) 'vibration'/);
    expect(msg).toMatch(/model 'pumps' v1 needs temp_out, pressure, vibration, flow, ambient/);
    const txt = file('pumps.txt', '1 1 0 0 100 1 2 3\n');
    const other = await run('rul', 'predict', '--model', 'pumps', '--data', txt, '--db', csvDb, '--json');
    expect(other.code).toBe(2);
    expect(JSON.parse(other.out).error.message).toMatch(/trained on CSV columns/);
  });

  it('--unit-col/--cycle-col override the header names', async () => {
    const custom = file(
      'custom.csv',
      syntheticRunCsv({ units: 6, seed: 23, unitColumn: 'pump', cycleColumn: 'run_hours' }).text,
    );
    const noUnit = await run('rul', 'train', '--data', custom, '--db', csvDb, '--json');
    expect(noUnit.code).toBe(2);
    expect(JSON.parse(noUnit.out).error.message).toMatch(
      /no unit column: the header is 'pump', 'run_hours'.*--unit-col/,
    );
    const trainCustom = ['rul', 'train', '--data', custom, '--unit-col', 'pump', '--cycle-col', 'run_hours'];
    const ok = await run(
      ...trainCustom,
      '--sensors',
      'temp_out,vibration',
      '--rounds',
      '20',
      '--db',
      csvDb,
      '--json',
    );
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({
      units: 6,
      columns: ['temp_out', 'vibration'],
      validEngines: 1,
    });
    // The model remembers its unit and cycle columns: predicting on the same layout needs no flags.
    const model = join(dir, 'custom.json');
    const again = await run(...trainCustom, '--rounds', '10', '--out', model, '--db', csvDb, '--json');
    expect(again.code).toBe(0);
    const now = file(
      'custom-now.csv',
      syntheticRunCsv({ units: 2, seed: 24, truncate: true, unitColumn: 'pump', cycleColumn: 'run_hours' })
        .text,
    );
    const p = await run('rul', 'predict', '--model', model, '--data', now, '--json');
    expect(p.code).toBe(0);
    expect(JSON.parse(p.out).predictions.map((x: { unit: string }) => x.unit)).toEqual(['P-001', 'P-002']);
    const cmapssFlag = await run(
      'rul',
      'train',
      '--data',
      join(dir, 'train_SYN.txt'),
      '--unit-col',
      'x',
      '--json',
    );
    expect(cmapssFlag.code).toBe(2);
  });

  it('malformed CSVs: bad cell, cycles going back, empty file, one unit (exit 2, naming row and column)', async () => {
    const head = 'unit,cycle,temp,pressure\n';
    const cases: Array<[string, string, RegExp, string?]> = [
      [
        'cell.csv',
        `${head}A,1,350,14\nA,2,n/a,14\nB,1,351,14\nB,2,352,13.9\n`,
        /column 'temp' is not a number: 'n\/a'/,
        'cell.csv:3',
      ],
      [
        'back.csv',
        `${head}A,1,350,14\nA,3,351,14\nA,2,352,14\nB,1,350,14\nB,2,351,14\n`,
        /cycle 2 of unit 'A' does not follow cycle 3/,
        'back.csv:4',
      ],
      ['empty.csv', '', /the file is empty/],
      ['header.csv', head, /no data rows/],
      ['one.csv', `${head}A,1,350,14\nA,2,351,13.9\nA,3,352,13.7\n`, /one unit \('A'\).*at least 2 units/],
      [
        'huge.csv',
        `${head}A,1,1e999,14\nB,1,350,14\n`,
        /column 'temp' is not a number: '1e999'/,
        'huge.csv:2',
      ],
      ['ragged.csv', `${head}A,1,350\nB,1,350,14\n`, /3 cells for 4 columns/, 'ragged.csv:2'],
    ];
    for (const [name, text, message, field] of cases) {
      const r = await run('rul', 'train', '--data', file(name, text), '--db', csvDb, '--json');
      expect(r.code, name).toBe(2);
      const e = JSON.parse(r.out).error;
      expect(e.message, name).toMatch(message);
      if (field) expect(e.field, name).toBe(field);
    }
  });
});
