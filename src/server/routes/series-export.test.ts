import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from '../../store/index.js';
import { bearer, seedOrgs, T0 } from '../auth/scope.fixture.js';
import { createTestApp } from '../test-app.fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-http-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let raw: Store;
beforeEach(async () => {
  raw = await openSqliteStore(':memory:');
  await seedOrgs(raw);
  for (const [asset, unit] of [
    ['plant1/oven', 'Cel'],
    ['plant2/oven', 'Cel'],
  ] as const) {
    await raw.upsertSeries({ assetId: asset, metric: '温度', unit });
    await raw.writePoints(
      Array.from({ length: 120 }, (_, i) => ({
        seriesId: `${asset}/温度`,
        ts: T0 + i * 60_000,
        value: 180 + i / 4,
      })),
    );
  }
});
afterEach(() => raw.close());

const url = (id: string, q: string) => `/api/v1/series/${encodeURIComponent(id)}/export?${q}`;

describe('GET /series/{id}/export', () => {
  it('streams CSV, XLSX and Parquet of a series with real types', async () => {
    const { request } = createTestApp(raw, {
      now: T0 + 86_400_000,
      auth: { mode: 'keys', loopbackOnly: true },
    });
    const root = await bearer(raw, 'viewer', { org: 'acme' });
    const csv = await request('GET', url('plant1/oven/温度', 'format=csv&tz=Asia/Shanghai'), undefined, root);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toContain('filename="plant1_oven___.csv"');
    const lines = (await csv.text()).split('\r\n');
    expect(lines[0]).toBe('time (Asia/Shanghai),series,unit,value,quality');
    expect(lines).toHaveLength(122);

    const pq = await request('GET', url('plant1/oven/温度', 'format=parquet&bucket=1h'), undefined, root);
    expect(pq.headers.get('content-type')).toBe('application/vnd.apache.parquet');
    const pqFile = join(dir, 'h.parquet');
    writeFileSync(pqFile, Buffer.from(await pq.arrayBuffer()));
    const rows = await parquetReadObjects({ file: await asyncBufferFromFile(pqFile) });
    expect(rows.map((r) => [(r.time as Date).getTime(), Number(r.count), r.min, r.max])).toEqual([
      [T0, 60, 180, 194.75],
      [T0 + 3_600_000, 60, 195, 209.75],
    ]);

    const xl = await request('GET', url('plant1/oven/温度', 'format=xlsx&limit=10'), undefined, root);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await xl.arrayBuffer()) as never);
    const ws = wb.getWorksheet('points')!;
    expect(ws.rowCount).toBe(11);
    expect(ws.getCell('A2').value).toEqual(new Date(T0));
    expect(ws.getCell('D3').value).toBe(180.25);
  });

  it('is scope-checked and refuses bad requests as problem+json before any byte', async () => {
    const { call } = createTestApp(raw, { now: T0 + 86_400_000, auth: { mode: 'keys', loopbackOnly: true } });
    const p1 = await bearer(raw, 'viewer', { org: 'acme', sites: ['plant1'] });
    const ok = await call('GET', url('plant1/oven/温度', 'format=csv&bucket=1d&tz=CST'), undefined, p1);
    expect([ok.status, ok.body.field]).toEqual([400, 'tz']);
    const other = await call('GET', url('plant2/oven/温度', 'format=csv'), undefined, p1);
    expect(other.status).toBe(404);
    const anon = await call('GET', url('plant1/oven/温度', 'format=csv'));
    expect(anon.status).toBe(401);
    const missing = await call('GET', url('plant1/oven/nope', 'format=xlsx'), undefined, p1);
    expect(missing.status).toBe(404);
    const fmt = await call('GET', url('plant1/oven/温度', 'format=pdf'), undefined, p1);
    expect(fmt.status).toBe(400);
  });
});
