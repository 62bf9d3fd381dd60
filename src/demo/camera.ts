/**
 * The demo's surface-inspection camera on line 1: an MQTT device that publishes a generated JPEG
 * (nothing downloaded: `syntheticSurface` draws brushed metal and its defects) every `intervalMs`
 * on `xinzhi/v1/<camera>/image`, like a real camera over the unified namespace. The script is by
 * frame number, so every run shows the same story: clean parts, an isolated pit now and then, and
 * every `cycleFrames` frames a scratch episode (a worn guide rail scoring the strip) that raises the
 * `defect.scratch` alarm until the clean frames return.
 *
 * The camera's model is trained here on generated images the first time the demo runs (a tracked
 * run, registered as `demo-surface` and put in production), then mapped to the camera asset.
 */
import mqtt, { type MqttClient } from 'mqtt';
import { getRegisteredModel, promoteModel, registerModel, startRun } from '../analytics/runs/index.js';
import {
  decodeImage,
  encodeJpeg,
  extractFeatures,
  SYNTHETIC_CLASSES,
  type SyntheticClass,
  syntheticSurface,
  trainVisionModel,
} from '../analytics/vision/index.js';
import { type Logger, silentLogger } from '../core/index.js';
import { getCamera, putCamera } from '../domains/inspection/index.js';
import type { Store } from '../store/index.js';
import { FACTORY } from './machines.js';

export const CAMERA_ID = `${FACTORY.site}/${FACTORY.area}/line1/camera-01`;
export const CAMERA_TOPIC = `xinzhi/v1/${CAMERA_ID}/image`;
export const CAMERA_MODEL = 'demo-surface';

/** Frames per scripted cycle and where in it the scratch episode runs (24 of 120 frames). */
export const CAMERA_SCRIPT = { cycleFrames: 120, episodeFrom: 90, episodeTo: 114 } as const;

/** What frame `k` shows. */
export function cameraFrameClass(k: number): SyntheticClass {
  const phase = k % CAMERA_SCRIPT.cycleFrames;
  if (phase >= CAMERA_SCRIPT.episodeFrom && phase < CAMERA_SCRIPT.episodeTo) return 'scratch';
  if (phase % 37 === 19) return 'spots';
  if (phase % 53 === 41) return 'patch';
  return 'ok';
}

/** The JPEG of frame `k` (colour camera, 160×120). */
export function cameraFrame(k: number, seed = 42): Uint8Array {
  return encodeJpeg(
    syntheticSurface(cameraFrameClass(k), seed * 100_003 + k, { width: 160, height: 120, colour: true }),
    85,
  );
}

/**
 * Trains and registers the demo camera's model unless the registry has it, and maps it to the
 * camera unless a mapping exists (a user's own mapping and promoted versions are kept).
 */
export async function provisionDemoCamera(store: Store, logger: Logger = silentLogger): Promise<void> {
  const reg = await getRegisteredModel(store, CAMERA_MODEL).catch(() => undefined);
  if (!reg || reg.production === null) {
    const x: Float32Array[] = [];
    const y: number[] = [];
    const counts: Record<SyntheticClass, number> = { ok: 60, patch: 20, scratch: 30, spots: 20 };
    SYNTHETIC_CLASSES.forEach((c, label) => {
      for (let i = 0; i < counts[c]; i++) {
        x.push(
          extractFeatures(
            decodeImage(
              encodeJpeg(
                syntheticSurface(c, 7_000_000 + label * 10_000 + i, {
                  width: 160,
                  height: 120,
                  colour: i % 2 === 0,
                }),
                85,
              ),
            ),
          ),
        );
        y.push(label);
      }
    });
    const run = await startRun(store, {
      kind: 'vision',
      name: 'demo camera (generated surfaces)',
      config: { model: 'clbp-glcm-hog-softmax', classes: [...SYNTHETIC_CLASSES], source: 'generated' },
      data: { fingerprint: 'demo-surface-v1', source: 'generated', rows: x.length },
    });
    const r = await trainVisionModel({ x, y, classes: [...SYNTHETIC_CLASSES] }, { l2Grid: [1e-2] }, (s) => {
      if (s.stage === 'cv')
        run.log(s.step, {
          cv_fold_accuracy: s.accuracy ?? Number.NaN,
          cv_fold_macro_f1: s.macroF1 ?? Number.NaN,
        });
      else if (s.loss !== undefined) run.log(s.step, { fit_loss: s.loss });
    });
    const cv = r.model.cv!;
    const rec = await run.finish({
      evaluation: {
        cvAccuracy: cv.accuracy,
        cvMacroF1: cv.macro.f1,
        l2: r.model.l2,
        support: r.model.support,
        confusion: cv.confusion,
        labels: cv.labels,
      },
      model: r.model,
    });
    const v = await registerModel(store, CAMERA_MODEL, rec.id, { note: 'demo camera, generated surfaces' });
    await promoteModel(store, CAMERA_MODEL, v.version);
    logger.info({ run: rec.id, cvAccuracy: cv.accuracy }, 'demo: camera model trained');
  }
  if (!(await getCamera(store, CAMERA_ID))) {
    await store.upsertAsset({ id: CAMERA_ID, kind: 'equipment', name: 'Surface camera 01' });
    await putCamera(store, {
      asset: CAMERA_ID,
      model: CAMERA_MODEL,
      defects: { scratch: 0.6, patch: 0.8 },
      keep: 2000,
    });
  }
}

export interface DemoCamera {
  readonly frames: () => number;
  stop(): Promise<void>;
}

/** Connects and publishes a frame every `intervalMs` (default 5 s) until stopped. */
export async function startDemoCamera(options: {
  brokerUrl: string;
  username?: string;
  password?: string;
  intervalMs?: number;
  seed?: number;
  logger?: Logger;
}): Promise<DemoCamera> {
  const logger = options.logger ?? silentLogger;
  const client: MqttClient = await mqtt.connectAsync(options.brokerUrl, {
    clientId: 'xinzhi-demo-camera-01',
    reconnectPeriod: 2000,
    ...(options.username === undefined ? {} : { username: options.username }),
    ...(options.password === undefined ? {} : { password: options.password }),
  });
  let k = 0;
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    client
      .publishAsync(CAMERA_TOPIC, Buffer.from(cameraFrame(k, options.seed)), { qos: 1 })
      .then(() => {
        k++;
      })
      .catch((e: unknown) => logger.warn({ err: (e as Error).message }, 'demo camera: publish failed'))
      .finally(() => {
        busy = false;
      });
  }, options.intervalMs ?? 5000);
  timer.unref();
  return {
    frames: () => k,
    async stop() {
      clearInterval(timer);
      await client.endAsync();
    },
  };
}
