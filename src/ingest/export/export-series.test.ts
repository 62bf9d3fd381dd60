import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveTimeZone } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import { exportSeries, PAGE_POINTS } from './export-series.js';
import { parquetSink } from './parquet-sink.js';
import { xlsxSink } from './xlsx-sink.js';

const T0 = Date.UTC(2024, 0, 1);
let store: Store;
beforeEach(async () => {
  store = await openSqliteStore(':memory:');
});
afterEach(() => store.close());

/** Collects what a sink writes. */
function collector(): { out: PassThrough; bytes: () => Buffer } {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  return { out, bytes: () => Buffer.concat(chunks) };
}
const ab = (b: Buffer): ArrayBuffer =>
  b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

describe('exportSeries', () => {
  it('reads raw points page by page, never the whole series at once', async () => {
    const n = 2 * PAGE_POINTS + 123;
    await store.upsertSeries({ assetId: 'line1/press', metric: 'force', unit: 'kN' });
    await store.writePoints(
      Array.from({ length: n }, (_, i) => ({
        seriesId: 'line1/press/force',
        ts: T0 + i * 1000,
        value: i / 8,
      })),
    );
    const limits: number[] = [];
    const spy = new Proxy(store, {
      get(t, p) {
        if (p === 'queryPoints')
          return (id: string, r: { from: number; to: number; limit?: number }) => {
            limits.push(r.limit ?? Number.POSITIVE_INFINITY);
            return t.queryPoints(id, r);
          };
        const v: unknown = Reflect.get(t, p, t);
        return typeof v === 'function' ? v.bind(t) : v;
      },
    });
    const { out, bytes } = collector();
    const r = await exportSeries(spy, { seriesIds: ['line1/press/force'], format: 'parquet' }, out);
    expect(r).toMatchObject({ rows: n, kind: 'points', tz: 'UTC' });
    // querySeries' one-point probe, then pages of PAGE_POINTS.
    expect(limits.slice(1)).toEqual([PAGE_POINTS, PAGE_POINTS, PAGE_POINTS]);
    const rows = await parquetReadObjects({ file: ab(bytes()) });
    expect(rows).toHaveLength(n);
    expect(rows[n - 1]).toMatchObject({ time: new Date(T0 + (n - 1) * 1000), value: (n - 1) / 8 });
  });

  it('writes Parquet in row groups and XLSX past one sheet on a second sheet', async () => {
    const zone = resolveTimeZone('Asia/Shanghai');
    const rows = Array.from({ length: 2500 }, (_, i) => ({
      ts: T0 + i * 60_000,
      series: 'a/b/c',
      unit: 'Cel',
      value: i,
      quality: i % 5 === 0 ? 1 : 0,
    }));
    const pq = collector();
    const sink = parquetSink(pq.out, { kind: 'points', zone }, 1000);
    await sink.writePoints(rows.slice(0, 1200));
    await sink.writePoints(rows.slice(1200));
    await sink.finish();
    const md = parquetMetadata(ab(pq.bytes()));
    expect(md.row_groups.map((g) => Number(g.num_rows))).toEqual([1000, 1000, 500]);
    expect(md.key_value_metadata).toContainEqual({ key: 'xinzhi.zone', value: 'Asia/Shanghai' });

    const xl = collector();
    const done = new Promise((r) => xl.out.on('end', r));
    const xs = xlsxSink(xl.out, { kind: 'points', zone }, 1000);
    await xs.writePoints(rows);
    await xs.finish();
    xl.out.end();
    await done;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xl.bytes() as never);
    expect(wb.worksheets.map((w) => [w.name, w.rowCount])).toEqual([
      ['points', 1001],
      ['points (2)', 1001],
      ['points (3)', 501],
    ]);
    const second = wb.getWorksheet('points (2)')!;
    // Row 1000 of the data, 1000 minutes after 2024-01-01T00:00Z (16:40Z), is 00:40 next day in
    // Shanghai: the wall clock the cell holds.
    expect(second.getCell('A2').value).toEqual(new Date(Date.UTC(2024, 0, 2, 0, 40)));
    expect(second.getCell('E2').value).toBe('outlier');
  });

  it('refuses an unknown series or an empty list before writing anything', async () => {
    const { out, bytes } = collector();
    await expect(exportSeries(store, { seriesIds: ['no/such/series'], format: 'csv' }, out)).rejects.toThrow(
      'no series "no/such/series"',
    );
    await expect(exportSeries(store, { seriesIds: [], format: 'csv' }, out)).rejects.toThrow(
      'no series to export',
    );
    expect(bytes()).toHaveLength(0);
  });
});
