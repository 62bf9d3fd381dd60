import { describe, expect, it } from 'vitest';
import { isXinzhiError } from '../../core/index.js';
import { decodeImage, sniffImage } from './decode.js';
import { DEFAULT_FEATURES, extractFeatures, featureLength, prepare } from './features.js';
import { stratifiedFolds } from './folds.js';
import { occlusionHeatmap } from './heatmap.js';
import { classificationReport } from './metrics.js';
import { asVisionModel, trainVisionModel } from './model.js';
import { predictImage } from './predict.js';
import { encodeJpeg, encodePng, SYNTHETIC_CLASSES, syntheticSurface } from './synthetic.js';

const badInput = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    if (isXinzhiError(e)) return `${e.code} ${e.message}`;
    throw e;
  }
  throw new Error('did not throw');
};

describe('decodeImage', () => {
  it('decodes JPEG and PNG by their bytes, any size', () => {
    const img = syntheticSurface('scratch', 1, { width: 50, height: 30 });
    const j = decodeImage(encodeJpeg(img));
    expect([j.width, j.height]).toEqual([50, 30]);
    const p = decodeImage(encodePng(img));
    expect([p.width, p.height]).toEqual([50, 30]);
    expect(Array.from(p.data.slice(0, 8))).toEqual(Array.from(img.data.slice(0, 8)));
    expect(sniffImage(encodePng(img))).toBe('png');
  });

  it('refuses bytes that are no image, and broken or truncated images, naming the field', () => {
    expect(badInput(() => decodeImage(new TextEncoder().encode('hello, not an image'), 'upload'))).toMatch(
      /^BAD_INPUT upload is not a JPEG or PNG/,
    );
    expect(badInput(() => decodeImage(new Uint8Array(0)))).toMatch(/not a JPEG or PNG/);
    const jpg = encodeJpeg(syntheticSurface('ok', 2));
    expect(badInput(() => decodeImage(jpg.slice(0, 40)))).toMatch(/cannot decode jpeg/);
    const png = encodePng(syntheticSurface('ok', 2));
    expect(badInput(() => decodeImage(png.slice(0, 60)))).toMatch(/cannot decode png/);
  });

  it('refuses a PNG that declares more pixels than allowed before decoding it', () => {
    const png = encodePng(syntheticSurface('ok', 3, { width: 8, height: 8 }));
    const v = new DataView(png.buffer);
    v.setUint32(16, 100_000);
    v.setUint32(20, 100_000);
    expect(badInput(() => decodeImage(png))).toMatch(/over 40000000 pixels/);
  });
});

describe('features', () => {
  it('have one fixed length whatever the image size or colour', () => {
    const a = extractFeatures(syntheticSurface('ok', 1, { width: 40, height: 300 }));
    const b = extractFeatures(syntheticSurface('spots', 1, { width: 640, height: 480, colour: true }));
    expect(a.length).toBe(featureLength(DEFAULT_FEATURES));
    expect(b.length).toBe(a.length);
    expect([...a, ...b].every(Number.isFinite)).toBe(true);
  });

  it('are finite on a flat image (no texture, no spread)', () => {
    const flat = { width: 20, height: 20, data: new Uint8Array(20 * 20 * 4).fill(128) };
    expect(Array.from(extractFeatures(flat)).every(Number.isFinite)).toBe(true);
  });
});

describe('stratifiedFolds and the report', () => {
  it('puts each class in every fold in proportion', () => {
    const y = [...new Array(30).fill(0), ...new Array(9).fill(1), ...new Array(3).fill(2)];
    const f = stratifiedFolds(y, 3, 7);
    for (let k = 0; k < 3; k++) {
      expect(y.filter((c, i) => c === 0 && f[i] === k)).toHaveLength(10);
      expect(y.filter((c, i) => c === 1 && f[i] === k)).toHaveLength(3);
      expect(y.filter((c, i) => c === 2 && f[i] === k)).toHaveLength(1);
    }
  });

  it('computes per-class precision, recall, F1, support and macro averages', () => {
    const r = classificationReport([0, 0, 0, 1, 1, 2], [0, 0, 1, 1, 1, 0], ['a', 'b', 'c']);
    expect(r.accuracy).toBeCloseTo(4 / 6);
    expect(r.classes['a']).toEqual({ precision: 2 / 3, recall: 2 / 3, f1: 2 / 3, support: 3 });
    expect(r.classes['b']!.precision).toBeCloseTo(2 / 3);
    expect(r.classes['b']!.recall).toBe(1);
    expect(r.classes['c']).toEqual({ precision: 0, recall: 0, f1: 0, support: 1 });
    expect(r.macro.f1).toBeCloseTo((2 / 3 + 0.8 + 0) / 3);
    expect(r.confusion).toEqual([
      [2, 1, 0],
      [0, 2, 0],
      [1, 0, 0],
    ]);
  });
});

