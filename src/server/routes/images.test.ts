import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAlarmService } from '../../analytics/alarms/index.js';
import { encodePng, SYNTHETIC_CLASSES, syntheticSurface } from '../../analytics/vision/index.js';
import { silentLogger } from '../../core/index.js';
import { createImageFiles, createInspectionService, putCamera } from '../../domains/inspection/index.js';
import { registerSurfaceModel, surfaceJpeg } from '../../domains/inspection/surface-model.fixture.js';
import { openSqliteStore, type Store } from '../../store/index.js';
import { bearer, seedOrgs, T0 } from '../auth/scope.fixture.js';
import { createTestApp } from '../test-app.fixture.js';

const CAM = 'plant1/line1/cam1';
let raw: Store;
let t: ReturnType<typeof createTestApp>;
const keys: Record<string, Record<string, string>> = {};
const jpeg = surfaceJpeg;

beforeAll(async () => {
  raw = await openSqliteStore(':memory:');
  await seedOrgs(raw);
  await registerSurfaceModel(raw, 'surface');
  await putCamera(raw, { asset: CAM, model: 'surface', defects: { scratch: 0.5, spots: 0.5 } });
  t = createTestApp(raw, {
    now: T0,
    auth: { mode: 'keys', loopbackOnly: true },
    with: ({ store, clock }) => {
      const alarms = createAlarmService({ store });
      return {
        alarms,
        inspection: createInspectionService({
          store,
          files: createImageFiles(mkdtempSync(join(tmpdir(), 'xinzhi-img-'))),
          alarms,
          clock,
          logger: silentLogger,
        }),
      };
    },
  });
  keys['operator'] = await bearer(raw, 'operator', { org: 'acme' });
  keys['viewer'] = await bearer(raw, 'viewer', { org: 'acme' });
  keys['plant2'] = await bearer(raw, 'operator', { org: 'acme', sites: ['plant2'] });
  keys['viewer2'] = await bearer(raw, 'viewer', { org: 'acme', sites: ['plant2'] });
  keys['device'] = await bearer(raw, 'device', { org: 'acme', asset: CAM });
  keys['otherDevice'] = await bearer(raw, 'device', { org: 'acme', asset: 'plant1/line1/cam2' });
  keys['engineer'] = await bearer(raw, 'engineer', { org: 'acme' });
}, 120_000);
afterAll(async () => {
  await raw.close();
});

function form(fields: Record<string, string | Uint8Array | undefined>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) {
    if (v === undefined) continue;
    f.append(k, typeof v === 'string' ? v : new Blob([v]), ...(typeof v === 'string' ? [] : ['frame.jpg']));
  }
  return f;
}

