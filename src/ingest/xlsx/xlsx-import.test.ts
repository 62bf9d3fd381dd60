import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, manualClock, silentLogger } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import { type ImportFileOptions, importFile } from '../import/import-file.js';
import { createIngestPipeline } from '../pipeline/create-ingest-pipeline.js';
import { resubmitQuarantine } from '../quarantine/index.js';
import { xlsxToCsv } from './xlsx-to-csv.js';

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-xlsx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const clock = manualClock(Date.UTC(2025, 0, 1));
let store: Store;
let n = 0;
const path = (name: string): string => {
  const sub = join(dir, String(n++));
  mkdirSync(sub);
  return join(sub, name);
};
const run = (p: string, o: ImportFileOptions = {}) =>
  importFile(p, o, {
    store,
    clock,
    logger: silentLogger,
    pipeline: createIngestPipeline({ store, clock, logger: silentLogger, options: { batchSize: 50 } }),
  });

beforeEach(async () => {
  store = await openSqliteStore(':memory:');
});
afterEach(async () => {
  await store.close();
});

/** Excel keeps wall-clock times: a Date whose UTC fields are the clock the sheet shows. */
const wall = (y: number, mo: number, d: number, h = 0, mi = 0): Date =>
  new Date(Date.UTC(y, mo - 1, d, h, mi));

/**
 * A realistic Chinese shift log: a merged title row, a header with units (温度(℃), 压力 [kPa]),
 * date cells, a 状态 (state) text column, a formula column with cached results, and a row where
 * the sensor wrote 故障 (fault) instead of a number.
 */
async function shiftLog(): Promise<string> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('说明').getCell('A1').value = '本文件由MES导出';
  const ws = wb.addWorksheet('数据');
  ws.mergeCells('A1:E1');
  ws.getCell('A1').value = '二号线 烘箱温度记录';
  ws.addRow([]);
  ws.getRow(2).values = ['时间', '温度(℃)', '压力 [kPa]', '状态', '温度x2'];
  for (let i = 0; i < 6; i++) {
    const r = ws.getRow(3 + i);
    r.getCell(1).value = wall(2024, 6, 1, 8, i * 10);
    r.getCell(1).numFmt = 'yyyy-mm-dd hh:mm';
    r.getCell(2).value = i === 3 ? '故障' : 180 + i;
    r.getCell(3).value = 101.3 + i / 10;
    r.getCell(4).value = i % 2 === 0 ? '运行' : '停机';
    r.getCell(5).value =
      i === 3
        ? { formula: `B${3 + i}*2`, date1904: false }
        : { formula: `B${3 + i}*2`, result: (180 + i) * 2 };
  }
  const p = path('烘箱.xlsx');
  await wb.xlsx.writeFile(p);
  return p;
}

