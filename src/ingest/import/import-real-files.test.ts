/**
 * Files as people have them (issue 14): single-tag exports, Chinese and Western Excel encodings,
 * state columns, thousands separators, European CSV, and the same file imported twice.
 * Every file is generated here, byte for byte.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock, silentLogger } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import { createIngestPipeline } from '../pipeline/create-ingest-pipeline.js';
import { type ImportFileOptions, importFile } from './import-file.js';

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-real-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const T0 = Date.UTC(2024, 0, 1);
const clock = manualClock(T0 + 365 * 86_400_000);
let store: Store;
let n = 0;
const file = (name: string, bytes: string | Buffer): string => {
  const sub = join(dir, String(n++));
  mkdirSync(sub);
  const p = join(sub, name);
  writeFileSync(p, bytes);
  return p;
};
const run = (path: string, o: ImportFileOptions = {}) =>
  importFile(path, o, {
    store,
    clock,
    logger: silentLogger,
    pipeline: createIngestPipeline({ store, clock, logger: silentLogger, options: { batchSize: 4 } }),
  });
const hours = (k: number): string[] =>
  Array.from({ length: k }, (_, i) => new Date(T0 + i * 3_600_000).toISOString().replace('.000Z', 'Z'));

beforeEach(async () => {
  store = await openSqliteStore(':memory:');
});
afterEach(async () => {
  await store.close();
});

describe('timestamp,value (item 1)', () => {
  const text = `timestamp,value\n${hours(5)
    .map((t, i) => `${t},${20 + i}`)
    .join('\n')}\n`;

  it('is the wide layout: --asset A gives the series A/value', async () => {
    const r = await run(file('tag.csv', text), { asset: 'plant1/oven' });
    expect(r).toMatchObject({ accepted: 5, quarantined: 0, series: ['plant1/oven/value'] });
  });

  it('without --asset the error names the flag, and the failed attempt uses up no import id', async () => {
    const p = file('tag.csv', text);
    await expect(run(p)).rejects.toThrow(/needs --asset .*plant1\/line1\/value/);
    await expect(run(p)).rejects.toThrow(/--asset/);
    expect(await store.listImports()).toEqual([]);
    const r = await run(p, { asset: 'A' });
    expect(r.import_id).toBe(1);
    expect(r.series).toEqual(['A/value']);
  });

  it('a header with a series column stays long', async () => {
    const r = await run(file('long.csv', `ts,series,value\n${hours(2)[0]},A/t,1\n${hours(2)[1]},A/t,2\n`));
    expect(r).toMatchObject({ accepted: 2, series: ['A/t'] });
  });
});

describe('encodings (item 2)', () => {
  it('reads a GBK (Chinese Excel) file with Chinese headers and ℃ / °C units', async () => {
    const csv = `时间,温度(°C),压力[kPa],炉温(℃)\n${hours(4)
      .map((t, i) => `${t},${21.5 + i},${101 + i},${800 + i}`)
      .join('\r\n')}\r\n`;
    const bytes = iconv.encode(csv, 'gbk');
    expect(bytes.includes(Buffer.from([0xa1, 0xe6]))).toBe(true); // ℃ in GBK
    const r = await run(file('车间.csv', bytes), { asset: '一号线' });
    expect(r).toMatchObject({
      encoding: 'gb18030',
      encoding_source: 'detected',
      quarantined: 0,
      accepted: 12,
    });
    expect(r.series).toEqual(['一号线/压力', '一号线/温度', '一号线/炉温']);
    const s = await store.getSeries('一号线/温度');
    expect(s?.unit).toMatch(/Cel|°C/);
  });

  it('reads a Windows-1252 file with °F and accented headers', async () => {
    const csv = `Zeit;Température (°F);Größe\n${hours(3)
      .map((t, i) => `${t};${70 + i},5;${i}`)
      .join('\r\n')}\r\n`;
    const r = await run(file('west.csv', iconv.encode(csv, 'win1252')), { asset: 'p' });
    expect(r).toMatchObject({ encoding: 'windows-1252', quarantined: 0, accepted: 6 });
    expect(r.series).toEqual(['p/Größe', 'p/Température']);
  });

  it('reads UTF-16 LE and BE files by their byte-order mark', async () => {
    const csv = `timestamp,温度 [Cel]\n${hours(3)
      .map((t, i) => `${t},${20 + i}`)
      .join('\r\n')}\r\n`;
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(csv, 'utf-16le')]);
    const r = await run(file('u16.csv', le), { asset: 'x' });
    expect(r).toMatchObject({
      encoding: 'utf-16le',
      encoding_source: 'bom',
      accepted: 3,
      series: ['x/温度'],
    });
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(csv, 'utf-16be')]);
    const r2 = await run(file('u16be.csv', be), { asset: 'y' });
    expect(r2).toMatchObject({
      encoding: 'utf-16be',
      encoding_source: 'bom',
      accepted: 3,
      series: ['y/温度'],
    });
  });

  it('invalid bytes with --encoding utf-8: a clear error naming the line and the byte; no series', async () => {
    const head = Buffer.from(`timestamp,温度\n${hours(1)[0]},20\n`, 'utf8');
    const bad = Buffer.concat([
      head,
      Buffer.from(`${hours(2)[1]},2`),
      Buffer.from([0xb0, 0x43]),
      Buffer.from('\n'),
    ]);
    const p = file('bad.csv', bad);
    await expect(run(p, { asset: 'a', encoding: 'utf-8' })).rejects.toThrow(
      new RegExp(`bad\\.csv:3: byte ${head.length + 22} \\(0xb0\\) is not valid UTF-8`),
    );
    // A GBK header read as UTF-8 creates no series named from undecodable text.
    const gbk = file('gbk.csv', iconv.encode(`时间,温度\n${hours(1)[0]},20\n`, 'gbk'));
    await expect(run(gbk, { asset: 'a', encoding: 'utf-8' })).rejects.toThrow(
      /gbk\.csv:1: byte \d+ .*not valid UTF-8.*--encoding/,
    );
    expect(await store.listSeries()).toEqual([]);
    expect(await store.listImports()).toEqual([]);
  });

  it('an invalid byte past the inspected head stops the import naming its line; the import is failed', async () => {
    const lines = ['timestamp,temp'];
    for (let i = 0; i < 12_000; i++) lines.push(`${new Date(T0 + i * 1000).toISOString()},${20 + (i % 7)}`);
    const good = Buffer.from(`${lines.join('\n')}\n`, 'utf8');
    expect(good.length).toBeGreaterThan(256 * 1024);
    const bad = Buffer.concat([
      good,
      Buffer.from('2024-01-02T00:00:00.000Z,'),
      Buffer.from([0xff]),
      Buffer.from('\n'),
    ]);
    await expect(run(file('big.csv', bad), { asset: 'a' })).rejects.toThrow(
      new RegExp(`big\\.csv:12002: byte ${good.length + 25} \\(0xff\\) is not valid UTF-8`),
    );
    const [imp] = await store.listImports();
    expect(imp).toMatchObject({ status: 'failed' });
    expect(imp?.error).toMatch(/not valid UTF-8/);
  });
});

describe('header units people write (item 5)', () => {
  it('Chinese unit names and counts are units; a bracket that is not a unit is part of the name, with one warning', async () => {
    const csv = `时间,产量(个),压力(兆帕),转速(转/分),Temp (Zone 1),Temp (Zone 2)\n${hours(6)
      .map((t, i) => `${t},${100 + i},0.${50 + i},${1450 + i},${60 + i},${70 + i}`)
      .join('\n')}\n`;
    const r = await run(file('班产.csv', iconv.encode(csv, 'gb18030')), { asset: 'plant1/line1' });
    expect(r).toMatchObject({ accepted: 30, quarantined: 0 });
    expect(r.series).toEqual([
      'plant1/line1/Temp_Zone_1',
      'plant1/line1/Temp_Zone_2',
      'plant1/line1/产量',
      'plant1/line1/压力',
      'plant1/line1/转速',
    ]);
    const unit = async (id: string) => (await store.getSeries(id))?.unit;
    expect(await unit('plant1/line1/产量')).toBe('{pcs}');
    expect(await unit('plant1/line1/压力')).toBe('MPa');
    expect(await unit('plant1/line1/转速')).toBe('/min');
    expect(await unit('plant1/line1/Temp_Zone_1')).toBe('1');
    expect(r.unitless_columns).toEqual([
      { column: 'Temp (Zone 1)', bracket: 'Zone 1', seriesId: 'plant1/line1/Temp_Zone_1' },
      { column: 'Temp (Zone 2)', bracket: 'Zone 2', seriesId: 'plant1/line1/Temp_Zone_2' },
    ]);
    expect(r.warnings.filter((w) => /is not a UCUM unit/.test(w))).toHaveLength(2);
    expect(await store.listQuarantine({})).toHaveLength(0);
  });

  it('a unit a mapping gives that is not one is refused before an import id is used, naming the column', async () => {
    const p = file(
      'boxes.csv',
      `time,Count (boxes)\n${hours(2)
        .map((t) => `${t},3`)
        .join('\n')}\n`,
    );
    await expect(
      run(p, { asset: 'w', mapping: { columns: { 'Count (boxes)': { metric: 'Count', unit: 'boxes' } } } }),
    ).rejects.toThrow(/column "Count \(boxes\)" the unit "boxes", which is not a UCUM code/);
    expect(await store.listImports()).toHaveLength(0);
    expect(
      (
        await run(p, {
          asset: 'w',
          mapping: { columns: { 'Count (boxes)': { metric: 'Count', unit: '{boxes}' } } },
        })
      ).accepted,
    ).toBe(2);
  });
});

describe('text columns and number formats (item 5)', () => {
  const rows = hours(6);
  const states = ['RUN', 'RUN', 'STOP', 'RUN', 'STOP', 'RUN'];
  const ops = ['张伟', 'Maria', 'Maria', '张伟', 'Li', 'Li'];

  it('skips state and operator columns with one warning each instead of quarantining every row', async () => {
    const csv = `timestamp,temp [Cel],state,operator\n${rows.map((t, i) => `${t},${20 + i},${states[i]},${ops[i]}`).join('\n')}\n`;
    const r = await run(file('shift.csv', csv), { asset: 'm1' });
    expect(r).toMatchObject({ accepted: 6, quarantined: 0, series: ['m1/temp'] });
    expect(r.skipped_columns?.map((s) => s.column)).toEqual(['state', 'operator']);
    expect(r.warnings.filter((w) => w.includes('is text'))).toHaveLength(2);
    expect(r.warnings[0]).toMatch(/"state" is text \(RUN, STOP\).*--states/);
  });

  it('a numeric column with a few bad cells is kept: the bad cells are quarantined as before', async () => {
    const csv = `timestamp,temp\n${rows.map((t, i) => `${t},${i === 2 ? 'ERR' : 20 + i}`).join('\n')}\n`;
    const r = await run(file('err.csv', csv), { asset: 'm1' });
    expect(r).toMatchObject({ accepted: 5, quarantined: 1, skipped_columns: [] });
  });

  it('maps states to codes with states: RUN=1,STOP=0', async () => {
    const csv = `timestamp,state\n${rows.map((t, i) => `${t},${states[i]}`).join('\n')}\n`;
    const r = await run(file('states.csv', csv), { asset: 'm1', states: { RUN: '1', STOP: '0' } });
    expect(r).toMatchObject({ accepted: 6, quarantined: 0, series: ['m1/state'], state_columns: ['state'] });
    const pts = await store.queryPoints('m1/state', { from: 0, to: T0 + 86_400_000 });
    expect(pts.map((p) => p.value)).toEqual([1, 1, 0, 1, 0, 1]);
  });

  it('an all-text file without states fails before an import is recorded, naming --states', async () => {
    const csv = `timestamp,state\n${rows.map((t, i) => `${t},${states[i]}`).join('\n')}\n`;
    await expect(run(file('s.csv', csv), { asset: 'm1' })).rejects.toThrow(
      /"state" \(RUN, STOP\) is text.*--states/,
    );
    expect(await store.listImports()).toEqual([]);
  });

  it('reads a ;-delimited European file with decimal commas and dot thousands (1.234,5)', async () => {
    const csv = `Zeit;Leistung [kW];Temp [Cel]\n${rows.map((t, i) => `${t};${i + 1}.234,5;21,${i}`).join('\r\n')}\r\n`;
    const r = await run(file('eu.csv', csv), { asset: 'p' });
    expect(r).toMatchObject({
      accepted: 12,
      quarantined: 0,
      number_formats: { 'Leistung [kW]': 'grouped-comma' },
    });
    const kw = await store.queryPoints('p/Leistung', { from: 0, to: T0 + 86_400_000 });
    expect(kw.map((p) => p.value)).toEqual([1234.5, 2234.5, 3234.5, 4234.5, 5234.5, 6234.5]);
    const t = await store.queryPoints('p/Temp', { from: 0, to: T0 + 86_400_000 });
    expect(t.map((p) => p.value)).toEqual([21, 21.1, 21.2, 21.3, 21.4, 21.5]);
  });

  it('reads comma thousands (12,345.6) in quoted cells, decided per column from the sample', async () => {
    const csv = `timestamp,flow,level\n${rows.map((t, i) => `${t},"1${i},345.6",${i}.5`).join('\n')}\n`;
    const r = await run(file('us.csv', csv), { asset: 'p' });
    expect(r).toMatchObject({ accepted: 12, quarantined: 0, number_formats: { flow: 'grouped-dot' } });
    const f = await store.queryPoints('p/flow', { from: 0, to: T0 + 86_400_000 });
    expect(f[0]?.value).toBe(10345.6);
  });
});

describe('re-imports (item 6)', () => {
  const csv = `timestamp,series,value\n${hours(30)
    .map((t, i) => `${t},m/t,${i === 7 ? 'oops' : 20 + (i % 3)}`)
    .join('\n')}\n`;

  it('the same bytes again are recognised by SHA-256 and skipped; counts stay as they were', async () => {
    const p = file('plant.csv', csv);
    const a = await run(p);
    expect(a).toMatchObject({ accepted: 29, quarantined: 1 });
    const b = await run(file('plant-copy.csv', csv));
    expect(b).toMatchObject({
      skipped: true,
      reimport_of: a.import_id,
      accepted: 0,
      quarantined: 0,
      outliers: 0,
    });
    expect(b.sha256).toBe(a.sha256);
    expect(b.warnings[0]).toMatch(/same content .* as import 1.*--force/);
    expect(await store.listImports()).toHaveLength(1);
    expect(await store.listQuarantine({})).toHaveLength(1);
    expect(await store.getSeriesCounters('m/t')).toMatchObject({ accepted: 29 });
  });

  it('--force imports it again and says it is a re-import', async () => {
    const p = file('plant.csv', csv);
    const a = await run(p);
    const b = await run(p, { force: true });
    expect(b.import_id).toBe(a.import_id + 1);
    expect(b).toMatchObject({ reimport_of: a.import_id, accepted: 0, duplicates: 29 });
    expect(b.skipped).toBeUndefined();
  });

  it('--force on a varying series with spikes: no outliers on points already stored, no second quarantine row, scores unchanged', async () => {
    // A day of a drifting temperature with two spikes and one unreadable cell: the window of the
    // outlier test sits at the end of the day, so every earlier point looks late and unusual.
    const day = `timestamp,series,value\n${Array.from({ length: 500 }, (_, i) => {
      const t = new Date(T0 + i * 60_000).toISOString();
      const v = i === 200 ? 'abc' : i === 100 || i === 300 ? '120' : (50 + 5 * Math.sin(i / 20)).toFixed(2);
      return `${t},m/temp,${v}`;
    }).join('\n')}\n`;
    const p = file('oven.csv', day);
    const a = await run(p);
    expect(a).toMatchObject({ accepted: 499, quarantined: 1, duplicates: 0 });
    expect(a.outliers).toBeGreaterThan(0);
    const before = await store.getSeriesCounters('m/temp');
    for (const k of [1, 2]) {
      const b = await run(p, { force: true });
      expect(b, `forced re-import ${k}`).toMatchObject({
        accepted: 0,
        duplicates: 499,
        outliers: 0,
        quarantined: 1,
      });
      expect(b.warnings.join('\n')).toMatch(/1 row of it still open in quarantine from before/);
    }
    expect(await store.listQuarantine({ status: 'open' })).toHaveLength(1);
    const after = await store.getSeriesCounters('m/temp');
    expect({ ...after, lastIngestAt: 0 }).toEqual({ ...before, lastIngestAt: 0 });
  });

  it('--force with one changed value: that point is replaced, the rest are duplicates', async () => {
    const p1 = file('a.csv', csv);
    await run(p1);
    const p2 = file('a.csv', csv.replace(/,m\/t,22\n/, ',m/t,23\n'));
    const b = await run(p2, { force: true });
    expect(b).toMatchObject({ accepted: 1, duplicates: 28, quarantined: 1 });
    expect(b.reimport_of).toBeUndefined();
  });

  it('a failed import does not count as imported: the fixed call imports', async () => {
    const p = file('tag.csv', `timestamp,value\n${hours(1)[0]},1\n`);
    await expect(run(p)).rejects.toThrow(/--asset/);
    expect((await run(p, { asset: 'A' })).accepted).toBe(1);
  });
});
