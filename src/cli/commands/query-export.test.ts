import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { asyncBufferFromFile, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-cli-export-'));
const db = join(dir, 'x.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const cli = (...args: string[]) => runCli([...args, '--db', db], { newline: false });
const json = async (...args: string[]) => {
  const r = await runCli([...args, '--db', db, '--json']);
  return { ...r, doc: JSON.parse(r.out) };
};

// An oven log: 温度 every 10 minutes over two Shanghai days, one value not a multiple of 0.5.
const csv = join(dir, 'oven.csv');
const lines = Array.from({ length: 288 }, (_, i) => {
  const t = new Date(Date.UTC(2024, 5, 1) + i * 600_000).toISOString();
  return `${t},${(180 + (i % 12) * 0.5 + (i === 7 ? 0.123456789 : 0)).toString()},${(101 + i / 100).toFixed(2)}`;
});
writeFileSync(csv, `timestamp,温度(℃),压力 [kPa]\n${lines.join('\n')}\n`);

describe('xinzhi query --format csv|xlsx|parquet', () => {
  it('imports the fixture', async () => {
    const r = await json('import', csv, '--asset', 'plant/oven');
    expect(r.doc).toMatchObject({ accepted: 576, quarantined: 0 });
  });

  it('writes RFC 4180 CSV to stdout with ISO times in the zone, every point of several series', async () => {
    const r = await cli(
      'query',
      '--series',
      'plant/oven/温度',
      '--series',
      'plant/oven/压力',
      '--format',
      'csv',
      '--tz',
      'Asia/Shanghai',
    );
    expect(r.code).toBe(0);
    const rows = r.out.split('\r\n');
    expect(rows[0]).toBe('time (Asia/Shanghai),series,unit,value,quality');
    expect(rows[1]).toBe('2024-06-01T08:00:00.000+08:00,plant/oven/温度,Cel,180,');
    expect(rows[8]).toBe('2024-06-01T09:10:00.000+08:00,plant/oven/温度,Cel,183.623456789,');
    expect(rows[289]).toBe('2024-06-01T08:00:00.000+08:00,plant/oven/压力,kPa,101,');
    // 576 points, a header and the empty string after the last CRLF; no 10,000-row default cut.
    expect(rows).toHaveLength(578);
  });

  it('round-trips CSV and XLSX exports through import: the same instants and values (all duplicates)', async () => {
    for (const format of ['csv', 'xlsx'] as const) {
      const out = join(dir, `oven.${format}`);
      const w = await json(
        'query',
        '--series',
        'plant/oven/温度',
        '--format',
        format,
        '--out',
        out,
        '--tz',
        '+08:00',
      );
      expect(w.code).toBe(0);
      expect(w.doc).toMatchObject({ file: out, format, kind: 'points', rows: 288, tz: '+08:00' });
      // Imported again: a long layout (time, series, unit, value) naming the same series.
      const back = join(dir, `copy.${format}`);
      writeFileSync(back, readFileSync(out));
      const before = await json('query', '--series', 'plant/oven/温度', '--limit', '1000');
      const imp = await json('import', back, '--force');
      // Same instants and values: every reading is a duplicate of the stored one (a different value
      // would be accepted as a replacement, a shifted time as a new point).
      expect(imp.doc).toMatchObject({ rows: 288, accepted: 0, duplicates: 288, quarantined: 0 });
      const after = await json('query', '--series', 'plant/oven/温度', '--limit', '1000');
      expect(after.doc.points).toEqual(before.doc.points);
      if (format === 'xlsx') {
        // The zone came back from the header (no --tz given): XLSX date cells are wall clock.
        expect(imp.doc.warnings.join()).toContain('times read in +08:00');
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.readFile(out);
        const ws = wb.getWorksheet('points')!;
        expect(ws.getRow(1).values).toEqual([
          undefined,
          'time (+08:00)',
          'series',
          'unit',
          'value',
          'quality',
        ]);
        const c = ws.getCell('A2');
        expect(c.value).toEqual(new Date(Date.UTC(2024, 5, 1, 8, 0)));
        expect(c.numFmt).toBe('yyyy-mm-dd hh:mm:ss.000');
        expect(ws.getCell('D9').value).toBe(183.623456789);
        expect(ws.rowCount).toBe(289);
      }
    }
  });

  it('writes Parquet with TIMESTAMP(MILLIS, UTC) times and DOUBLE values, read back by hyparquet', async () => {
    const out = join(dir, 'oven.parquet');
    const w = await json(
      'query',
      '--series',
      'plant/oven/温度',
      '--series',
      'plant/oven/压力',
      '--format',
      'parquet',
      '--out',
      out,
    );
    expect(w.doc).toMatchObject({
      rows: 576,
      series: [{ id: 'plant/oven/温度', unit: 'Cel', rows: 288 }, { rows: 288 }],
    });
    const file = await asyncBufferFromFile(out);
    const md = await parquetMetadataAsync(file);
    const col = (n: string) => md.schema.find((s) => s.name === n)!;
    expect(col('time')).toMatchObject({
      type: 'INT64',
      logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
    });
    expect(col('value')).toMatchObject({ type: 'DOUBLE' });
    expect(col('series')).toMatchObject({ type: 'BYTE_ARRAY', logical_type: { type: 'STRING' } });
    expect(Number(md.num_rows)).toBe(576);
    const rows = await parquetReadObjects({ file });
    expect(rows[7]).toEqual({
      time: new Date(Date.UTC(2024, 5, 1, 1, 10)),
      series: 'plant/oven/温度',
      unit: 'Cel',
      value: 183.623456789,
      quality: 0,
    });
    expect(rows[575]).toMatchObject({ series: 'plant/oven/压力', unit: 'kPa', value: 103.87 });
  });

  it('exports calendar-day buckets in the zone with min/max/mean/count columns', async () => {
    const out = join(dir, 'daily.parquet');
    const daily = ['query', '--series', 'plant/oven/压力', '--bucket', '1d', '--tz', 'Asia/Shanghai'];
    const w = await json(...daily, '--format', 'parquet', '--out', out);
    expect(w.doc).toMatchObject({ kind: 'buckets', rows: 3, tz: 'Asia/Shanghai' });
    const rows = await parquetReadObjects({ file: await asyncBufferFromFile(out) });
    // Two UTC days in Shanghai days: 08:00 to midnight, a whole day, midnight to 08:00.
    expect(rows.map((r) => [(r.time as Date).toISOString(), Number(r.count)])).toEqual([
      ['2024-05-31T16:00:00.000Z', 96],
      ['2024-06-01T16:00:00.000Z', 144],
      ['2024-06-02T16:00:00.000Z', 48],
    ]);
    expect(rows[0]).toMatchObject({ min: 101, max: 101.95, last: 101.95 });
    expect(rows[0]!.mean).toBeCloseTo(101.475, 9);
    const text = await cli(...daily, '--format', 'csv');
    const [head, first] = text.out.split('\r\n');
    expect(head).toBe('time (Asia/Shanghai),series,unit,min,max,mean,count,last');
    const f = first!.split(',');
    expect(f.slice(0, 5)).toEqual([
      '2024-06-01T00:00:00.000+08:00',
      'plant/oven/压力',
      'kPa',
      '101',
      '101.95',
    ]);
    expect(Number(f[5])).toBeCloseTo(101.475, 9);
    expect(f.slice(6)).toEqual(['96', '101.95']);
  });

  it('refuses bad requests with exit 2 and one JSON error, leaving no partial file', async () => {
    const cases: Array<[string[], string, string]> = [
      [['--format', 'xlsx'], '--out', 'writes a binary file: give --out FILE'],
      [['--format', 'pdf'], '--format', 'json, csv, xlsx or parquet'],
      [['--format', 'csv'], '--out', '--json with --format csv needs --out FILE'],
      [['--format', 'csv', '--out', join(dir, 'nodir', 'x.csv')], '--out', 'does not exist'],
      [['--format', 'csv', '--out', dir], '--out', 'it is a folder'],
      [['--out', join(dir, 'y.csv')], '--out', '--out needs --format'],
      [['--series', 'plant/oven/压力'], '--series', 'several series are exported with --format'],
    ];
    for (const [args, field, message] of cases) {
      const r = await json('query', '--series', 'plant/oven/温度', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.doc.error.field).toBe(field);
      expect(r.doc.error.message).toContain(message);
    }
    const missing = await json(
      'query',
      '--series',
      'plant/oven/nope',
      '--format',
      'parquet',
      '--out',
      join(dir, 'n.parquet'),
    );
    expect(missing.code).toBe(3);
    expect(missing.doc.error.message).toContain('no series "plant/oven/nope"');
    expect(existsSync(join(dir, 'n.parquet'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });

  it('writes --format json to a file', async () => {
    const out = join(dir, 'p.json');
    const r = await cli(
      'query',
      '--series',
      'plant/oven/温度',
      '--format',
      'json',
      '--out',
      out,
      '--limit',
      '5',
    );
    expect(r.out).toBe('wrote 5 points of plant/oven/温度 to ' + out + ' (json)');
    expect(JSON.parse(readFileSync(out, 'utf8')).points).toHaveLength(5);
  });

  it('xinzhi import of an XLSX file: --sheet, the sheet in the report, one JSON error for a bad file', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('封面').getCell('A1').value = '月报';
    const ws = wb.addWorksheet('六月');
    ws.addRow(['时间', '电量 [kW.h]']);
    ws.addRow([new Date(Date.UTC(2024, 5, 1, 8)), 1200.5]);
    ws.getCell('A2').numFmt = 'yyyy-mm-dd hh:mm';
    const file = join(dir, '月报.xlsx');
    await wb.xlsx.writeFile(file);
    const human = await cli(
      'import',
      file,
      '--asset',
      'plant/meter',
      '--sheet',
      '六月',
      '--tz',
      'Asia/Shanghai',
    );
    expect(human.code).toBe(0);
    expect(human.out).toContain('(import ');
    expect(human.out).toContain('sheet: 六月');
    const pts = await json('query', '--series', 'plant/meter/电量');
    expect(pts.doc.points).toEqual([{ ts: Date.UTC(2024, 6 - 1, 1, 0), value: 1200.5, quality: 0 }]);

    const bad = await json('import', file, '--asset', 'plant/meter', '--sheet', '七月');
    expect(bad.code).toBe(2);
    expect(bad.doc.error).toMatchObject({ code: 'BAD_INPUT', field: 'sheet' });
    expect(bad.doc.error.message).toContain('no sheet "七月"; the sheets are 1 "封面", 2 "六月"');
    const junk = join(dir, 'junk.xlsx');
    writeFileSync(junk, 'PK\u0003\u0004 not really a zip');
    const j = await json('import', junk, '--asset', 'plant/meter');
    expect(j.code).toBe(2);
    expect(j.doc.error.message).toContain('junk.xlsx: not a readable XLSX file');
    expect(j.err).not.toContain('    at ');
  });
});
