import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from '../../store/index.js';
import { createTestApp } from '../test-app.fixture.js';

const T0 = Date.UTC(2024, 5, 1);
let raw: Store;
beforeEach(async () => {
  raw = await openSqliteStore(':memory:');
});
afterEach(() => raw.close());

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

describe('POST /imports with an XLSX workbook', () => {
  it('imports the sheet named by ?sheet= through the pipeline, by content-type', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').getCell('A1').value = '导出说明';
    const ws = wb.addWorksheet('数据');
    ws.addRow(['时间', '温度(℃)', '状态']);
    for (let i = 0; i < 3; i++) {
      const r = ws.addRow([new Date(T0 + i * 60_000), i === 1 ? '坏值' : 20 + i, '运行']);
      r.getCell(1).numFmt = 'yyyy-mm-dd hh:mm:ss';
    }
    const body = Buffer.from(await wb.xlsx.writeBuffer());
    const { app, request } = createTestApp(raw, { now: T0 + 86_400_000 });
    const res = await app.request('/api/v1/imports?name=oven.xlsx&asset=p1/oven&sheet=2', {
      method: 'POST',
      headers: { 'content-type': XLSX },
      body,
    });
    expect(res.status).toBe(200);
    const r = (await res.json()) as Record<string, unknown> & { quarantine: Array<{ location: string }> };
    expect(r).toMatchObject({
      format: 'xlsx',
      sheet: '数据',
      file: 'oven.xlsx',
      accepted: 2,
      quarantined: 1,
      series: ['p1/oven/温度'],
      skipped_columns: [{ column: '状态', examples: ['运行'] }],
    });
    expect(r.quarantine[0]?.location).toBe('oven.xlsx[数据]:3');

    const junk = await request('POST', '/api/v1/imports?name=junk.xlsx&asset=p1/oven', 'not a workbook', {
      'content-type': XLSX,
    });
    expect(junk.status).toBe(400);
    expect(((await junk.json()) as { detail: string }).detail).toContain(
      'junk.xlsx: not a readable XLSX file',
    );
  });
});
