import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from '../store/index.js';
import { createApiKey } from './auth/api-key.js';
import type { AuthOptions } from './auth/policy.js';
import { createTestApp } from './test-app.fixture.js';

const T0 = Date.UTC(2024, 0, 1);
let raw: Store;

async function setup(auth: AuthOptions = { mode: 'keys', loopbackOnly: true }) {
  const { app, request, bus, clock, store } = createTestApp(raw, { now: T0 + 3_600_000, auth });
  return { app, call: request, bus, clock, store };
}

beforeEach(async () => {
  raw = await openSqliteStore(':memory:');
});
afterEach(async () => {
  await raw.close();
});

const readings = [
  { series: 'plant1/press/line1/m3/temp', ts: T0, value: 20.5, unit: 'Cel' },
  { series: 'plant1/press/line1/m3/temp', ts: T0 + 60_000, value: 69.8, unit: '[degF]' },
  {
    asset: 'plant1/press/line1/m3',
    metric: 'pressure',
    ts: '2024-01-01T00:00:00Z',
    value: 101.3,
    unit: 'kPa',
  },
];

describe('HTTP API', () => {
  it('ingests a batch and reads it back as raw points, buckets, latest, series and the asset tree', async () => {
    const { call } = await setup();
    const res = await call('POST', '/api/v1/points', readings);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { accepted: number; quarantined: number };
    expect(body).toMatchObject({ accepted: 3, quarantined: 0 });

    const pts = await call(
      'GET',
      `/api/v1/points?series=plant1/press/line1/m3/temp&from=${T0}&to=${T0 + 120_000}`,
    );
    const p = (await pts.json()) as { points: Array<{ ts: number; value: number; time: string }> };
    expect(p.points.map((x) => x.ts)).toEqual([T0, T0 + 60_000]);
    expect(p.points[1]?.value).toBeCloseTo(21, 6); // 69.8 °F → 21 °C
    expect(p.points[0]?.time).toBe('2024-01-01T00:00:00.000Z');

    const b = await call(
      'GET',
      `/api/v1/points/buckets?series=plant1/press/line1/m3/temp&from=${T0}&to=${T0 + 3_600_000}&bucket=1h`,
    );
    expect(b.status).toBe(200);
    const bj = (await b.json()) as { buckets: Array<{ count: number; max: number }> };
    expect(bj.buckets).toHaveLength(1);
    expect(bj.buckets[0]?.count).toBe(2);

    const l = (await (await call('GET', '/api/v1/points/latest')).json()) as {
      latest: Array<{ series: string }>;
    };
    expect(l.latest.map((x) => x.series).sort()).toEqual([
      'plant1/press/line1/m3/pressure',
      'plant1/press/line1/m3/temp',
    ]);

    const s = await call('GET', `/api/v1/series/${encodeURIComponent('plant1/press/line1/m3/temp')}`);
    expect(((await s.json()) as { unit: string }).unit).toBe('Cel');

    const tree = (await (await call('GET', '/api/v1/assets')).json()) as {
      assets: Array<{ id: string; children: unknown[] }>;
    };
    expect(tree.assets.map((a) => a.id)).toEqual(['plant1']);
    expect(tree.assets[0]?.children).toHaveLength(1);
  });

  it('quarantines bad items naming the field, keeps the good ones, and accepts NDJSON', async () => {
    const { call } = await setup();
    const res = await call('POST', '/api/v1/points', [
      { series: 'a/b/t', ts: T0, value: 1 },
      { series: 'a/b/t', ts: 'yesterday-ish', value: 2 },
      { series: 'a/b/t', ts: T0 + 1000, value: 3, colour: 'red' },
      { ts: T0, value: 4 },
    ]);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      accepted: number;
      quarantined: number;
      rejections: Array<{ location: string; issues: Array<{ where?: string }> }>;
    };
    expect(body.accepted).toBe(1);
    expect(body.quarantined).toBe(3);
    const wheres = body.rejections.flatMap((r) => r.issues.map((i) => i.where ?? r.location));
    expect(wheres).toContain('body[2].colour');
    expect(wheres).toContain('body[3].series');
    expect(body.rejections.map((r) => r.location)).toContain('body[1]');

    const q = (await (await call('GET', '/api/v1/quarantine')).json()) as {
      rows: Array<{ id: number; location: string }>;
    };
    expect(q.rows.map((r) => r.location).sort()).toEqual(['body[1]', 'body[2]', 'body[3]']);
    const id = q.rows[0]?.id;
    const d = await call('POST', `/api/v1/quarantine/${id}/discard`);
    expect(((await d.json()) as { status: string }).status).toBe('discarded');
    expect((await call('POST', `/api/v1/quarantine/${id}/discard`)).status).toBe(409);

    const nd = await call(
      'POST',
      '/api/v1/points',
      '{"series":"a/b/t","ts":1704067205000,"value":5}\nnot json\n',
      {
        'content-type': 'application/x-ndjson',
      },
    );
    expect(await nd.json()).toMatchObject({
      accepted: 1,
      quarantined: 1,
      rejections: [{ location: 'line 2' }],
    });
  });

  it('answers malformed bodies, bad types, unknown fields and routes with problem+json naming the field', async () => {
    const { call } = await setup();
    const cases: Array<[Response, number, string | undefined]> = [
      [await call('POST', '/api/v1/points', '{"series": '), 400, '(body)'],
      [await call('POST', '/api/v1/points', '42'), 400, '(body)'],
      [await call('POST', '/api/v1/points', 'a,b', { 'content-type': 'text/csv' }), 415, 'content-type'],
      [await call('POST', '/api/v1/events', { kind: 'note', message: 'x', extra: 1 }), 400, 'extra'],
      [await call('POST', '/api/v1/events', { kind: 'note', message: 5 }), 400, 'message'],
      [await call('POST', '/api/v1/events', '{oops'), 400, '(body)'],
      [await call('GET', '/api/v1/points?series=nope'), 404, 'series'],
      [await call('GET', '/api/v1/points?series=x&from=tomorrow'), 400, 'from'],
      [await call('GET', '/api/v1/events?limit=-3'), 400, 'query.limit'],
      [await call('GET', '/api/v1/nothing-here'), 404, undefined],
      [
        await call('POST', '/api/v1/points?strict=true', [{ series: 'a/b/t', value: 1, bogus: 1 }]),
        400,
        'body[0].bogus',
      ],
    ];
    for (const [res, status, field] of cases) {
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const p = (await res.json()) as {
        type: string;
        title: string;
        status: number;
        detail: string;
        field?: string;
      };
      expect(p.status).toBe(status);
      expect(p.type).toMatch(/^urn:xinzhi:problem:/);
      expect(p.title.length).toBeGreaterThan(0);
      expect(p.detail.length).toBeGreaterThan(0);
      expect(p.field).toBe(field);
    }
  });

  it('enforces keys and roles: 401 without a key, 403 for a viewer writing, operator writes, admin manages keys', async () => {
    const { call } = await setup();
    // First-run (loopback, no key): open.
    expect((await call('GET', '/api/v1/series')).status).toBe(200);
    const viewer = await createApiKey(raw, { name: 'v', role: 'viewer' }, T0);
    const operator = await createApiKey(raw, { name: 'o', role: 'operator' }, T0);
    const admin = await createApiKey(raw, { name: 'a', role: 'admin' }, T0);
    const as = (k: { secret: string }) => ({ authorization: `Bearer ${k.secret}` });

    const none = await call('GET', '/api/v1/series');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect(
      (await call('GET', '/api/v1/series', undefined, { authorization: 'Bearer xz_wrong' })).status,
    ).toBe(401);
    expect((await call('GET', '/api/v1/health')).status).toBe(200);
    expect((await call('GET', '/api/openapi.json')).status).toBe(200);

    expect((await call('GET', '/api/v1/series', undefined, as(viewer))).status).toBe(200);
    const vw = await call('POST', '/api/v1/points', readings, as(viewer));
    expect(vw.status).toBe(403);
    expect(((await vw.json()) as { code: string }).code).toBe('FORBIDDEN');
    expect((await call('POST', '/api/v1/points', readings, as(operator))).status).toBe(200);
    expect((await call('GET', '/api/v1/keys', undefined, as(operator))).status).toBe(403);

    const created = await call('POST', '/api/v1/keys', { name: 'gw', role: 'operator' }, as(admin));
    expect(created.status).toBe(201);
    const k = (await created.json()) as { id: number; secret: string };
    expect(k.secret).toMatch(/^xz_/);
    expect((await call('GET', '/api/v1/series', undefined, as(k))).status).toBe(200);
    expect((await call('DELETE', `/api/v1/keys/${k.id}`, undefined, as(admin))).status).toBe(200);
    expect((await call('GET', '/api/v1/series', undefined, as(k))).status).toBe(401);
    const listed = (await (await call('GET', '/api/v1/keys', undefined, as(admin))).json()) as {
      keys: object[];
    };
    expect(JSON.stringify(listed)).not.toContain('hash');
  });

  it('refuses keyless requests off loopback and allows everything with --no-auth', async () => {
    const remote = await setup({ mode: 'keys', loopbackOnly: false });
    expect((await remote.call('GET', '/api/v1/series')).status).toBe(401);
    const open = await setup({ mode: 'none', loopbackOnly: false });
    expect((await open.call('POST', '/api/v1/points', readings)).status).toBe(200);
  });

  it('publishes a valid OpenAPI 3.1 document listing the routes', async () => {
    const { call } = await setup();
    const doc = (await (await call('GET', '/api/openapi.json')).json()) as {
      openapi: string;
      paths: Record<string, Record<string, unknown>>;
    };
    expect(doc.openapi).toBe('3.1.0');
    for (const [path, method] of [
      ['/api/v1/points', 'post'],
      ['/api/v1/points', 'get'],
      ['/api/v1/points/buckets', 'get'],
      ['/api/v1/points/latest', 'get'],
      ['/api/v1/series/{id}', 'patch'],
      ['/api/v1/assets', 'get'],
      ['/api/v1/events', 'post'],
      ['/api/v1/quarantine/{id}/discard', 'post'],
      ['/api/v1/imports/{id}', 'get'],
      ['/api/v1/imports', 'post'],
      ['/api/v1/quality', 'get'],
      ['/api/v1/quarantine/{id}/resubmit', 'post'],
      ['/api/v1/keys', 'post'],
      ['/api/v1/stream', 'get'],
      ['/api/v1/health', 'get'],
    ] as const)
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
  });

  it('patches series settings and validates them', async () => {
    const { call } = await setup();
    await call('POST', '/api/v1/points', readings);
    const id = encodeURIComponent('plant1/press/line1/m3/temp');
    const ok = await call('PATCH', `/api/v1/series/${id}`, {
      minValue: -20,
      maxValue: 150,
      retentionDays: 30,
    });
    expect(await ok.json()).toMatchObject({ minValue: -20, maxValue: 150, retentionDays: 30 });
    const bad = await call('PATCH', `/api/v1/series/${id}`, { unit: 'K' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { field: string }).field).toBe('unit');
  });

  it('survives arbitrary bodies without a 500 and keeps what was accepted before (property)', async () => {
    const { call } = await setup();
    await call('POST', '/api/v1/points', readings);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc
            .array(fc.record({ series: fc.string(), value: fc.anything(), ts: fc.anything() }), {
              maxLength: 5,
            })
            .map((a) => JSON.stringify(a)),
        ),
        fc.constantFrom('application/json', 'application/x-ndjson'),
        async (body, type) => {
          const res = await call('POST', '/api/v1/points', body, { 'content-type': type });
          expect([200, 400]).toContain(res.status);
          if (res.status === 400) expect(res.headers.get('content-type')).toBe('application/problem+json');
        },
      ),
      { numRuns: 150 },
    );
    const pts = (await (
      await call('GET', `/api/v1/points?series=plant1/press/line1/m3/temp&from=${T0}&to=${T0 + 120_000}`)
    ).json()) as {
      points: Array<{ ts: number; value: number }>;
    };
    expect(pts.points.map((p) => p.ts)).toEqual([T0, T0 + 60_000]);
    expect(pts.points[0]?.value).toBe(20.5);
  });
});

