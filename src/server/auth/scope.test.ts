import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from '../../store/index.js';
import { createTestApp } from '../test-app.fixture.js';
import { bearer, seedOrgs, T0 } from './scope.fixture.js';
import { createSiteDirectory } from './scope.js';

let raw: Store;
beforeEach(async () => {
  raw = await openSqliteStore(':memory:');
  await seedOrgs(raw);
});
afterEach(() => raw.close());

/** An app with data on plant1, plant2 (acme), mill (beta) and legacy (unregistered: default). */
async function setup() {
  const t = createTestApp(raw, { now: T0 + 60_000, auth: { mode: 'keys', loopbackOnly: true } });
  const root = await bearer(raw, 'admin');
  // Seeded by the system (the pipeline itself), as MQTT ingest would.
  const series = ['plant1/press/temp', 'plant2/oven/temp', 'mill/roller/temp', 'legacy/pump/temp'];
  const importId = await t.store.createImport({ source: 'seed', format: 'json', startedAt: T0 });
  const r = await t.pipeline.ingest(
    series.map((seriesId, i) => ({
      seriesId,
      ts: T0,
      value: 20,
      unit: 'Cel',
      location: `seed[${i}]`,
      raw: '',
    })),
    { source: 'seed', importId },
  );
  expect(r.accepted).toBe(4);
  await t.store.finishImport(importId, {
    finishedAt: T0,
    rows: 4,
    accepted: 4,
    quarantined: 0,
    duplicates: 0,
    outliers: 0,
    series,
    status: 'done',
  });
  return { ...t, root };
}