async function post(
  body: FormData | string,
  headers: Record<string, string>,
  extra: Record<string, string> = {},
) {
  const res = await t.app.request('/api/v1/images', {
    method: 'POST',
    body,
    headers: { ...headers, ...extra },
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {} };
}

describe('POST /api/v1/images', () => {
  it('stores, classifies with the mapped model, explains, and raises then clears a defect alarm', async () => {
    const r = await post(
      form({ asset: CAM, time: '2024-01-01T00:00:10Z', image: jpeg('scratch', 9001) }),
      keys['device']!,
    );
    expect(r.status).toBe(201);
    expect(r.body.prediction.class).toBe('scratch');
    expect(r.body.prediction.model).toEqual({ name: 'surface', version: 1 });
    expect(r.body.prediction.top).toHaveLength(3);
    expect(r.body.heatmap.values).toHaveLength(36);
    expect(r.body.defect).toBe('scratch');
    expect(r.body.ts).toBe(Date.parse('2024-01-01T00:00:10Z'));
    expect(r.body.path).toBeUndefined();
    const alarms = await t.call('GET', '/api/v1/alarms', undefined, keys['operator']);
    const a = alarms.body.alarms.find((x: { key: string }) => x.key === `${CAM}|defect.scratch`);
    expect(a.state).toBe('unacknowledged');

    const ok = await post(
      form({
        asset: CAM,
        time: '2024-01-01T00:00:20Z',
        image: encodePng(syntheticSurface('ok', 9002, { width: 80, height: 80 })),
      }),
      keys['operator']!,
    );
    expect(ok.status).toBe(201);
    expect(ok.body.format).toBe('png');
    expect(ok.body.defect).toBeNull();
    const after = await t.call('GET', '/api/v1/alarms', undefined, keys['operator']);
    expect(after.body.alarms.find((x: { key: string }) => x.key === `${CAM}|defect.scratch`).state).toBe(
      'returned-unacknowledged',
    );

    const list = await t.call(
      'GET',
      `/api/v1/images?asset=${encodeURIComponent(CAM)}`,
      undefined,
      keys['viewer'],
    );
    expect(list.body.images.map((i: { id: string }) => i.id)).toEqual([ok.body.id, r.body.id]);
    const bytes = await t.app.request(`/api/v1/images/${r.body.id}/content`, { headers: keys['viewer']! });
    expect(bytes.headers.get('content-type')).toBe('image/jpeg');
    expect(new Uint8Array(await bytes.arrayBuffer())).toEqual(jpeg('scratch', 9001));

    const page = await t.call('GET', '/api/v1/inspection', undefined, keys['viewer']);
    expect(page.status).toBe(200);
    expect(page.body.cameras[0].asset).toBe(CAM);
    expect(page.body.cameras[0].latest).toHaveLength(2);
    expect(page.body.models[0]).toMatchObject({
      name: 'surface',
      version: 1,
      labels: [...SYNTHETIC_CLASSES],
    });
    expect(page.body.models[0].confusion).toHaveLength(4);
    expect(page.body.defectRate.reduce((s: number, b: { defects: number }) => s + b.defects, 0)).toBe(1);
  }, 60_000);

  it('stores an image of an asset without a camera mapping, unclassified, saying why', async () => {
    const r = await post(form({ asset: 'plant1/line1/cam9', image: jpeg('ok', 1) }), keys['operator']!);
    expect(r.status).toBe(201);
    expect(r.body.prediction).toBeNull();
    expect(r.body.note).toMatch(/no camera mapping/);
  });

  it('refuses malformed uploads with a problem naming the field', async () => {
    const op = keys['operator']!;
    const cases: Array<[FormData | string, Record<string, string>, number, string, RegExp]> = [
      [
        JSON.stringify({ asset: CAM }),
        { 'content-type': 'application/json' },
        415,
        '(body)',
        /multipart\/form-data/,
      ],
      [form({ asset: CAM }), {}, 400, 'image', /image must be a file/],
      [form({ asset: CAM, image: 'text, not a file' }), {}, 400, 'image', /must be a file/],
      [form({ image: jpeg('ok', 2) }), {}, 400, 'asset', /asset/],
      [
        form({ asset: CAM, image: new TextEncoder().encode('GIF89a, or anything else') }),
        {},
        415,
        'image',
        /not a JPEG or PNG/,
      ],
      [form({ asset: CAM, image: jpeg('ok', 3).slice(0, 50) }), {}, 400, 'image', /cannot decode jpeg/],
      [form({ asset: CAM, time: 'yesterday', image: jpeg('ok', 4) }), {}, 400, 'time', /not ISO 8601/],
      [form({ asset: 'plant1/../etc', image: jpeg('ok', 5) }), {}, 400, 'asset', /not \. or \.\./],
      [
        '--x\r\nbroken',
        { 'content-type': 'multipart/form-data; boundary=zzz' },
        400,
        '(body)',
        /multipart body cannot be read/,
      ],
    ];
    for (const [body, headers, status, field, message] of cases) {
      const r = await post(body, op, headers);
      expect([r.status, r.body.field ?? r.body.errors?.[0]?.field], JSON.stringify(r.body)).toEqual([
        status,
        field,
      ]);
      expect(r.body.detail).toMatch(message);
    }
    const big = await post(form({ asset: CAM, image: new Uint8Array(21 * 1024 * 1024) }), op);
    expect(big.status).toBe(413);
    const badId = await t.call('GET', '/api/v1/images/%%%', undefined, keys['viewer']);
    expect(badId.status).toBe(400);
    const noId = await t.call('GET', '/api/v1/images/bm9wZQ', undefined, keys['viewer']);
    expect(noId.status).toBe(404);
  });

  it('needs data:write inside the asset’s scope; reads are scoped like series', async () => {
    const body = () => form({ asset: CAM, image: jpeg('ok', 7) });
    expect((await post(body(), {})).status).toBe(415); // a bare multipart POST is what a foreign page sends
    expect((await post(body(), { authorization: 'Bearer nope' })).status).toBe(401);
    expect((await post(body(), keys['viewer']!)).status).toBe(403);
    expect((await post(body(), keys['plant2']!)).status).toBe(403);
    expect((await post(body(), keys['otherDevice']!)).status).toBe(403);
    const mine = await post(body(), keys['device']!);
    expect(mine.status).toBe(201);
    expect((await t.call('GET', `/api/v1/images/${mine.body.id}`, undefined, keys['viewer2'])).status).toBe(
      404,
    );
    expect(
      (await t.app.request(`/api/v1/images/${mine.body.id}/content`, { headers: keys['viewer2']! })).status,
    ).toBe(404);
    expect((await t.call('GET', '/api/v1/images', undefined, keys['viewer2'])).body.images).toEqual([]);
    expect((await t.call('GET', '/api/v1/inspection', undefined, keys['viewer2'])).body.cameras).toEqual([]);
    expect((await t.call('GET', '/api/v1/images', undefined)).status).toBe(401);

    const cam = { asset: 'plant1/line2/cam1', model: 'surface', defects: { patch: 0.7 } };
    expect((await t.call('POST', '/api/v1/inspection/cameras', cam, keys['operator'])).status).toBe(403);
    expect((await t.call('POST', '/api/v1/inspection/cameras', cam, keys['engineer'])).status).toBe(200);
    const bad = await t.call(
      'POST',
      '/api/v1/inspection/cameras',
      { ...cam, defects: { patch: 2 } },
      keys['engineer'],
    );
    expect(bad.status).toBe(400);
    const cams = await t.call('GET', '/api/v1/inspection/cameras', undefined, keys['viewer']);
    expect(cams.body.cameras.map((c: { asset: string }) => c.asset).sort()).toEqual([
      CAM,
      'plant1/line2/cam1',
    ]);
  });
});
