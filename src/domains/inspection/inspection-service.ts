import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { AlarmService } from '../../analytics/alarms/index.js';
import { getRegisteredModel, getRunModel } from '../../analytics/runs/index.js';
import {
  asVisionModel,
  decodeImage,
  type HeatMap,
  occlusionHeatmap,
  predictPrepared,
  prepare,
  sniffImage,
  type VisionModel,
} from '../../analytics/vision/index.js';
import { type Clock, type Logger, XinzhiError } from '../../core/index.js';
import { DOC_NAMESPACES, defineCollection, documentOf, type Store } from '../../store/index.js';
import { type CameraConfig, getCamera, listCameras } from './camera-config.js';
import { checkAssetPath, type ImageFiles } from './image-files.js';

/**
 * Images arriving like readings (HTTP upload, MQTT `…/<asset>/image`, the demo camera): each is
 * checked to be a JPEG or PNG, written to the file store, classified by the production version of
 * the model mapped to its asset (so promote and rollback take effect on the next image), explained
 * with an occlusion heat map, and recorded; a defect class at or over its threshold raises an
 * ISA-18.2 alarm on the asset through the alarm service, and an image without it clears it.
 * Classification is serial and bounded: past `maxBacklog` waiting images an image is still
 * stored and recorded (nothing accepted is lost) but left unclassified, so a flood cannot pile up
 * CPU work.
 */
export const IMAGES_NS = DOC_NAMESPACES.inspectionImages;

export interface ImagePrediction {
  readonly class: string;
  readonly probability: number;
  readonly top: Array<[string, number]>;
  readonly model: { readonly name: string; readonly version: number };
}

export interface ImageRecord {
  readonly id: string;
  readonly asset: string;
  readonly ts: number;
  readonly receivedAt: number;
  readonly source: string;
  readonly path: string;
  readonly bytes: number;
  readonly format: 'jpeg' | 'png';
  readonly width: number;
  readonly height: number;
  readonly prediction: ImagePrediction | null;
  readonly heatmap: HeatMap | null;
  /** The defect class over its threshold, or null. */
  readonly defect: string | null;
  /** Why there is no prediction (no camera mapping, no model, backlog). */
  readonly note?: string;
}

/** What readers rely on: ids, time, the file; the prediction is written whole by this module. */
const images = defineCollection(
  IMAGES_NS,
  documentOf<ImageRecord>(
    z.looseObject({
      id: z.string().min(1),
      asset: z.string().min(1),
      ts: z.number(),
      path: z.string().min(1),
      prediction: z.looseObject({}).nullable(),
      defect: z.string().nullable(),
    }),
  ),
);

export interface IngestImage {
  readonly asset: string;
  readonly ts: number;
  readonly bytes: Uint8Array;
  readonly source: 'http' | 'mqtt' | 'demo' | string;
}

export interface InspectionDeps {
  readonly store: Store;
  readonly files: ImageFiles;
  readonly alarms?: AlarmService;
  readonly clock: Clock;
  readonly logger?: Logger;
  /** Images waiting for classification before new ones are stored unclassified. Default 16. */
  readonly maxBacklog?: number;
  /** Heat map cells per side. Default 6; 0 turns heat maps off. */
  readonly heatmapGrid?: number;
}

export interface InspectionSummary {
  readonly cameras: Array<{
    asset: string;
    model: string;
    defects: Record<string, number>;
    latest: ImageRecord[];
  }>;
  readonly defectRate: Array<{ t: number; images: number; defects: number }>;
  readonly models: Array<{
    name: string;
    version: number;
    labels: string[];
    confusion: number[][];
    cvAccuracy: number | null;
    cvMacroF1: number | null;
  }>;
}

export interface InspectionService {
  ingest(img: IngestImage): Promise<ImageRecord>;
  list(filter?: { asset?: string; limit?: number }): Promise<ImageRecord[]>;
  get(id: string): Promise<ImageRecord>;
  content(id: string): Promise<{ record: ImageRecord; bytes: Buffer }>;
  summary(opts?: { perCamera?: number; bucketMs?: number; since?: number }): Promise<InspectionSummary>;
}

/** Sortable key: asset, zero-padded time, random (listing by asset prefix gives time order). */
const keyOf = (asset: string, ts: number): string =>
  `${asset}|${String(Math.max(0, Math.floor(ts))).padStart(15, '0')}|${randomBytes(4).toString('hex')}`;