describe('HTTP scope enforcement', () => {
  it('lists only in-scope series and assets; out-of-scope reads are 404, writes 403', async () => {
    const { call } = await setup();
    const p1 = await bearer(raw, 'engineer', { org: 'acme', sites: ['plant1'] });
    const series = (await call('GET', '/api/v1/series', undefined, p1)).body.series as { id: string }[];
    expect(series.map((s) => s.id)).toEqual(['plant1/press/temp']);
    const acme = await bearer(raw, 'viewer', { org: 'acme' });
    const acmeSeries = (await call('GET', '/api/v1/series', undefined, acme)).body.series as { id: string }[];
    expect(acmeSeries.map((s) => s.id).sort()).toEqual(['plant1/press/temp', 'plant2/oven/temp']);
    const assets = JSON.stringify((await call('GET', '/api/v1/assets', undefined, p1)).body);
    expect(assets).toContain('plant1');
    expect(assets).not.toContain('plant2');
    expect(assets).not.toContain('legacy');

    expect(
      (await call('GET', `/api/v1/series/${encodeURIComponent('plant1/press/temp')}`, undefined, p1)).status,
    ).toBe(200);
    const hidden = await call(
      'GET',
      `/api/v1/series/${encodeURIComponent('mill/roller/temp')}`,
      undefined,
      p1,
    );
    const missing = await call(
      'GET',
      `/api/v1/series/${encodeURIComponent('mill/roller/nothing')}`,
      undefined,
      p1,
    );
    expect([hidden.status, missing.status]).toEqual([404, 404]);
    expect(hidden.body.code).toBe(missing.body.code);
    const patch = await call(
      'PATCH',
      `/api/v1/series/${encodeURIComponent('plant2/oven/temp')}`,
      { description: 'x' },
      p1,
    );
    expect(patch.status).toBe(403);

    const q = (s: string) => `/api/v1/points?series=${encodeURIComponent(s)}&from=${T0 - 1}&to=${T0 + 1}`;
    expect((await call('GET', q('plant1/press/temp'), undefined, p1)).body.points).toHaveLength(1);
    expect((await call('GET', q('legacy/pump/temp'), undefined, p1)).status).toBe(404);
    const latest = (await call('GET', '/api/v1/points/latest', undefined, p1)).body.latest as {
      series: string;
    }[];
    expect(latest.map((l) => l.series)).toEqual(['plant1/press/temp']);
  });

  it('the default organisation keeps existing data (unregistered sites), and sees nothing of acme or beta', async () => {
    const { call, root } = await setup();
    const all = (await call('GET', '/api/v1/series', undefined, root)).body.series as { id: string }[];
    expect(all.map((s) => s.id)).toEqual(['legacy/pump/temp']);
  });

  it('refuses a whole batch with an out-of-scope reading (403 naming it), storing nothing', async () => {
    const { call, store } = await setup();
    const p1 = await bearer(raw, 'operator', { org: 'acme', sites: ['plant1'] });
    const r = await call(
      'POST',
      '/api/v1/points',
      [
        { series: 'plant1/press/temp', ts: T0 + 1, value: 21 },
        { series: 'mill/roller/temp', ts: T0 + 1, value: 99 },
      ],
      p1,
    );
    expect([r.status, r.body.field]).toEqual([403, 'body[1].series']);
    expect(await store.queryPoints('plant1/press/temp', { from: T0, to: T0 + 10 })).toHaveLength(1);
    expect(await store.queryPoints('mill/roller/temp', { from: T0, to: T0 + 10 })).toHaveLength(1);
    const ok = await call(
      'POST',
      '/api/v1/points',
      [{ series: 'plant1/press/temp', ts: T0 + 1, value: 21 }],
      p1,
    );
    expect(ok.body.accepted).toBe(1);
  });

  it('events: filtered by series, asset or recording organisation; writes out of scope are 403', async () => {
    const { call } = await setup();
    const p1 = await bearer(raw, 'operator', { org: 'acme', sites: ['plant1'] });
    const acme = await bearer(raw, 'admin', { org: 'acme' });
    const beta = await bearer(raw, 'admin', { org: 'beta' });
    expect(
      (
        await call(
          'POST',
          '/api/v1/events',
          { kind: 'note', message: 'a', seriesId: 'plant1/press/temp' },
          p1,
        )
      ).status,
    ).toBe(201);
    expect(
      (await call('POST', '/api/v1/events', { kind: 'note', message: 'b', assetId: 'mill' }, p1)).status,
    ).toBe(403);
    expect((await call('POST', '/api/v1/events', { kind: 'note', message: 'c' }, p1)).status).toBe(403);
    expect((await call('POST', '/api/v1/events', { kind: 'note', message: 'org-wide' }, acme)).status).toBe(
      201,
    );
    const seen = async (h: Record<string, string>) =>
      ((await call('GET', '/api/v1/events', undefined, h)).body.events as { message: string }[]).map(
        (e) => e.message,
      );
    expect(await seen(acme)).toEqual(expect.arrayContaining(['a', 'org-wide']));
    expect(await seen(p1)).toEqual(['a']);
    expect(await seen(beta)).toEqual([]);
  });

  it('quarantine and imports: rows and imports of other scopes are invisible and cannot be changed', async () => {
    const { call, root } = await setup();
    await call('POST', '/api/v1/points', [{ series: 'legacy/pump/temp', ts: T0, value: 'hot' }], root);
    const rows = (await call('GET', '/api/v1/quarantine', undefined, root)).body.rows as { id: number }[];
    expect(rows).toHaveLength(1);
    const id = rows[0]?.id;
    const acme = await bearer(raw, 'admin', { org: 'acme' });
    expect((await call('GET', '/api/v1/quarantine', undefined, acme)).body.rows).toEqual([]);
    expect((await call('GET', `/api/v1/quarantine/${id}`, undefined, acme)).status).toBe(404);
    expect((await call('POST', `/api/v1/quarantine/${id}/discard`, undefined, acme)).status).toBe(403);
    const imports = (await call('GET', '/api/v1/imports', undefined, acme)).body.imports as {
      series: string[];
    }[];
    expect(imports.flatMap((i) => i.series).sort()).toEqual(['plant1/press/temp', 'plant2/oven/temp']);
    const quality = (await call('GET', '/api/v1/quality', undefined, acme)).body.series as {
      series: string;
    }[];
    expect(quality.map((s) => s.series).sort()).toEqual(['plant1/press/temp', 'plant2/oven/temp']);
    expect((await call('GET', '/api/v1/quality?series=mill%2Froller%2Ftemp', undefined, acme)).status).toBe(
      404,
    );
  });

  it('file imports: an out-of-scope row fails the import with 403; a strict one stores nothing', async () => {
    const { request, store } = await setup();
    const p1 = await bearer(raw, 'operator', { org: 'acme', sites: ['plant1'] });
    const csv =
      'series,ts,value\nplant1/press/temp,2024-01-01T00:00:05Z,1\nmill/roller/temp,2024-01-01T00:00:05Z,2\n';
    const res = await request('POST', '/api/v1/imports?name=x.csv&strict=true', csv, {
      ...p1,
      'content-type': 'text/csv',
    });
    expect(res.status).toBe(403);
    expect(await store.queryPoints('mill/roller/temp', { from: T0, to: T0 + 60_000 })).toHaveLength(1);
    expect(await store.queryPoints('plant1/press/temp', { from: T0, to: T0 + 60_000 })).toHaveLength(1);
  });
});

describe('site directory', () => {
  it('caches the site map and reloads it after invalidate()', async () => {
    let now = 0;
    const dir = createSiteDirectory(raw, { ttlMs: 1000, now: () => now });
    expect((await dir.orgOfSite())('plant1')).toBe('acme');
    await raw.putSite({ id: 'plant1', org: 'beta', name: 'P1', createdAt: T0 });
    expect((await dir.orgOfSite())('plant1')).toBe('acme');
    dir.invalidate();
    expect((await dir.orgOfSite())('plant1')).toBe('beta');
    await raw.putSite({ id: 'plant1', org: 'acme', name: 'P1', createdAt: T0 });
    now = 1000;
    expect((await dir.orgOfSite())('plant1')).toBe('acme');
    expect((await dir.orgOfSite())('nowhere')).toBe('default');
  });
});

