/**
 * Reads one window of the chosen series: raw points for short spans, rollup buckets for long ones
 * (or the chosen bucket width), or calendar buckets (days, weeks, months) in a time zone.
 */
import { client, ok } from '../../api/client.js';
import { bucketFor } from '../../lib/buckets.js';
import { SeriesBuffer } from '../../lib/series-buffer.js';
import { type BucketChoice, FIXED_MS, isCalendar } from '../../lib/time-zone.js';

/** One calendar bucket row of the table: start (ISO in the zone) and the mean of each series. */
export interface CalendarRow {
  readonly ts: number;
  readonly time: string;
  readonly avg: Map<string, number>;
}

export interface LoadedWindow {
  readonly buffers: Map<string, SeriesBuffer>;
  /** Calendar buckets by start, ascending; empty for other buckets. */
  readonly rows: CalendarRow[];
  /** Where the first series came from: `raw` or the rollup the server read. */
  readonly source: string;
  readonly bucketMs: number | undefined;
}

export async function loadWindow(
  selected: readonly string[],
  view: { readonly from: number; readonly to: number },
  bucket: BucketChoice,
  zone: string,
  signal: AbortSignal,
): Promise<LoadedWindow> {
  const calendar = isCalendar(bucket);
  const bucketMs = calendar
    ? undefined
    : bucket === 'auto'
      ? bucketFor(view.to - view.from)
      : FIXED_MS[bucket];
  const rows = new Map<number, CalendarRow>();
  const rs = await Promise.all(
    selected.map(async (id) => {
      const window = { series: id, from: String(Math.floor(view.from)), to: String(Math.ceil(view.to) + 1) };
      if (calendar) {
        const query = { ...window, bucket, tz: zone };
        const r = await ok(client.GET('/api/v1/points/buckets', { params: { query }, signal }));
        // Calendar buckets are not folded live: a day, week or month is read whole from the server.
        const buf = new SeriesBuffer(undefined);
        buf.load(r.buckets.map((b) => ({ ts: b.ts, value: b.avg, count: b.count })));
        for (const b of r.buckets) {
          const row = rows.get(b.ts) ?? { ts: b.ts, time: b.time ?? '', avg: new Map<string, number>() };
          row.avg.set(id, b.avg);
          rows.set(b.ts, row);
        }
        return [id, buf, r.source, r.bucketMs] as const;
      }
      const buf = new SeriesBuffer(bucketMs);
      if (bucketMs === undefined) {
        const query = { ...window, limit: 50_000 };
        const r = await ok(client.GET('/api/v1/points', { params: { query }, signal }));
        buf.load(r.points);
        return [id, buf, 'raw', undefined] as const;
      }
      const query = { ...window, bucket: `${bucketMs}ms` };
      const r = await ok(client.GET('/api/v1/points/buckets', { params: { query }, signal }));
      buf.load(r.buckets.map((b) => ({ ts: b.ts, value: b.avg, count: b.count })));
      return [id, buf, r.source, bucketMs] as const;
    }),
  );
  return {
    buffers: new Map(rs.map(([id, buf]) => [id, buf])),
    rows: [...rows.values()].sort((a, b) => a.ts - b.ts),
    source: rs[0]?.[2] ?? 'raw',
    bucketMs: rs[0]?.[3],
  };
}
