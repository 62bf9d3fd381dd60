/**
 * The chart's data: the window read whole (again when the series, window, buckets or zone change),
 * then, while it ends now, new points from the live feed folded in and the window slid along.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { subscribePoints } from '../../api/live.js';
import type { ChartSeries } from '../../components/time-chart.js';
import type { SeriesBuffer } from '../../lib/series-buffer.js';
import { type BucketChoice, isCalendar } from '../../lib/time-zone.js';
import { type CalendarRow, loadWindow } from './load-window.js';

/** Live redraws at most this often: 20 series at 1 Hz become one redraw per second. */
const REDRAW_MS = 1000;

export interface View {
  readonly from: number;
  readonly to: number;
  /** The window ends now and follows the clock. */
  readonly live: boolean;
}

export function useWindowData(props: {
  selected: readonly string[];
  /** The series' declared units by id. */
  catalog: ReadonlyMap<string, { readonly unit: string }>;
  view: View;
  /** Width of the live window, ms. */
  span: number;
  bucket: BucketChoice;
  zone: string;
  /** The user has not paused live updates. */
  follow: boolean;
}) {
  const { selected, view, bucket, zone, span, catalog } = props;
  const [loaded, setLoaded] = useState<{ source: string; bucketMs: number | undefined } | undefined>();
  const [error, setError] = useState<Error>();
  const [calendarRows, setCalendarRows] = useState<CalendarRow[]>([]);
  const buffers = useRef(new Map<string, SeriesBuffer>());
  const [tick, setTick] = useState(0);
  const key = selected.join(',');
  const calendar = isCalendar(bucket);

  // biome-ignore lint/correctness/useExhaustiveDependencies: key stands for selected
  useEffect(() => {
    const ctrl = new AbortController();
    setError(undefined);
    setLoaded(undefined);
    loadWindow(selected, view, bucket, zone, ctrl.signal)
      .then((w) => {
        buffers.current = w.buffers;
        setCalendarRows(w.rows);
        setLoaded({ source: w.source, bucketMs: w.bucketMs });
        setTick((n) => n + 1);
      })
      .catch((e: unknown) => {
        if (!ctrl.signal.aborted) setError(e instanceof Error ? e : new Error(String(e)));
      });
    return () => ctrl.abort();
  }, [key, view.from, view.to, bucket, zone]);

  // Live: fold new points into the buffers, redraw at most once per REDRAW_MS, slide the window.
  const live = view.live && props.follow && loaded !== undefined && !calendar;
  // biome-ignore lint/correctness/useExhaustiveDependencies: key stands for selected
  useEffect(() => {
    if (!live) return;
    let dirty = false;
    const off = subscribePoints(selected, (series, points) => {
      const buf = buffers.current.get(series);
      if (!buf) return;
      for (const p of points) buf.push(p.ts, p.value);
      dirty = true;
    });
    const timer = setInterval(() => {
      const from = Date.now() - span;
      for (const b of buffers.current.values()) if (b.trim(from)) dirty = true;
      if (dirty) {
        dirty = false;
        setTick((n) => n + 1);
      }
    }, REDRAW_MS);
    return () => {
      off();
      clearInterval(timer);
    };
  }, [live, key, span]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: tick marks buffer changes, key stands for selected
  const series: ChartSeries[] = useMemo(
    () =>
      selected.map((id) => ({
        id,
        name: id,
        unit: catalog.get(id)?.unit ?? '',
        data: buffers.current.get(id)?.data ?? [],
      })),
    [tick, key, catalog],
  );
  return { series, loaded, error, calendarRows, live };
}
