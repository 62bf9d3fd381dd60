import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeJpeg, encodePng, syntheticSurface } from '../../../analytics/vision/index.js';
import { runCli } from '../../run-cli.fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-vision-'));
const db = join(dir, 'runs.db');
const run = (...args: string[]) => runCli(args);
afterEach(() => {
  process.exitCode = 0;
});

/** `<root>/<class>/<n>.jpg|png`: imbalanced (ok 16, scratch 8, spots 6), mixed sizes and formats. */
function folder(root: string, offset: number): string {
  const counts = { ok: 16, scratch: 8, spots: 6 } as const;
  for (const [c, n] of Object.entries(counts)) {
    mkdirSync(join(root, c), { recursive: true });
    for (let i = 0; i < n; i++) {
      const s = offset + i;
      const img = syntheticSurface(c as 'ok', s, {
        width: 60 + (s % 5) * 10,
        height: 80,
        colour: s % 4 === 0,
      });
      writeFileSync(
        join(root, c, `${c}_${i}.${i % 3 ? 'jpg' : 'png'}`),
        i % 3 ? encodeJpeg(img) : encodePng(img),
      );
    }
  }
  writeFileSync(join(root, 'ok', 'notes.txt'), 'not an image, ignored');
  return root;
}

describe('xinzhi vision', () => {
  const train = folder(join(dir, 'train'), 0);
  const test = folder(join(dir, 'test'), 500);
  const model = join(dir, 'model.json');

  it('trains on a class-folder tree as a tracked run, evaluates and predicts', async () => {
    const t = await run(
      'vision',
      'train',
      train,
      '--out',
      model,
      '--db',
      db,
      '--register',
      'cam1',
      '--l2',
      '0.001,0.01',
      '--json',
    );
    expect(t.code).toBe(0);
    const s = JSON.parse(t.out);
    expect(s.classes).toEqual(['ok', 'scratch', 'spots']);
    expect(s.support).toEqual({ ok: 16, scratch: 8, spots: 6 });
    expect(s.cv.grid).toHaveLength(2);
    expect(s.registered).toEqual({ name: 'cam1', version: 1 });

    const shown = JSON.parse((await run('runs', 'show', s.runId, '--db', db, '--json')).out);
    expect(shown.kind).toBe('vision');
    expect(Object.keys(shown.metrics)).toEqual(expect.arrayContaining(['cv_fold_accuracy', 'fit_loss']));

    const e = await run('vision', 'eval', model, test, '--json');
    expect(e.code).toBe(0);
    const r = JSON.parse(e.out);
    expect(r.images).toBe(30);
    expect(r.accuracy).toBeGreaterThan(0.8);
    expect(Object.keys(r.classes)).toEqual(['ok', 'scratch', 'spots']);
    expect(r.classes.ok.support).toBe(16);
    expect(r.macro).toEqual({
      precision: expect.any(Number),
      recall: expect.any(Number),
      f1: expect.any(Number),
    });
    expect(r.confusion).toHaveLength(3);

    // The registered name works as well as the file.
    const a = join(test, 'scratch', 'scratch_1.jpg');
    const b = join(test, 'ok', 'ok_0.png');
    const p = await run('vision', 'predict', 'cam1', a, b, '--db', db, '--json');
    expect(p.code).toBe(0);
    const list = JSON.parse(p.out);
    expect(list.map((x: { image: string }) => x.image)).toEqual([a, b]);
    for (const x of list) {
      expect(Object.keys(x)).toEqual(['image', 'class', 'probability', 'top']);
      expect(x.top).toHaveLength(3);
      expect(x.top[0]).toEqual([x.class, x.probability]);
    }
    const h = JSON.parse((await run('vision', 'predict', model, a, '--heatmap', '--json')).out);
    expect(h[0].heatmap.values).toHaveLength(36);

    // Many images go through the worker pool; one by one (the --heatmap path) gives the same answers.
    const many = ['ok', 'scratch', 'spots'].flatMap((c) =>
      [0, 1, 2, 3].map((i) => join(test, c, `${c}_${i}.${i % 3 ? 'jpg' : 'png'}`)),
    );
    const pooled = JSON.parse((await run('vision', 'predict', model, ...many, '--json')).out);
    const serial = JSON.parse((await run('vision', 'predict', model, ...many, '--heatmap', '--json')).out);
    expect(pooled).toHaveLength(12);
    expect(pooled).toEqual(serial.map(({ heatmap: _, ...rest }: { heatmap: unknown }) => rest));

    const camera = (defect: string) =>
      run(
        'vision',
        'camera',
        'plant1/line1/cam1',
        '--model',
        'cam1',
        '--defect',
        defect,
        '--db',
        db,
        '--json',
      );
    const cam = await camera('scratch=0.6');
    expect(JSON.parse(cam.out)).toMatchObject({
      asset: 'plant1/line1/cam1',
      model: 'cam1',
      defects: { scratch: 0.6 },
    });
    const wrong = await camera('rust=0.5');
    expect(JSON.parse(wrong.out).error.message).toMatch(/no class rust/);
    const badP = await camera('scratch=2');
    expect(JSON.parse(badP.out).error.field).toBe('defect');
    const badAsset = await run('vision', 'camera', '../x', '--model', 'cam1', '--db', db, '--json');
    expect(JSON.parse(badAsset.out).error.field).toBe('asset');
  }, 180_000);

  it('names the file that is not an image, the missing folder and the unknown model', async () => {
    const bad = join(dir, 'bad');
    folder(bad, 900);
    writeFileSync(join(bad, 'ok', 'broken.jpg'), 'this is text');
    const t = await run('vision', 'train', bad, '--db', db, '--json');
    expect(t.code).toBe(2);
    expect(JSON.parse(t.out).error.message).toMatch(
      /1 image\(s\) could not be read: .*broken\.jpg: .*not a JPEG or PNG/,
    );

    const gone = await run('vision', 'train', join(dir, 'nope'), '--db', db, '--json');
    expect(JSON.parse(gone.out).error.code).toBe('NOT_FOUND');

    const txt = join(dir, 'x.txt');
    writeFileSync(txt, 'hello');
    const p = await run('vision', 'predict', model, txt, '--json');
    expect(p.code).toBe(2);
    expect(JSON.parse(p.out).error.message).toMatch(/x\.txt is not a JPEG or PNG/);

    const m = await run('vision', 'eval', 'no-such-model', train, '--db', db, '--json');
    expect(JSON.parse(m.out).error.code).toBe('NOT_FOUND');

    const notModel = join(dir, 'other.json');
    writeFileSync(notModel, '{"format":"xinzhi-rul"}');
    const n = await run('vision', 'predict', notModel, txt, '--json');
    expect(JSON.parse(n.out).error.message).toMatch(/not a xinzhi vision model/);

    const f = await run('vision', 'train', train, '--folds', '1', '--json');
    expect(JSON.parse(f.out).error.field).toBe('folds');
  }, 120_000);
});
