import { describe, expect, it } from 'vitest';
import { productionModel } from '../analytics/runs/index.js';
import type { VisionModel } from '../analytics/vision/index.js';
import { decodeImage, predictImage } from '../analytics/vision/index.js';
import { getCamera } from '../domains/inspection/index.js';
import { openSqliteStore } from '../store/index.js';
import {
  CAMERA_ID,
  CAMERA_MODEL,
  CAMERA_SCRIPT,
  cameraFrame,
  cameraFrameClass,
  provisionDemoCamera,
} from './camera.js';

describe('demo camera', () => {
  it('scripts a scratch episode in every cycle between clean frames', () => {
    const classes = Array.from({ length: CAMERA_SCRIPT.cycleFrames }, (_, k) => cameraFrameClass(k));
    expect(
      classes.slice(CAMERA_SCRIPT.episodeFrom, CAMERA_SCRIPT.episodeTo).every((c) => c === 'scratch'),
    ).toBe(true);
    expect(classes.filter((c) => c === 'ok').length).toBeGreaterThan(80);
    expect(cameraFrameClass(CAMERA_SCRIPT.cycleFrames + CAMERA_SCRIPT.episodeFrom)).toBe('scratch');
  });

  it('trains its model once on generated images, maps it to the camera, and recognises its frames', async () => {
    const store = await openSqliteStore(':memory:');
    try {
      await provisionDemoCamera(store);
      await provisionDemoCamera(store);
      const cam = await getCamera(store, CAMERA_ID);
      expect(cam?.model).toBe(CAMERA_MODEL);
      const p = await productionModel<VisionModel>(store, CAMERA_MODEL);
      expect(p.version).toBe(1);
      const frames = [3, 5, CAMERA_SCRIPT.episodeFrom + 2, CAMERA_SCRIPT.episodeFrom + 7];
      const got = frames.map((k) => predictImage(p.model, decodeImage(cameraFrame(k))).class);
      expect(got).toEqual(frames.map(cameraFrameClass));
    } finally {
      await store.close();
    }
  }, 120_000);
});