describe('org-level areas and loops', () => {
  it('plans are stored per organisation: one organisation never sees another one', async () => {
    const { call, root } = await setup();
    const acme = await bearer(raw, 'engineer', { org: 'acme' });
    const beta = await bearer(raw, 'engineer', { org: 'beta' });
    const ex = await call('GET', '/api/v1/plans/example', undefined, acme);
    const made = await call('POST', '/api/v1/plans', { plan: ex.body }, acme);
    expect(made.status).toBe(201);
    const id = made.body.id as string;
    const ids = async (h: Record<string, string>) =>
      ((await call('GET', '/api/v1/plans', undefined, h)).body.plans as { id: string }[]).map((p) => p.id);
    expect(await ids(acme)).toEqual([id]);
    expect(await ids(beta)).toEqual([]);
    expect(await ids(root)).toEqual([]);
    expect((await call('GET', `/api/v1/plans/${id}`, undefined, beta)).status).toBe(404);
    expect((await call('GET', `/api/v1/plans/${id}`, undefined, acme)).status).toBe(200);
  });

  it('the ledger is the installation’s: other organisations get 404 reading and 403 writing', async () => {
    const { call, root } = await setup();
    const acme = await bearer(raw, 'admin', { org: 'acme' });
    expect((await call('GET', '/api/v1/ledger/entries', undefined, root)).status).toBe(200);
    expect((await call('GET', '/api/v1/ledger/entries', undefined, acme)).status).toBe(404);
    expect((await call('POST', '/api/v1/ledger/orgs', { name: 'x' }, acme)).status).toBe(403);
  });

  it('a loop belongs to its PV series’ site: listed, read and operated only in scope', async () => {
    const { call } = await setup();
    const acme = await bearer(raw, 'engineer', { org: 'acme' });
    const p2 = await bearer(raw, 'operator', { org: 'acme', sites: ['plant2'] });
    const loop = {
      id: 'oven1',
      pvSeries: 'plant1/press/temp',
      opTopic: 'xinzhi/cmd/plant1/press/heater',
      sampleTimeMs: 1000,
      setpoint: 100,
      manualOutput: 40,
      tuning: { kc: 1, ti: 120 },
    };
    const made = await call('POST', '/api/v1/control/loops', loop, acme);
    expect(made.status).toBe(201);
    const foreign = await call(
      'POST',
      '/api/v1/control/loops',
      { ...loop, id: 'x', opTopic: 'xinzhi/cmd/mill/heater' },
      acme,
    );
    expect([foreign.status, foreign.body.field]).toEqual([403, 'opTopic']);
    expect((await call('GET', '/api/v1/control/loops', undefined, p2)).body.loops).toEqual([]);
    expect((await call('GET', '/api/v1/control/loops/oven1', undefined, p2)).status).toBe(404);
    expect((await call('POST', '/api/v1/control/loops/oven1/setpoint', { value: 50 }, p2)).status).toBe(403);
    expect((await call('POST', '/api/v1/control/loops/oven1/setpoint', { value: 50 }, acme)).status).toBe(
      200,
    );
  });
});

describe('live feed (SSE) in scope', () => {
  it('streams only in-scope points and events', async () => {
    const { request, pipeline, store } = await setup();
    const p1 = await bearer(raw, 'viewer', { org: 'acme', sites: ['plant1'] });
    const res = await request('GET', '/api/v1/stream', undefined, p1);
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (needle: string): Promise<void> => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before '${needle}'`);
        text += decoder.decode(value, { stream: true });
      }
    };
    await readUntil('live feed');
    const reading = (seriesId: string, value: number) => ({
      seriesId,
      ts: T0 + 1000,
      value,
      location: 'x',
      raw: '',
    });
    // Out of scope first: if it were sent, it would arrive before the in-scope point.
    await pipeline.ingest([reading('mill/roller/temp', 1), reading('plant2/oven/temp', 2)], {
      source: 't',
      importId: null,
    });
    await store.appendEvent({ ts: T0, kind: 'note', message: 'secret', seriesId: 'mill/roller/temp' });
    await pipeline.ingest([reading('plant1/press/temp', 3)], { source: 't', importId: null });
    await store.appendEvent({ ts: T0, kind: 'note', message: 'visible', seriesId: 'plant1/press/temp' });
    await readUntil('visible');
    expect(text).toContain('plant1/press/temp');
    expect(text).not.toContain('mill');
    expect(text).not.toContain('plant2');
    expect(text).not.toContain('secret');
    await reader.cancel();
  });
});

describe('RUL mappings in scope', () => {
  it('a mapping may read only series in scope', async () => {
    const { call } = await setup();
    const acme = await bearer(raw, 'engineer', { org: 'acme' });
    const mapping = (series: string) => ({
      model: { kind: 'health-index', baselineSamples: 10 },
      series: { [series]: 'temp' },
      bucketMs: 300_000,
    });
    const out = await call(
      'PUT',
      `/api/v1/rul/mappings/${encodeURIComponent('plant1/press')}`,
      mapping('mill/roller/temp'),
      acme,
    );
    expect(out.status).toBe(403);
    const ok = await call(
      'PUT',
      `/api/v1/rul/mappings/${encodeURIComponent('plant1/press')}`,
      mapping('plant1/press/temp'),
      acme,
    );
    expect(ok.status).toBe(200);
  });
});
