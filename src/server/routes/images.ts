import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRoute, z } from '@hono/zod-openapi';
import { parseTime, XinzhiError } from '../../core/index.js';
import {
  createImageFiles,
  createInspectionService,
  deleteCamera,
  type ImageRecord,
  type InspectionService,
  listCameras,
  putCamera,
} from '../../domains/inspection/index.js';
import { documented, guard, guardedRoute } from '../auth/guard.js';
import { scopeOf } from '../auth/scope.js';
import { router, type ServerDeps } from '../context.js';
import { mediaType } from '../request-guard.js';
import { notFoundResponse, problemResponses } from '../schemas.js';

/**
 * Inspection images (issue 19): `POST /images` takes a camera frame as multipart form data
 * (`asset`, `time`, `image`) like any reading — `data:write` inside the asset's scope — and answers
 * with the stored record: class, probability, top 3 and the occlusion heat map when a model is
 * mapped to the asset. Reads are scoped by asset like series. Camera mappings (which registered
 * model, which classes are defects and at what probability) need `series:manage`.
 */
const PredictionSchema = z
  .object({
    class: z.string(),
    probability: z.number(),
    top: z.array(z.tuple([z.string(), z.number()])),
    model: z.object({ name: z.string(), version: z.number() }),
  })
  .openapi('InspectionPrediction');

const HeatMapSchema = z
  .object({
    grid: z.number().int().openapi({ description: 'Cells per side' }),
    class: z.string().openapi({ description: 'The class explained' }),
    values: z.array(z.number()).openapi({ description: 'Probability drop per cell, row-major' }),
  })
  .openapi('InspectionHeatMap');

const ImageSchema = z
  .object({
    id: z.string(),
    asset: z.string(),
    ts: z.number(),
    receivedAt: z.number(),
    source: z.string(),
    bytes: z.number(),
    format: z.enum(['jpeg', 'png']),
    width: z.number(),
    height: z.number(),
    prediction: z.union([PredictionSchema, z.null()]),
    heatmap: z.union([HeatMapSchema, z.null()]),
    defect: z.string().nullable(),
    note: z.string().optional(),
  })
  .openapi('InspectionImage');

const SummarySchema = z
  .object({
    cameras: z.array(
      z.object({
        asset: z.string(),
        model: z.string(),
        defects: z.record(z.string(), z.number()),
        latest: z.array(ImageSchema),
      }),
    ),
    defectRate: z.array(z.object({ t: z.number(), images: z.number(), defects: z.number() })),
    models: z.array(
      z.object({
        name: z.string(),
        version: z.number(),
        labels: z.array(z.string()),
        confusion: z.array(z.array(z.number())),
        cvAccuracy: z.number().nullable(),
        cvMacroF1: z.number().nullable(),
      }),
    ),
  })
  .openapi('InspectionSummary');

/** The record as the API shows it: without the file store's internal path. */
const view = (r: ImageRecord) => {
  const { path: _path, ...rest } = r;
  return rest;
};

const upload = createRoute({
  ...documented('data:write'),
  method: 'post',
  path: '/images',
  tags: ['inspection'],
  summary: 'Upload a camera image (multipart: asset, time, image) to store, classify and alarm on',
  request: {
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          schema: z.object({
            asset: z.string().openapi({ example: 'plant1/press/line1/cam1' }),
            time: z.string().optional().openapi({ description: 'ISO 8601 or epoch; default now' }),
            image: z.string().openapi({ format: 'binary', description: 'JPEG or PNG' }),
          }),
        },
      },
    },
  },
  responses: {
    201: { description: 'The stored image', content: { 'application/json': { schema: ImageSchema } } },
    ...problemResponses,
  },
});

const list = guardedRoute('read', {
  method: 'get',
  path: '/images',
  tags: ['inspection'],
  summary: 'Recent inspection images, newest first',
  request: {
    query: z.object({
      asset: z.string().max(512).optional(),
      limit: z.coerce.number().int().min(1).max(1000).optional().openapi({ description: 'Default 100' }),
    }),
  },
  responses: {
    200: {
      description: 'Images',
      content: { 'application/json': { schema: z.object({ images: z.array(ImageSchema) }) } },
    },
    ...problemResponses,
  },
});

const IdParam = z.object({ id: z.string().max(1200) });

