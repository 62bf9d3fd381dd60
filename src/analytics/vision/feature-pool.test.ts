import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isXinzhiError } from '../../core/index.js';
import { decodeImage } from './decode.js';
import { createFeaturePool, extractFeaturesPooled, type FeatureJob } from './feature-pool.js';
import { DEFAULT_FEATURES, extractFeatures, prepare } from './features.js';
import { trainVisionModel } from './model.js';
import { predictFeatures, predictPrepared } from './predict.js';
import { encodeJpeg, encodePng, SYNTHETIC_CLASSES, syntheticSurface } from './synthetic.js';

describe('extractFeaturesPooled', () => {
  it('gives the serial features, and so the same classes and probabilities, from bytes and files', async () => {
    const x: Float32Array[] = [];
    const y: number[] = [];
    SYNTHETIC_CLASSES.forEach((c, label) => {
      for (let i = 0; i < 6; i++) {
        x.push(extractFeatures(syntheticSurface(c, label * 50 + i, { width: 64, height: 64 })));
        y.push(label);
      }
    });
    const { model } = await trainVisionModel(
      { x, y, classes: [...SYNTHETIC_CLASSES] },
      { steps: 100, l2Grid: [1e-2] },
    );
    const dir = mkdtempSync(join(tmpdir(), 'xinzhi-pool-'));
    const jobs: FeatureJob[] = [];
    const bytes: Uint8Array[] = [];
    SYNTHETIC_CLASSES.forEach((c, k) => {
      for (let i = 0; i < 4; i++) {
        const img = syntheticSurface(c, 900 + k * 10 + i, {
          width: 70 + 13 * i,
          height: 60,
          colour: i % 2 === 1,
        });
        const b = i % 2 === 0 ? encodeJpeg(img) : encodePng(img);
        bytes.push(b);
        if (i === 3) {
          const p = join(dir, `${c}-${i}.png`);
          writeFileSync(p, b);
          jobs.push({ path: p });
        } else jobs.push({ bytes: b, field: `${c}-${i}` });
      }
    });
    const pooled = await extractFeaturesPooled(jobs, model.features, { workers: 2 });
    expect(pooled).toHaveLength(jobs.length);
    bytes.forEach((b, i) => {
      const serial = predictPrepared(model, prepare(decodeImage(b), model.features));
      expect(Array.from(pooled[i]!)).toEqual(Array.from(extractFeatures(decodeImage(b), DEFAULT_FEATURES)));
      const p = predictFeatures(model, pooled[i]!);
      expect(p.class).toBe(serial.class);
      expect(p.probabilities).toEqual(serial.probabilities);
      expect(p.top).toEqual(serial.top);
    });
  }, 60_000);

  it('throws the first bad image in job order as the serial loop would, naming it', async () => {
    const good = encodeJpeg(syntheticSurface('ok', 1, { width: 40, height: 40 }));
    const jobs: FeatureJob[] = [
      ...Array.from({ length: 8 }, (_, i) => ({ bytes: good, field: `good-${i}` })),
      { bytes: new TextEncoder().encode('not an image'), field: 'bad.jpg' },
      { path: join(tmpdir(), 'xinzhi-no-such-file.png') },
    ];
    const e = await extractFeaturesPooled(jobs, DEFAULT_FEATURES, { workers: 2 }).catch(
      (err: unknown) => err,
    );
    expect(isXinzhiError(e)).toBe(true);
    expect((e as Error).message).toMatch(/bad\.jpg is not a JPEG or PNG/);
    expect((e as { field?: string }).field).toBe('bad.jpg');
  }, 60_000);

  it('keeps its workers across batches when created once', async () => {
    const pool = createFeaturePool(2);
    try {
      await pool.ready();
      const bytes = [1, 2, 3].map((i) => encodeJpeg(syntheticSurface('spots', i, { width: 48, height: 48 })));
      const jobs = bytes.map((b, i) => ({ bytes: b, field: `f${i}` }));
      const a = await pool.extract(jobs, DEFAULT_FEATURES);
      const b = await pool.extract(jobs.slice(1), DEFAULT_FEATURES);
      expect(a.map((f) => Array.from(f))).toEqual(
        bytes.map((x) => Array.from(extractFeatures(decodeImage(x)))),
      );
      expect(b.map((f) => Array.from(f))).toEqual(a.slice(1).map((f) => Array.from(f)));
      await expect(
        pool.extract([{ bytes: new Uint8Array(3), field: 'x' }], DEFAULT_FEATURES),
      ).rejects.toThrow(/x is not a JPEG/);
      expect(await pool.extract([], DEFAULT_FEATURES)).toEqual([]);
    } finally {
      await pool.close();
    }
  }, 60_000);
});