const idOf = (key: string): string => Buffer.from(key, 'utf8').toString('base64url');
const keyOfId = (id: string): string => {
  if (!/^[A-Za-z0-9_-]{1,1200}$/.test(id))
    throw new XinzhiError('BAD_INPUT', 'image id must be the base64url id the API gave', { field: 'id' });
  return Buffer.from(id, 'base64url').toString('utf8');
};

export function createInspectionService(deps: InspectionDeps): InspectionService {
  const { store, files, clock } = deps;
  const maxBacklog = deps.maxBacklog ?? 16;
  const grid = deps.heatmapGrid ?? 6;
  const models = new Map<string, VisionModel>();
  let backlog = 0;
  let queue: Promise<unknown> = Promise.resolve();
  const sinceRetention = new Map<string, number>();

  async function modelFor(name: string): Promise<{ model: VisionModel; version: number } | string> {
    const reg = await getRegisteredModel(store, name).catch(() => undefined);
    if (!reg) return `no registered model '${name}'`;
    const v = reg.versions.find((x) => x.version === reg.production);
    if (!v) return `model '${name}' has no version in production`;
    let m = models.get(v.runId);
    if (!m) {
      m = asVisionModel(await getRunModel(store, v.runId), `registered model '${name}' v${v.version}`);
      models.set(v.runId, m);
    }
    return { model: m, version: v.version };
  }

  async function classify(
    cam: CameraConfig,
    decoded: ReturnType<typeof decodeImage>,
  ): Promise<{ prediction: ImagePrediction; heatmap: HeatMap | null } | string> {
    const found = await modelFor(cam.model);
    if (typeof found === 'string') return found;
    const prepared = prepare(decoded, found.model.features);
    const p = predictPrepared(found.model, prepared);
    const heatmap =
      grid > 0 ? occlusionHeatmap(found.model, prepared, found.model.classes.indexOf(p.class), grid) : null;
    return {
      prediction: {
        class: p.class,
        probability: p.probability,
        top: p.top,
        model: { name: cam.model, version: found.version },
      },
      heatmap,
    };
  }

  async function raiseOrClear(cam: CameraConfig, rec: ImageRecord): Promise<void> {
    if (!deps.alarms || !rec.prediction) return;
    for (const [cls, threshold] of Object.entries(cam.defects)) {
      const hit = rec.prediction.class === cls && rec.prediction.probability >= threshold;
      if (hit)
        await deps.alarms.apply({
          type: 'raise',
          source: rec.asset,
          condition: `defect.${cls}`,
          severity: cam.severity,
          message: `${rec.asset}: ${cls} seen with probability ${(rec.prediction.probability * 100).toFixed(1)} % (threshold ${(threshold * 100).toFixed(0)} %)`,
          value: rec.prediction.probability,
          ts: rec.ts,
        });
      else
        await deps.alarms.apply({ type: 'clear', source: rec.asset, condition: `defect.${cls}`, ts: rec.ts });
    }
  }

  async function prune(asset: string, keep: number): Promise<void> {
    const n = (sinceRetention.get(asset) ?? 0) + 1;
    sinceRetention.set(asset, n);
    if (n < 50 && n !== 1) return;
    sinceRetention.set(asset, 1);
    const docs = await images.list(store, `${asset}|`);
    if (docs.length <= keep) return;
    docs.sort((a, b) => a.key.localeCompare(b.key));
    for (const d of docs.slice(0, docs.length - keep)) {
      await files.remove(d.doc.path).catch(() => undefined);
      await images.delete(store, d.key);
    }
  }

  async function ingest(img: IngestImage): Promise<ImageRecord> {
    checkAssetPath(img.asset);
    if (!Number.isFinite(img.ts) || img.ts < 0 || img.ts > 8.64e15)
      throw new XinzhiError('BAD_INPUT', 'time must be a valid date', { field: 'time' });
    const format = sniffImage(img.bytes);
    if (!format)
      throw new XinzhiError(
        'UNSUPPORTED_MEDIA_TYPE',
        'image is not a JPEG or PNG (unrecognised first bytes)',
        {
          field: 'image',
        },
      );
    // Decoding proves the bytes are a whole image before anything is written.
    const decoded = decodeImage(img.bytes, 'image');
    const path = await files.write(img.asset, img.ts, format === 'jpeg' ? 'jpg' : 'png', img.bytes);
    const key = keyOf(img.asset, img.ts);
    const cam = await getCamera(store, img.asset);
    let result: Awaited<ReturnType<typeof classify>> = cam
      ? 'backlog'
      : `no camera mapping for asset '${img.asset}'`;
    if (cam && backlog < maxBacklog) {
      backlog++;
      const run = queue.then(() => classify(cam, decoded));
      queue = run.catch(() => undefined);
      try {
        result = await run;
      } catch (e) {
        deps.logger?.warn({ err: e, asset: img.asset }, 'image classification failed');
        result = `classification failed: ${(e as Error).message}`;
      } finally {
        backlog--;
      }
    }
    const prediction = typeof result === 'string' ? null : result.prediction;
    const defect =
      cam &&
      prediction &&
      (cam.defects[prediction.class] ?? Number.POSITIVE_INFINITY) <= prediction.probability
        ? prediction.class
        : null;
    const rec: ImageRecord = {
      id: idOf(key),
      asset: img.asset,
      ts: img.ts,
      receivedAt: clock.now(),
      source: img.source,
      path,
      bytes: img.bytes.length,
      format,
      width: decoded.width,
      height: decoded.height,
      prediction,
      heatmap: typeof result === 'string' ? null : result.heatmap,
      defect,
      ...(typeof result === 'string' ? { note: result } : {}),
    };
    await images.put(store, key, rec);
    if (cam) {
      await raiseOrClear(cam, rec);
      await prune(img.asset, cam.keep).catch((err: unknown) =>
        deps.logger?.warn({ err }, 'image retention failed'),
      );
    }
    return rec;
  }

  async function list(filter: { asset?: string; limit?: number } = {}): Promise<ImageRecord[]> {
    const docs = await images.list(store, filter.asset === undefined ? undefined : `${filter.asset}|`);
    return docs
      .map((d) => d.doc)
      .sort((a, b) => b.ts - a.ts || b.id.localeCompare(a.id))
      .slice(0, filter.limit ?? 100);
  }

  async function get(id: string): Promise<ImageRecord> {
    const r = await images.get(store, keyOfId(id));
    if (!r) throw new XinzhiError('NOT_FOUND', `no image '${id}'`, { field: 'id' });
    return r;
  }

  return {
    ingest,
    list,
    get,
    async content(id) {
      const record = await get(id);
      try {
        return { record, bytes: await files.read(record.path) };
      } catch {
        throw new XinzhiError('NOT_FOUND', `the file of image '${id}' is gone (retention or removed)`, {
          field: 'id',
        });
      }
    },
    async summary(opts = {}) {
      const perCamera = opts.perCamera ?? 8;
      const bucketMs = opts.bucketMs ?? 60_000;
      const since = opts.since ?? clock.now() - 6 * 3600_000;
      const cams = await listCameras(store);
      const all = (await images.list(store)).map((d) => d.doc);
      const buckets = new Map<number, { images: number; defects: number }>();
      for (const r of all) {
        if (r.ts < since || !r.prediction) continue;
        const t = Math.floor(r.ts / bucketMs) * bucketMs;
        const b = buckets.get(t) ?? { images: 0, defects: 0 };
        b.images++;
        if (r.defect) b.defects++;
        buckets.set(t, b);
      }
      const modelNames = [...new Set(cams.map((c) => c.model))];
      const modelsOut: InspectionSummary['models'] = [];
      for (const name of modelNames) {
        const found = await modelFor(name).catch(() => 'unreadable');
        if (typeof found === 'string') continue;
        const cv = found.model.cv;
        modelsOut.push({
          name,
          version: found.version,
          labels: found.model.classes,
          confusion: cv?.confusion ?? [],
          cvAccuracy: cv?.accuracy ?? null,
          cvMacroF1: cv?.macro.f1 ?? null,
        });
      }
      return {
        cameras: cams.map((c) => ({
          asset: c.asset,
          model: c.model,
          defects: c.defects,
          latest: all
            .filter((r) => r.asset === c.asset)
            .sort((a, b) => b.ts - a.ts)
            .slice(0, perCamera),
        })),
        defectRate: [...buckets.entries()].sort((a, b) => a[0] - b[0]).map(([t, b]) => ({ t, ...b })),
        models: modelsOut,
      };
    },
  };
}