describe('imports, quarantine resubmission and quality over HTTP', () => {
  it('imports an uploaded CSV, lists it, and reports quality', async () => {
    const { call, app } = await setup();
    const csv = `ts,series,value\n${T0},f/l/temp,20\n${T0 + 1000},f/l/temp,21\nbad-time,f/l/temp,22\n`;
    const res = await app.request('/api/v1/imports?name=plant.csv', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: csv,
    });
    expect(res.status).toBe(200);
    const r = (await res.json()) as {
      import_id: number;
      accepted: number;
      quarantined: number;
      file: string;
      quarantine: Array<{ location: string }>;
    };
    expect(r).toMatchObject({ accepted: 2, quarantined: 1, file: 'plant.csv' });
    expect(r.quarantine[0]?.location).toContain('plant.csv:4');
    const imp = (await (await call('GET', `/api/v1/imports/${r.import_id}`)).json()) as {
      status: string;
      source: string;
    };
    expect(imp).toMatchObject({ status: 'done', source: 'upload:plant.csv' });
    const list = (await (await call('GET', '/api/v1/imports')).json()) as { imports: Array<{ id: number }> };
    expect(list.imports.map((i) => i.id)).toContain(r.import_id);
    const q = (await (await call('GET', `/api/v1/quality?import=${r.import_id}`)).json()) as {
      series: Array<{ series: string; points: number }>;
      import: { accepted: number };
    };
    expect(q.import.accepted).toBe(2);
    expect(q.series.map((s) => [s.series, s.points])).toEqual([['f/l/temp', 2]]);
    const bad = await app.request('/api/v1/imports?format=xml', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: 'a',
    });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { field: string }).field).toBe('query.format');
  });

  it('imports a GBK upload with encoding, states and force like the CLI (issue 14)', async () => {
    const { app } = await setup();
    const { default: iconv } = await import('iconv-lite');
    const csv = `时间,温度(℃),状态\n${T0},20,RUN\n${T0 + 1000},21,STOP\n`;
    const post = (q: string, body: Uint8Array | string) =>
      app.request(`/api/v1/imports?name=line.csv&asset=f/l${q}`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body,
      });
    const gbk = new Uint8Array(iconv.encode(csv, 'gbk'));
    const a = (await (await post('&encoding=gbk&states=RUN%3D1,STOP%3D0', gbk)).json()) as Record<
      string,
      unknown
    >;
    expect(a).toMatchObject({
      accepted: 4,
      encoding: 'gb18030',
      encoding_source: 'given',
      state_columns: ['状态'],
    });
    expect(a['series']).toEqual(['f/l/温度', 'f/l/状态']);
    const again = (await (await post('&encoding=gbk&states=RUN%3D1,STOP%3D0', gbk)).json()) as Record<
      string,
      unknown
    >;
    expect(again).toMatchObject({ skipped: true, reimport_of: a['import_id'], accepted: 0 });
    const forced = (await (
      await post('&encoding=gbk&states=RUN%3D1,STOP%3D0&force=true', gbk)
    ).json()) as Record<string, unknown>;
    expect(forced).toMatchObject({ reimport_of: a['import_id'], duplicates: 4 });
    const wrong = await post('&encoding=ebcdic', 'x');
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { field: string }).field).toBe('query.encoding');
    const badStates = await post('&states=RUN', 'x');
    expect(((await badStates.json()) as { field: string }).field).toBe('query.states');
  });

  it('imports with a column mapping given in the query, and names query.map when it is wrong', async () => {
    const { app } = await setup();
    const csv = `Zeit;Temperatur;Druck\n${T0};20,5;101\n${T0 + 1000};21,5;102\n`;
    const map = { time: 'Zeit', columns: { Temperatur: { series: 'f/l/temp', unit: 'Cel' } } };
    const res = await app.request(
      `/api/v1/imports?name=de.csv&map=${encodeURIComponent(JSON.stringify(map))}`,
      {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: csv,
      },
    );
    expect(res.status).toBe(200);
    const r = (await res.json()) as { accepted: number; series: string[] };
    expect(r.accepted).toBe(2);
    expect(r.series).toEqual(['f/l/temp']);
    const notJson = await app.request('/api/v1/imports?name=x.csv&map=%7Bnope', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: csv,
    });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as { field: string }).field).toBe('query.map');
    const badShape = await app.request(`/api/v1/imports?map=${encodeURIComponent('{"time":[1]}')}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: csv,
    });
    expect(badShape.status).toBe(400);
    expect(((await badShape.json()) as { field: string }).field).toMatch(/^query\.map/);
  });

  it('resubmits a fixed quarantined reading, and rejects a fix that is still bad', async () => {
    const { call } = await setup();
    await call('POST', '/api/v1/points', [
      { series: 'a/b/t', ts: T0, value: 1 },
      { series: 'a/b/t', ts: T0 + 1000, value: 'twelve' },
    ]);
    const rows = (await (await call('GET', '/api/v1/quarantine')).json()) as { rows: Array<{ id: number }> };
    const id = rows.rows[0]!.id;
    const still = await call('POST', `/api/v1/quarantine/${id}/resubmit`, { value: 'thirteen' });
    expect(still.status).toBe(400);
    const ok = await call('POST', `/api/v1/quarantine/${id}/resubmit`, { value: 12 });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ accepted: 1 });
    const pts = (await (
      await call('GET', `/api/v1/points?series=a/b/t&from=${T0}&to=${T0 + 2000}`)
    ).json()) as { points: Array<{ value: number }> };
    expect(pts.points.map((p) => p.value)).toEqual([1, 12]);
    expect(
      ((await (await call('GET', `/api/v1/quarantine/${id}`)).json()) as { status: string }).status,
    ).toBe('resubmitted');
    expect((await call('POST', `/api/v1/quarantine/${id}/resubmit`, { value: 12 })).status).toBe(409);
  });
});
