/**
 * Exports stored series (raw points, or buckets as `query --bucket` computes them) to CSV, XLSX or
 * Parquet. Raw points are read in pages of `PAGE_POINTS` and handed to the file writer page by
 * page, so a series of millions of points is written in bounded memory; buckets come from
 * `querySeries` (one row per bucket: far fewer than the points they summarise).
 */
import type { Writable } from 'node:stream';
import { resolveTimeZone, type TimeZone, XinzhiError } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { querySeries } from '../query/query-series.js';
import { csvSink } from './csv-sink.js';
import type { BucketRow, ExportFormat, ExportKind, PointRow, TableSink } from './export-table.js';
import { parquetSink } from './parquet-sink.js';
import { xlsxSink } from './xlsx-sink.js';

/** Raw points read from the store per page. */
export const PAGE_POINTS = 20_000;

export interface ExportSeriesInput {
  readonly seriesIds: readonly string[];
  readonly format: ExportFormat;
  readonly from?: string | number | undefined;
  readonly to?: string | number | undefined;
  /** As `query --bucket`: `15m`, `1h`, calendar `1d`/`1w`/`1mo` in `tz`. Omitted: raw points. */
  readonly bucket?: string | undefined;
  /** Zone of calendar buckets, of `from`/`to` without offset, and of the written times. */
  readonly tz?: string | undefined;
  /** Most raw points per series; default all in the range. */
  readonly limit?: number | undefined;
  /** Called once before writing with the number of rows to come (for a progress bar). */
  readonly onStart?: ((rows: number) => void) | undefined;
  readonly onProgress?: ((rows: number) => void) | undefined;
}

export interface ExportSeriesResult {
  readonly format: ExportFormat;
  readonly kind: ExportKind;
  readonly series: Array<{ readonly id: string; readonly unit: string; readonly rows: number }>;
  readonly rows: number;
  /** Zone of the written times (XLSX wall clock, CSV offsets). */
  readonly tz: string;
  readonly from: number;
  readonly to: number;
}

export function createSink(format: ExportFormat, out: Writable, kind: ExportKind, zone: TimeZone): TableSink {
  const shape = { kind, zone };
  if (format === 'xlsx') return xlsxSink(out, shape);
  if (format === 'parquet') return parquetSink(out, shape);
  return csvSink(out, shape);
}

/**
 * Writes the export to `out` (a file stream, or stdout for CSV); the caller ends the stream.
 * @example await exportSeries(store, { seriesIds: ['p1/oven/temp'], format: 'parquet' }, fs.createWriteStream('t.parquet'))
 */
export async function exportSeries(
  store: Store,
  q: ExportSeriesInput,
  out: Writable,
): Promise<ExportSeriesResult> {
  if (q.seriesIds.length === 0)
    throw new XinzhiError('BAD_INPUT', 'no series to export', { field: 'series' });
  const given = q.tz === undefined ? undefined : resolveTimeZone(q.tz, 'tz');
  const limit = q.limit;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1))
    throw new XinzhiError('BAD_INPUT', 'limit must be a positive integer', { field: 'limit' });
  const kind: ExportKind = q.bucket === undefined ? 'points' : 'buckets';
  // Every series is checked (exists, range, bucket) before the first byte is written.
  const heads = [];
  for (const id of q.seriesIds)
    heads.push(
      await querySeries(store, {
        seriesId: id,
        from: q.from,
        to: q.to,
        bucket: q.bucket,
        tz: given?.name,
        limit: 1,
      }),
    );
  const first = heads[0]!;
  // Calendar buckets are written in the zone that cut them (the site's when --tz is not given).
  const zone =
    given ??
    ('calendar' in first && first.calendar ? resolveTimeZone(first.calendar.tz) : resolveTimeZone('UTC'));
  let expected = 0;
  for (const h of heads) {
    if ('buckets' in h) expected += h.buckets.length;
    else {
      const c = (await store.pointStats(h.series, { from: h.from, to: h.to })).count;
      expected += limit === undefined ? c : Math.min(c, limit);
    }
  }
  q.onStart?.(expected);
  const sink = createSink(q.format, out, kind, zone);
  const series: Array<{ id: string; unit: string; rows: number }> = [];
  let total = 0;
  for (const h of heads) {
    let n = 0;
    if ('buckets' in h) {
      const rows: BucketRow[] = h.buckets.map((b) => ({
        ts: b.ts,
        series: h.series,
        unit: h.unit,
        min: b.min,
        max: b.max,
        mean: b.avg,
        count: b.count,
        last: b.last,
      }));
      for (let i = 0; i < rows.length; i += PAGE_POINTS) {
        await sink.writeBuckets(rows.slice(i, i + PAGE_POINTS));
        q.onProgress?.(total + Math.min(rows.length, i + PAGE_POINTS));
      }
      n = rows.length;
    } else {
      let from = h.from;
      for (;;) {
        const want = limit === undefined ? PAGE_POINTS : Math.min(PAGE_POINTS, limit - n);
        if (want <= 0) break;
        const page = await store.queryPoints(h.series, { from, to: h.to, limit: want });
        if (page.length === 0) break;
        const rows: PointRow[] = page.map((p) => ({
          ts: p.ts,
          series: h.series,
          unit: h.unit,
          value: p.value,
          quality: p.quality,
        }));
        await sink.writePoints(rows);
        n += rows.length;
        q.onProgress?.(total + n);
        if (page.length < want) break;
        from = page[page.length - 1]!.ts + 1;
      }
    }
    series.push({ id: h.series, unit: h.unit, rows: n });
    total += n;
  }
  await sink.finish();
  return {
    format: q.format,
    kind,
    series,
    rows: total,
    tz: zone.name,
    from: Math.min(...heads.map((h) => h.from)),
    to: Math.max(...heads.map((h) => h.to)),
  };
}
