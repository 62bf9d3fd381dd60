import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_T0, SEED_T1, seedReportPlant } from '../../domains/reports/report-seed.fixture.js';
import { openSqliteStore, type Store } from '../../store/index.js';
import { bearer, seedOrgs } from '../auth/scope.fixture.js';
import { createTestApp } from '../test-app.fixture.js';

let store: Store;
beforeAll(async () => {
  store = await openSqliteStore(':memory:');
  await seedReportPlant(store);
  await seedOrgs(store);
});
afterAll(async () => {
  await store.close();
});

const open = () => createTestApp(store, { now: Date.now(), web: false });
const keyed = () =>
  createTestApp(store, { now: Date.now(), web: false, auth: { mode: 'keys', loopbackOnly: true } });
const period = `from=${SEED_T0}&to=${SEED_T1}`;
const spec = {
  type: 'production',
  cron: '5 6 * * *',
  timeZone: 'Asia/Shanghai',
  period: 'day',
  format: 'csv',
  lang: 'zh',
  delivery: { kind: 'folder', path: 'daily' },
};

describe('GET /api/v1/reports/run', () => {
  it('answers the XLSX whose quality sheet has the figures of GET /quality', async () => {
    const a = open();
    const res = await a.request('GET', `/api/v1/reports/run?type=quality&${period}&format=xlsx&lang=zh`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    const ws = wb.getWorksheet('series')!;
    const q = (await a.call('GET', '/api/v1/quality')).body as {
      series: Array<{ series: string; quarantined: number }>;
    };
    expect(ws.rowCount - 1).toBe(q.series.length);
    const heads = (ws.getRow(1).values as string[]).slice(1);
    const quar = heads.indexOf('隔离') + 1;
    ws.eachRow((row, n) => {
      if (n === 1) return;
      const s = q.series.find((x) => x.series === row.getCell(1).value)!;
      expect(row.getCell(quar).value).toBe(s.quarantined);
    });
  });

  it('previews the report as HTML with no scripts', async () => {
    const res = await open().request('GET', `/api/v1/reports/preview?type=alarms&${period}&lang=zh`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('报警系统绩效');
    expect(html).not.toMatch(/<script/i);
  });

  it('names the bad field of malformed queries', async () => {
    const a = open();
    const field = async (q: string) => {
      const r = await a.call('GET', `/api/v1/reports/run?${q}`);
      expect(r.status).toBe(400);
      return JSON.stringify(r.body);
    };
    expect(await field(`type=sales&${period}`)).toContain('type');
    expect(await field(`type=quality&from=soon&to=${SEED_T1}`)).toContain('from');
    expect(await field(`type=quality&from=${SEED_T1}&to=${SEED_T0}`)).toContain('from');
    expect(await field(`type=quality&${period}&format=docx`)).toContain('format');
    expect(await field(`type=quality&${period}&lang=fr`)).toContain('lang');
    expect(await field(`type=quality&to=${SEED_T1}`)).toContain('from');
    expect(await field(`type=quality&${period}&tz=CST`)).toContain('tz');
    expect(await field(`type=quality&from=0&to=${SEED_T1}`)).toContain('400 days');
  });
});

describe('report schedules over HTTP', () => {
  it('creates, lists with the next fire time, disables, runs now and logs, deletes', async () => {
    const a = open();
    const c = await a.call('POST', '/api/v1/reports/schedules', { name: 'daily production', spec });
    expect(c.status).toBe(201);
    expect(c.body.next).toBeGreaterThan(Date.now() - 1);
    expect(c.body.spec.retries).toBe(3);
    const id = c.body.id as number;
    const l = await a.call('GET', '/api/v1/reports/schedules');
    expect(l.body.schedules.map((s: { id: number }) => s.id)).toContain(id);
    expect((await a.call('PATCH', `/api/v1/reports/schedules/${id}`, { enabled: false })).body.enabled).toBe(
      false,
    );
    const d = await a.call('GET', `/api/v1/reports/deliveries?schedule=${id}`);
    expect(d.body.deliveries).toEqual([]);
    expect((await a.call('DELETE', `/api/v1/reports/schedules/${id}`)).status).toBe(204);
    expect((await a.call('DELETE', `/api/v1/reports/schedules/${id}`)).status).toBe(404);
    expect((await a.call('POST', `/api/v1/reports/schedules/${id}/run`)).status).toBe(404);
  });

  it('lists a schedule whose stored settings no longer validate with spec and next null', async () => {
    const s = await store.reportSchedules.create({
      name: 'left by an older version',
      org: 'default',
      enabled: true,
      spec: { ...spec, cron: 'every morning' },
      now: Date.now(),
    });
    const l = await open().call('GET', '/api/v1/reports/schedules');
    expect(l.body.schedules.find((x: { id: number }) => x.id === s.id)).toMatchObject({
      spec: null,
      next: null,
    });
    await store.reportSchedules.remove(s.id);
  });

  it('refuses malformed schedules, naming the field', async () => {
    const a = open();
    const bad = async (body: unknown) => {
      const r = await a.call('POST', '/api/v1/reports/schedules', body);
      expect(r.status).toBe(400);
      return JSON.stringify(r.body);
    };
    expect(await bad({ name: 'x', spec: { ...spec, cron: '99 * * * *' } })).toContain('cron');
    expect(await bad({ name: 'x', spec: { ...spec, timeZone: 'CST' } })).toContain('timeZone');
    expect(
      await bad({ name: 'x', spec: { ...spec, delivery: { kind: 'folder', path: '../../etc' } } }),
    ).toContain('path');
    expect(
      await bad({ name: 'x', spec: { ...spec, delivery: { kind: 'webhook', url: 'ftp://x/y' } } }),
    ).toContain('url');
    expect(await bad({ name: 'x', spec: { ...spec, delivery: { kind: 'email', to: [] } } })).toContain('to');
    expect(await bad({ name: '', spec })).toContain('name');
    expect(await bad({ name: 'x', spec, owner: 'me' })).toContain('owner');
    expect(await bad('{"name":')).toContain('JSON');
    expect((await a.call('PATCH', '/api/v1/reports/schedules/abc', { enabled: true })).status).toBe(400);
  });
});

describe('reports: who may do what', () => {
  it('lets a viewer render and read schedules, not change them; asks for credentials', async () => {
    const a = keyed();
    const viewer = await bearer(store, 'viewer');
    const admin = await bearer(store, 'admin');
    expect((await a.call('GET', '/api/v1/reports/types')).status).toBe(401);
    const csv = await a.request(
      'GET',
      `/api/v1/reports/run?type=quality&${period}&format=csv`,
      undefined,
      viewer,
    );
    expect(csv.status).toBe(200);
    expect(await csv.text()).toContain('f1/assembly/oven/temp');
    expect((await a.call('GET', '/api/v1/reports/schedules', undefined, viewer)).status).toBe(200);
    expect((await a.call('POST', '/api/v1/reports/schedules', { name: 'x', spec }, viewer)).status).toBe(403);
    const ok = await a.call('POST', '/api/v1/reports/schedules', { name: 'x', spec }, admin);
    expect(ok.status).toBe(201);
    expect(
      (await a.call('PATCH', `/api/v1/reports/schedules/${ok.body.id}`, { enabled: false }, viewer)).status,
    ).toBe(403);
    expect(
      (await a.call('DELETE', `/api/v1/reports/schedules/${ok.body.id}`, undefined, viewer)).status,
    ).toBe(403);
    expect(
      (await a.call('POST', `/api/v1/reports/schedules/${ok.body.id}/run`, undefined, viewer)).status,
    ).toBe(403);
  });

  it('gives a principal limited to sites only asset reports inside them, and not other organisations’ schedules', async () => {
    const a = keyed();
    const admin = await bearer(store, 'admin');
    const mine = await a.call('POST', '/api/v1/reports/schedules', { name: 'default org', spec }, admin);
    const site = await bearer(store, 'viewer', { org: 'acme', sites: ['plant1'] });
    expect(
      (await a.call('GET', `/api/v1/reports/run?type=alarms&${period}&format=csv`, undefined, site)).status,
    ).toBe(403);
    expect(
      (await a.call('GET', `/api/v1/reports/run?type=quality&${period}&format=csv`, undefined, site)).status,
    ).toBe(403);
    expect(
      (await a.call('GET', `/api/v1/reports/run?type=quality&${period}&format=csv&asset=f1`, undefined, site))
        .status,
    ).toBe(404);
    // The maintenance report keeps an asset subtree: only of an asset inside the principal's sites.
    expect(
      (await a.call('GET', `/api/v1/reports/run?type=maintenance&${period}&format=csv`, undefined, site))
        .status,
    ).toBe(403);
    expect(
      (
        await a.call(
          'GET',
          `/api/v1/reports/run?type=maintenance&${period}&format=csv&asset=f1`,
          undefined,
          site,
        )
      ).status,
    ).toBe(404);
    const acme = await bearer(store, 'admin', { org: 'acme' });
    const list = await a.call('GET', '/api/v1/reports/schedules', undefined, acme);
    expect(list.body.schedules.map((s: { id: number }) => s.id)).not.toContain(mine.body.id);
    expect(
      (await a.call('DELETE', `/api/v1/reports/schedules/${mine.body.id}`, undefined, acme)).status,
    ).toBe(403);
    const plant1 = await bearer(store, 'admin', { org: 'acme', sites: ['plant1'] });
    const acmeOwn = await a.call('POST', '/api/v1/reports/schedules', { name: 'acme', spec }, acme);
    expect(
      (await a.call('POST', `/api/v1/reports/schedules/${acmeOwn.body.id}/run`, undefined, plant1)).status,
    ).toBe(403);
  });
});
