import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../run-cli.fixture.js';
import { tempFiles } from '../../temp-files.fixture.js';

const { dir, file } = tempFiles('xinzhi-nlp-');
const db = join(dir, 'runs.db');
const run = (...args: string[]) => runCli(args);
afterEach(() => {
  process.exitCode = 0;
});

/** Word-level BIO: "deliver N boxes to PLACE". */
function corpus(n: number, offset: number): string {
  const places = ['Hangzhou', 'Suzhou', 'Ningbo', 'Wenzhou', 'Shaoxing', 'Jiaxing'];
  const items = ['milk', 'eggs', 'rice', 'apples'];
  const out: string[] = [];
  for (let i = offset; i < offset + n; i++)
    out.push(
      [
        'deliver O',
        `${(i % 9) + 1} B-QTY`,
        `${items[i % 4]} B-ITEM`,
        'to O',
        `${places[i % 6]} B-PLACE`,
        ...(i % 2 ? ['West B-PLACE', 'Lake I-PLACE'] : []),
      ].join('\n'),
    );
  return `${out.join('\n\n')}\n`;
}

describe('xinzhi nlp', () => {
  const train = file('train.conll', corpus(40, 0));
  const test = file('test.conll', corpus(10, 100));
  const model = join(dir, 'ner.json');

  it('trains as a tracked run, registers, evaluates, predicts and tags', async () => {
    const t = await run(
      'nlp',
      'train',
      train,
      '--dev',
      test,
      '--out',
      model,
      '--epochs',
      '3',
      '--db',
      db,
      '--register',
      'toy',
      '--json',
    );
    expect(t.code).toBe(0);
    const s = JSON.parse(t.out);
    expect(s.runId).toMatch(/^run-/);
    expect(s.scheme).toBe('BIO');
    expect(s.types).toEqual(['ITEM', 'PLACE', 'QTY']);
    expect(s.epochs).toHaveLength(3);
    expect(s.devMicroF1).toBe(1);
    expect(s.registered).toEqual({ name: 'toy', version: 1 });

    const shown = await run('runs', 'show', s.runId, '--db', db, '--json');
    expect(shown.code).toBe(0);
    expect(shown.out).toContain('dev_f1');

    const e = await run('nlp', 'eval', model, test, '--json');
    expect(e.code).toBe(0);
    const r = JSON.parse(e.out);
    expect(r.micro.f1).toBe(1);
    expect(r.types.PLACE.support).toBe(15);
    const byName = await run('nlp', 'eval', 'toy', test, '--db', db, '--json');
    expect(JSON.parse(byName.out).micro.f1).toBe(1);

    const pred = join(dir, 'pred.conll');
    const p = await run('nlp', 'predict', model, test, '--out', pred);
    expect(p.code).toBe(0);
    const lines = readFileSync(pred, 'utf8').split('\n');
    expect(lines[0]).toBe('deliver O O');
    expect(lines[4]).toBe('Shaoxing B-PLACE B-PLACE');

    const g = await run('nlp', 'tag', model, 'deliver 3 rice to Ningbo West Lake', '--json');
    const tagged = JSON.parse(g.out);
    expect(tagged.entities.map((x: { type: string; text: string }) => [x.type, x.text])).toEqual([
      ['QTY', '3'],
      ['ITEM', 'rice'],
      ['PLACE', 'Ningbo'],
      ['PLACE', 'West Lake'],
    ]);
  });

  it('chooses L2 and epochs by cross-validation on the training file', async () => {
    const t = await run(
      'nlp',
      'train',
      train,
      '--cv',
      '2',
      '--cv-l2',
      '1,30',
      '--epochs',
      '2',
      '--db',
      db,
      '--json',
    );
    expect(t.code).toBe(0);
    const s = JSON.parse(t.out);
    expect(s.cv.folds).toBe(2);
    expect([1, 30]).toContain(s.cv.l2);
    expect(s.epochs).toHaveLength(s.cv.epochs);
    expect(s.options.l2).toBe(s.cv.l2);
    const bad = await run('nlp', 'train', train, '--cv', '1', '--db', db, '--json');
    expect(bad.code).not.toBe(0);
    expect(bad.out).toMatch(/--cv must be an integer from 2 to 20/);
  });

  it('names the bad line of a malformed file and rejects a corrupted model', async () => {
    const bad = file('bad.conll', 'deliver O\nmilk\n');
    const r = await run('nlp', 'train', bad, '--db', db, '--json');
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('bad.conll line 2');
    const corrupt = file('corrupt.json', '{"format":"xinzhi-ner-crf","version":1,');
    const e = await run('nlp', 'eval', corrupt, test, '--json');
    expect(e.code).not.toBe(0);
    expect(e.out).toMatch(/not valid JSON/);
    const missing = await run('nlp', 'eval', join(dir, 'nope.json'), test, '--json');
    expect(missing.out).toMatch(/no such model file/);
  });

  it('reports an unreadable training file', async () => {
    if (process.getuid?.() === 0) return; // root reads any file
    const locked = file('locked.conll', corpus(2, 0));
    chmodSync(locked, 0o000);
    const r = await run('nlp', 'train', locked, '--db', db, '--json');
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/cannot read/);
  });
});