describe('XLSX import', () => {
  it('reads a Chinese shift log like a CSV: title row skipped, units, text column skipped, bad cell quarantined at its row', async () => {
    const p = await shiftLog();
    const r = await run(p, { asset: 'plant/line2/oven', timeZone: 'Asia/Shanghai' });
    expect(r.format).toBe('xlsx');
    expect(r.sheet).toBe('数据');
    expect(r.series).toEqual(['plant/line2/oven/压力', 'plant/line2/oven/温度', 'plant/line2/oven/温度x2']);
    // 6 rows × 3 numeric columns, less the 故障 cell (quarantined) and the formula beside it, which
    // has no cached result (never calculated): an empty cell, no reading.
    expect(r).toMatchObject({ rows: 6, accepted: 16, quarantined: 1 });
    expect(r.quarantine[0]?.location).toBe('烘箱.xlsx[数据]:6');
    expect(r.skipped_columns).toEqual([{ column: '状态', examples: ['运行', '停机'] }]);
    expect(r.warnings.join('\n')).toContain('二号线 烘箱温度记录');
    expect(r.warnings.join('\n')).toMatch(/read sheet "数据" \("说明" empty\) of 2/);
    expect((await store.getSeries('plant/line2/oven/温度'))?.unit).toBe('Cel');
    // 08:00 in Shanghai is 00:00 UTC; the formula column holds its cached results.
    const pts = await store.queryPoints('plant/line2/oven/温度x2', { from: 0, to: Date.UTC(2030, 0, 1) });
    expect(pts[0]).toMatchObject({ ts: Date.UTC(2024, 5, 1, 0, 0), value: 360 });
    // The quarantined row is resubmitted with the layout of the sheet.
    const [q] = await store.listQuarantine({ importId: r.import_id });
    const fixed = await resubmitQuarantine(
      q!.id,
      { raw: q!.raw.replace('故障', '183.5') },
      { store, pipeline: createIngestPipeline({ store, clock, logger: silentLogger }) },
    );
    expect(fixed).toMatchObject({ accepted: 1 });
  });

  it('merges separate date and time cells (date cells and time-of-day cells) in the import zone', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    ws.addRow(['日期', '时间', '流量 [m3/h]']);
    for (let i = 0; i < 4; i++) {
      const row = ws.addRow([wall(2024, 3, 10), new Date(Date.UTC(1899, 11, 30, 6 + i, 30)), 12.5 + i]);
      row.getCell(1).numFmt = 'yyyy/m/d';
      row.getCell(2).numFmt = 'hh:mm';
    }
    const p = path('flow.xlsx');
    await wb.xlsx.writeFile(p);
    const r = await run(p, { asset: 'farm/pump1', timeZone: '+08:00' });
    expect(r).toMatchObject({ accepted: 4, quarantined: 0, series: ['farm/pump1/流量'] });
    expect(r.time?.column).toContain('日期');
    const pts = await store.queryPoints('farm/pump1/流量', { from: 0, to: Date.UTC(2030, 0, 1) });
    expect(pts.map((x) => new Date(x.ts).toISOString())).toEqual([
      '2024-03-09T22:30:00.000Z',
      '2024-03-09T23:30:00.000Z',
      '2024-03-10T00:30:00.000Z',
      '2024-03-10T01:30:00.000Z',
    ]);
  });

  it('picks a sheet with --sheet by name or number, and names the sheets when it does not exist', async () => {
    const wb = new ExcelJS.Workbook();
    for (const [name, v] of [
      ['line1', 1],
      ['line2', 2],
    ] as const) {
      const ws = wb.addWorksheet(name);
      ws.addRow(['timestamp', 'power']);
      ws.addRow(['2024-06-01T00:00:00Z', v]);
    }
    const p = path('lines.xlsx');
    await wb.xlsx.writeFile(p);
    const byNumber = await run(p, { asset: 'a', sheet: '2' });
    expect(byNumber).toMatchObject({ sheet: 'line2', accepted: 1 });
    expect((await store.latest(['a/power'])).get('a/power')?.value).toBe(2);
    await expect(run(p, { asset: 'b', sheet: 'line9' })).rejects.toThrow(
      'lines.xlsx: no sheet "line9"; the sheets are 1 "line1", 2 "line2"',
    );
  });

  it('recognises a re-import of the same workbook by its bytes', async () => {
    const p = await shiftLog();
    const first = await run(p, { asset: 'p/oven' });
    const again = await run(p, { asset: 'p/oven' });
    expect(again).toMatchObject({ skipped: true, reimport_of: first.import_id, accepted: 0 });
  });

  it('refuses what is not an XLSX workbook with a clear message, before an import is recorded', async () => {
    const csv = path('data.xlsx');
    writeFileSync(csv, 'timestamp,value\n2024-01-01,1\n');
    await expect(run(csv, { asset: 'a' })).rejects.toThrow(
      'data.xlsx: not a readable XLSX file (it is not a zip archive)',
    );
    const xls = path('old.xlsx');
    writeFileSync(xls, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]));
    await expect(run(xls, { asset: 'a' })).rejects.toThrow('an Excel 97-2003 .xls workbook');
    // A workbook cut short (a download that stopped): no zip directory at its end.
    const good = await shiftLog();
    const bytes = readFileSync(good);
    const cut = path('cut.xlsx');
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expect(run(cut, { asset: 'a' })).rejects.toThrow(
      'cut.xlsx: not a readable XLSX file (no zip directory',
    );
    // Damaged compressed data inside an intact zip directory.
    const bad = path('bad.xlsx');
    const damaged = Buffer.from(bytes);
    for (let i = 200; i < Math.min(damaged.length - 2000, 3000); i += 7) damaged[i] = damaged[i]! ^ 0x5a;
    writeFileSync(bad, damaged);
    await expect(run(bad, { asset: 'a' })).rejects.toThrow(/bad\.xlsx/);
    const empty = path('empty.xlsx');
    writeFileSync(empty, '');
    await expect(run(empty, { asset: 'a' })).rejects.toThrow('not a zip archive');
    expect(await store.listImports()).toHaveLength(0);
  });

  it('refuses a sheet with no header row, naming the sheets', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('空白');
    wb.addWorksheet('备注').getCell('B2').value = '只有一个单元格';
    const p = path('blank.xlsx');
    await wb.xlsx.writeFile(p);
    await expect(run(p, { asset: 'a' })).rejects.toThrow('blank.xlsx: no sheet has a header row');
  });

  it('refuses a zip bomb by its declared size, and a huge sheet by its rows, cells and columns', async () => {
    // A workbook whose one sheet inflates to 1.5 GiB of XML: refused from the zip directory alone.
    const bomb = path('bomb.xlsx');
    writeFileSync(
      bomb,
      zipWithDeclaredSizes({ 'xl/workbook.xml': 100, 'xl/worksheets/sheet1.xml': 1.5 * 2 ** 30 }),
    );
    await expect(run(bomb, { asset: 'a' })).rejects.toThrow(
      /bomb\.xlsx: unpacks to 1536 MiB, more than the limit of 1024 MiB/,
    );

    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('big');
    ws.addRow(['timestamp', 'a', 'b', 'c']);
    for (let i = 0; i < 300; i++)
      ws.addRow([`2024-01-01T00:${String(i % 60).padStart(2, '0')}:00Z`, i, i, i]);
    ws.getCell('ZZ400').value = 1;
    const p = path('big.xlsx');
    await wb.xlsx.writeFile(p);
    const limits = { ...DEFAULT_LIMITS };
    await expect(run(p, { asset: 'a', limits: { ...limits, xlsxRows: 100 } })).rejects.toThrow(
      'big.xlsx[big]: row 101 is past the limit of 100 rows (xlsxRows)',
    );
    await expect(run(p, { asset: 'a', limits: { ...limits, xlsxCells: 500 } })).rejects.toThrow(
      'big.xlsx[big]: more than 500 cells (xlsxCells)',
    );
    await expect(run(p, { asset: 'a', limits: { ...limits, importColumns: 100 } })).rejects.toThrow(
      'big.xlsx[big]:400: a cell in column 702, more than the limit of 100 columns',
    );
    expect(await store.listImports()).toHaveLength(0);
  });

  it('writes line N of its CSV for row N of the sheet, with quoting and one line per row', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.getCell('A3').value = 'time';
    ws.getCell('B3').value = '备注\n(多行)';
    ws.getCell('C3').value = 'ok';
    ws.getCell('A5').value = '2024-01-01T00:00:00Z';
    ws.getCell('B5').value = 'a, "b"';
    ws.getCell('C5').value = true;
    ws.getCell('C6').value = { error: '#DIV/0!' } as ExcelJS.CellErrorValue;
    const p = path('lines.xlsx');
    await wb.xlsx.writeFile(p);
    const out = path('s.csv');
    const r = await xlsxToCsv(p, out, { name: 'lines.xlsx' });
    expect(r).toMatchObject({ sheet: 's', headerRow: 3, rows: 3 });
    expect(readFileSync(out, 'utf8').split('\n')).toEqual([
      '',
      '',
      'time,备注 (多行),ok',
      '',
      '2024-01-01T00:00:00Z,"a, ""b""",1',
      ',,#DIV/0!',
      '',
    ]);
  });
});

/** A zip whose central directory declares the given uncompressed sizes (tiny real content). */
function zipWithDeclaredSizes(entries: Record<string, number>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, size] of Object.entries(entries)) {
    const data = deflateRawSync(Buffer.from('<x/>'));
    const nameBuf = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(Math.min(size, 0xfffffffe), 22);
    local.writeUInt16LE(nameBuf.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(Math.min(size, 0xfffffffe), 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, data);
    centrals.push(central, nameBuf);
    offset += 30 + nameBuf.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(Object.keys(entries).length, 8);
  eocd.writeUInt16LE(Object.keys(entries).length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}