const show = guardedRoute('read', {
  method: 'get',
  path: '/images/{id}',
  tags: ['inspection'],
  summary: 'One inspection image record',
  request: { params: IdParam },
  responses: {
    200: { description: 'The image', content: { 'application/json': { schema: ImageSchema } } },
    ...problemResponses,
    ...notFoundResponse,
  },
});

const content = guardedRoute('read', {
  method: 'get',
  path: '/images/{id}/content',
  tags: ['inspection'],
  summary: 'The image bytes as stored',
  request: { params: IdParam },
  responses: {
    200: {
      description: 'JPEG or PNG',
      content: {
        'image/jpeg': { schema: z.string().openapi({ format: 'binary' }) },
        'image/png': { schema: z.string().openapi({ format: 'binary' }) },
      },
    },
    ...problemResponses,
    ...notFoundResponse,
  },
});

const summary = guardedRoute('read', {
  method: 'get',
  path: '/inspection',
  tags: ['inspection'],
  summary:
    'Inspection page: latest images per camera, defect rate over time, active models’ confusion matrices',
  request: {
    query: z.object({
      perCamera: z.coerce.number().int().min(1).max(100).optional(),
      bucket: z.enum(['1m', '5m', '1h']).optional().openapi({ description: 'Default 1m' }),
      hours: z.coerce
        .number()
        .min(0.1)
        .max(24 * 90)
        .optional()
        .openapi({ description: 'Default 6' }),
    }),
  },
  responses: {
    200: { description: 'Summary', content: { 'application/json': { schema: SummarySchema } } },
    ...problemResponses,
  },
});

const CameraSchema = z
  .object({
    asset: z.string(),
    model: z.string(),
    defects: z.record(z.string(), z.number()),
    severity: z.enum(['info', 'warning', 'minor', 'major', 'critical']),
    keep: z.number().int(),
  })
  .openapi('InspectionCameraMapping');

const CameraBody = z
  .object({
    asset: z.string(),
    model: z.string(),
    defects: z.record(z.string(), z.number()),
    severity: z.enum(['info', 'warning', 'minor', 'major', 'critical']).optional(),
    keep: z.number().int().optional(),
  })
  .openapi('InspectionCamera');

const cameras = guardedRoute('read', {
  method: 'get',
  path: '/inspection/cameras',
  tags: ['inspection'],
  summary: 'Cameras: the model mapped to each asset and its defect thresholds',
  responses: {
    200: {
      description: 'Cameras',
      content: { 'application/json': { schema: z.object({ cameras: z.array(CameraSchema) }) } },
    },
    ...problemResponses,
  },
});

const putCam = guardedRoute('series:manage', {
  method: 'post',
  path: '/inspection/cameras',
  tags: ['inspection'],
  summary: 'Map a registered vision model to an asset, with defect classes and thresholds',
  request: { body: { required: true, content: { 'application/json': { schema: CameraBody } } } },
  responses: {
    200: { description: 'The camera', content: { 'application/json': { schema: CameraSchema } } },
    ...problemResponses,
  },
});

const delCam = guardedRoute('series:manage', {
  method: 'delete',
  path: '/inspection/cameras',
  tags: ['inspection'],
  summary: 'Remove a camera mapping (its images stay)',
  request: { query: z.object({ asset: z.string().max(512) }) },
  responses: {
    204: { description: 'Removed' },
    ...problemResponses,
    ...notFoundResponse,
  },
});

const BUCKET_MS = { '1m': 60_000, '5m': 300_000, '1h': 3_600_000 } as const;

/** The server's inspection service: given, else one writing under the OS temp folder. */
export function defaultInspection(deps: ServerDeps): InspectionService {
  return createInspectionService({
    store: deps.store,
    files: createImageFiles(join(tmpdir(), 'xinzhi-images')),
    ...(deps.alarms ? { alarms: deps.alarms } : {}),
    clock: deps.clock,
    logger: deps.logger,
  });
}

