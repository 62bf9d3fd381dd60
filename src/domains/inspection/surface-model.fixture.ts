/**
 * Test helper: a small vision model of the generated surface classes (ok, patch, scratch, spots),
 * trained in a few seconds, registered under `name` and put in production.
 */
import { promoteModel, registerModel, startRun } from '../../analytics/runs/index.js';
import {
  decodeImage,
  encodeJpeg,
  extractFeatures,
  SYNTHETIC_CLASSES,
  type SyntheticClass,
  syntheticSurface,
  trainVisionModel,
} from '../../analytics/vision/index.js';
import type { Store } from '../../store/index.js';

export const surfaceJpeg = (kind: SyntheticClass, seed: number): Uint8Array =>
  encodeJpeg(syntheticSurface(kind, seed, { width: 80, height: 80 }));

export async function registerSurfaceModel(store: Store, name: string): Promise<void> {
  const x: Float32Array[] = [];
  const y: number[] = [];
  SYNTHETIC_CLASSES.forEach((c, label) => {
    for (let i = 0; i < 10; i++) {
      x.push(extractFeatures(decodeImage(surfaceJpeg(c, label * 100 + i))));
      y.push(label);
    }
  });
  const { model } = await trainVisionModel(
    { x, y, classes: [...SYNTHETIC_CLASSES] },
    { steps: 150, l2Grid: [1e-2] },
  );
  const run = await startRun(store, { kind: 'vision', config: {}, data: { fingerprint: 'synthetic' } });
  await run.finish({ evaluation: {}, model });
  const v = await registerModel(store, name, run.id);
  await promoteModel(store, name, v.version);
}