describe('trainVisionModel on an imbalanced, mixed-size, gray and colour set', () => {
  // 4 classes, 30/14/10/8 images, sizes 64–120 px, every third image in colour.
  const counts = { ok: 30, patch: 8, scratch: 14, spots: 10 } as const;
  const make = (seed0: number) => {
    const x: Float32Array[] = [];
    const y: number[] = [];
    SYNTHETIC_CLASSES.forEach((c, label) => {
      for (let i = 0; i < counts[c]; i++) {
        const s = seed0 + label * 1000 + i;
        const side = 64 + ((s * 37) % 57);
        x.push(
          extractFeatures(
            decodeImage(
              encodeJpeg(syntheticSurface(c, s, { width: side, height: side + 8, colour: s % 3 === 0 })),
            ),
          ),
        );
        y.push(label);
      }
    });
    return { x, y, classes: [...SYNTHETIC_CLASSES] };
  };

  it('learns the classes, reports support and a cross-validated confusion matrix, and predicts new images', async () => {
    const data = make(1);
    const stages: string[] = [];
    const r = await trainVisionModel(data, { steps: 150, l2Grid: [1e-3, 1e-2] }, (s) => stages.push(s.stage));
    const m = r.model;
    expect(m.support).toEqual(counts);
    expect(r.folds).toBe(3);
    expect(stages.filter((s) => s === 'cv')).toHaveLength(6);
    expect(stages).toContain('fit');
    expect(m.cv!.confusion.flat().reduce((a, b) => a + b, 0)).toBe(62);
    expect(m.cv!.accuracy).toBeGreaterThan(0.85);
    expect(asVisionModel(JSON.parse(JSON.stringify(m)), 'm').classes).toEqual([...SYNTHETIC_CLASSES]);

    let right = 0;
    let total = 0;
    for (const c of SYNTHETIC_CLASSES)
      for (let i = 0; i < 5; i++) {
        const p = predictImage(
          m,
          decodeImage(encodePng(syntheticSurface(c, 50_000 + i, { width: 90, height: 70 }))),
        );
        expect(p.top).toHaveLength(3);
        expect(p.top[0]).toEqual([p.class, p.probability]);
        expect(p.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1);
        if (p.class === c) right++;
        total++;
      }
    expect(right / total).toBeGreaterThan(0.85);

    // The occlusion heat map of a scratch puts its weight on cells the scratch crosses.
    const img = syntheticSurface('scratch', 60_001, { width: 96, height: 96 });
    const prepared = prepare(img, m.features);
    const h = occlusionHeatmap(m, prepared, m.classes.indexOf('scratch'), 4);
    expect(h.values).toHaveLength(16);
    expect(Math.max(...h.values)).toBeGreaterThan(0);
  }, 120_000);

  it('refuses a class with fewer than 2 images, and a single class', async () => {
    await expect(
      trainVisionModel({
        x: [new Float32Array(3), new Float32Array(3), new Float32Array(3)],
        y: [0, 0, 1],
        classes: ['a', 'b'],
      }),
    ).rejects.toThrow(/at least 2 images; too few in: b/);
    await expect(trainVisionModel({ x: [new Float32Array(3)], y: [0], classes: ['a'] })).rejects.toThrow(
      /at least 2 classes/,
    );
  });

  it('refuses a document that is not a vision model', () => {
    expect(badInput(() => asVisionModel({ format: 'xinzhi-rul' }, 'x.json'))).toMatch(
      /x.json is not a xinzhi vision model/,
    );
    expect(badInput(() => asVisionModel(null, 'y'))).toMatch(/not a xinzhi vision model/);
  });
});