async function readUpload(
  req: Request,
): Promise<{ asset: string; time: string | undefined; bytes: Uint8Array }> {
  const type = mediaType(req.headers.get('content-type') ?? undefined);
  if (type !== 'multipart/form-data')
    throw new XinzhiError(
      'UNSUPPORTED_MEDIA_TYPE',
      `send multipart/form-data with the fields asset, time and image (got '${type || 'no content type'}')`,
      { field: '(body)' },
    );
  let form: FormData;
  try {
    form = await req.formData();
  } catch (e) {
    throw new XinzhiError('BAD_INPUT', `the multipart body cannot be read: ${(e as Error).message}`, {
      field: '(body)',
    });
  }
  const asset = form.get('asset');
  if (typeof asset !== 'string' || asset.trim() === '')
    throw new XinzhiError('BAD_INPUT', 'the form field asset (the camera’s asset path) is missing', {
      field: 'asset',
    });
  const time = form.get('time');
  if (time !== null && typeof time !== 'string')
    throw new XinzhiError('BAD_INPUT', 'the form field time must be text (ISO 8601 or epoch)', {
      field: 'time',
    });
  const image = form.get('image');
  if (image === null || typeof image === 'string')
    throw new XinzhiError('BAD_INPUT', 'the form field image must be a file (JPEG or PNG)', {
      field: 'image',
    });
  return { asset: asset.trim(), time: time ?? undefined, bytes: new Uint8Array(await image.arrayBuffer()) };
}

export function imageRoutes(deps: ServerDeps, inspection: InspectionService) {
  const app = router()
    .openapi(list, async (c) => {
      const q = c.req.valid('query');
      const scope = await scopeOf(c, deps.store);
      if (q.asset !== undefined) scope.assertReadable(q.asset, 'asset');
      const images = await inspection.list({ ...(q.asset ? { asset: q.asset } : {}), limit: 10_000 });
      return c.json(
        {
          images: scope
            .filter(images, (r) => r.asset)
            .slice(0, q.limit ?? 100)
            .map(view),
        },
        200,
      );
    })
    .openapi(show, async (c) => {
      const r = await inspection.get(c.req.valid('param').id);
      (await scopeOf(c, deps.store)).assertReadable(r.asset, 'id');
      return c.json(view(r), 200);
    })
    .openapi(content, async (c) => {
      const r = await inspection.get(c.req.valid('param').id);
      (await scopeOf(c, deps.store)).assertReadable(r.asset, 'id');
      const { bytes } = await inspection.content(r.id);
      return c.body(new Uint8Array(bytes), 200, {
        'content-type': r.format === 'png' ? 'image/png' : 'image/jpeg',
        'cache-control': 'private, max-age=3600',
      });
    })
    .openapi(summary, async (c) => {
      const q = c.req.valid('query');
      const scope = await scopeOf(c, deps.store);
      const now = deps.clock.now();
      const s = await inspection.summary({
        perCamera: q.perCamera ?? 8,
        bucketMs: BUCKET_MS[q.bucket ?? '1m'],
        since: now - (q.hours ?? 6) * 3_600_000,
      });
      const cams = scope
        .filter(s.cameras, (cam) => cam.asset)
        .map((cam) => ({ ...cam, latest: cam.latest.map(view) }));
      return c.json(
        {
          cameras: cams,
          // The rate counts every camera; a narrowed principal sees only its own cameras' images.
          defectRate: scope.narrowed ? [] : s.defectRate,
          models: s.models.filter((m) => cams.some((cam) => cam.model === m.name)),
        },
        200,
      );
    })
    .openapi(cameras, async (c) => {
      const scope = await scopeOf(c, deps.store);
      return c.json({ cameras: scope.filter(await listCameras(deps.store), (cam) => cam.asset) }, 200);
    })
    .openapi(putCam, async (c) => {
      const body = c.req.valid('json');
      (await scopeOf(c, deps.store)).assertWritable(body.asset, 'asset');
      return c.json(await putCamera(deps.store, body), 200);
    })
    .openapi(delCam, async (c) => {
      const { asset } = c.req.valid('query');
      (await scopeOf(c, deps.store)).assertWritable(asset, 'asset');
      await deleteCamera(deps.store, asset);
      return c.body(null, 204);
    });
  // Registered by hand: a multipart body with a file, which the JSON validators do not read.
  app.openAPIRegistry.registerPath(upload);
  app.post('/images', guard('data:write'), async (c) => {
    const form = await readUpload(c.req.raw);
    const scope = await scopeOf(c, deps.store);
    scope.assertWritable(form.asset, 'asset');
    const ts = form.time === undefined ? deps.clock.now() : parseTime(form.time);
    if (ts === undefined)
      throw new XinzhiError('BAD_INPUT', `time '${form.time?.slice(0, 50)}' is not ISO 8601 or an epoch`, {
        field: 'time',
      });
    const rec = await inspection.ingest({ asset: form.asset, ts, bytes: form.bytes, source: 'http' });
    return c.json(view(rec), 201);
  });
  return app;
}
